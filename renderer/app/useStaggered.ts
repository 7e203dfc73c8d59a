import { startTransition, useEffect, useRef, useState } from 'react';

/** Gap between two charts' redraws: nine charts fit in well under the fastest interval (0.5 s). */
export const STAGGER_MS = 40;

/**
 * `value`, handed on `slot × STAGGER_MS` later in its own task and as a transition. recharts turns each
 * new data prop into store updates that re-render synchronously after the commit; nine charts doing
 * that in one task made every tick a 100 ms long task. One chart per task keeps each task short
 * (the total work is the same). A value that changes again before its turn is simply picked up then.
 * While `enabled` is false (the chart is off screen) nothing is handed on at all.
 */
export function useStaggered<T>(value: T, slot: number, enabled = true): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    latest.current = value;
    // Disabled (off screen): hold; turning enabled re-runs this and hands on the newest value.
    if (!enabled || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      // Slot 0 is the chart a user looks at first: it must not wait behind lower-priority transitions (mounting others).
      if (slot === 0) setShown(() => latest.current);
      else startTransition(() => setShown(() => latest.current));
    }, slot * STAGGER_MS);
  }, [value, slot, enabled]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return shown;
}

/**
 * False until `slot × STAGGER_MS` after the first mount, then true. Mounting nine recharts charts in one
 * task took most of a second here, so the first chart waited for the last: mounting them one per task
 * lets the first one (slot 0, mounted at once) draw while the others are still to come.
 */
export function useMountedAfterSlot(slot: number): boolean {
  const [mounted, setMounted] = useState(slot === 0);
  useEffect(() => {
    if (mounted) return;
    // Not a transition: React renders pending transitions together, which would put the nine mounts back into one task.
    const timer = setTimeout(() => setMounted(true), slot * STAGGER_MS);
    return () => clearTimeout(timer);
  }, [mounted, slot]);
  return mounted;
}
