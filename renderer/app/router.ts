import { useSyncExternalStore } from 'react';

/**
 * Hash routes (#/about): they never reach the server, survive a reload, and work the same from
 * Electron's app:// protocol and from the web server without any server-side fallback.
 */
export function parseRoute(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return decodeURIComponent(id);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}

export function hrefFor(id: string): string {
  return `#/${encodeURIComponent(id)}`;
}
