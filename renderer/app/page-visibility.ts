/** Whether the page is seen (not another tab, not a minimised window), and when that changes. */
export interface PageVisibility {
  visible(): boolean;
  /** Returns the function that stops listening. */
  onChange(listener: () => void): () => void;
}

/** The document's visibility; null outside a browser (stores under test without a DOM). */
export function documentVisibility(): PageVisibility | null {
  if (typeof document === 'undefined') return null;
  return {
    visible: () => document.visibilityState !== 'hidden',
    onChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}
