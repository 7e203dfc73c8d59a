import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ElementFrame<T extends HTMLElement> {
  ref: RefObject<T | null>;
  /** Content width in whole pixels: charts downsample to it, so it also bounds their cost. */
  width: number;
  /** Whether any of it is on screen: charts off screen skip their redraws. */
  visible: boolean;
}

/** Width (updated on resize, at most once per frame) and on-screen state of an element. */
export function useElementFrame<T extends HTMLElement>(): ElementFrame<T> {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(0);
  const [visible, setVisible] = useState(true);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    let frame = 0;
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            const next = Math.floor(entries[0]?.contentRect.width ?? 0);
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => setWidth(next));
          });
    resize?.observe(element);
    const intersection =
      typeof IntersectionObserver === 'undefined'
        ? null
        : // No margin: a chart just below the fold is not seen, and redrawing it each second cost as much as a
          // chart on screen. One scrolled into view takes the newest samples in the render its entry causes.
          new IntersectionObserver((entries) => setVisible(entries.some((entry) => entry.isIntersecting)));
    intersection?.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      resize?.disconnect();
      intersection?.disconnect();
    };
  }, []);
  return { ref, width, visible };
}
