import { useRef, type CSSProperties, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useProcesses } from './store.js';
import { clampDetailWidth, DETAIL_WIDTH } from './view-preferences.js';

/** The table keeps at least this much beside the panel while dragging. */
const MIN_TABLE_PX = 420;
const KEY_STEP_PX = 16;

/**
 * The table and the detail panel: side by side with a drag handle when the page is wide enough, the
 * panel below the table when it is not (a CSS container query decides, so no JS runs on resize).
 * Dragging writes the width straight into a CSS variable (no React render per pointer move); the
 * width is stored, and saved with the view preferences, when the drag ends.
 */
export function ProcessSplit({ table, detail }: { table: ReactNode; detail: ReactNode }) {
  const width = useProcesses((s) => s.detailWidth);
  const mainRef = useRef<HTMLDivElement | null>(null);
  const commit = (px: number) => useProcesses.getState().setDetailWidth(px);

  function onPointerDown(event: ReactPointerEvent<HTMLDivElement>): void {
    const main = mainRef.current;
    if (!main || event.button !== 0) return;
    event.preventDefault();
    const box = main.getBoundingClientRect();
    const upper = Math.max(DETAIL_WIDTH.min, box.width - MIN_TABLE_PX);
    const handleHalf = event.currentTarget.getBoundingClientRect().width / 2;
    let current = width;
    const move = (e: PointerEvent): void => {
      current = Math.min(upper, clampDetailWidth(box.right - e.clientX - handleHalf));
      main.style.setProperty('--detail-width', `${current}px`);
    };
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      main.classList.remove('resizing');
      commit(current);
    };
    main.classList.add('resizing');
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    // The panel is on the right: moving the handle left widens it.
    const steps: Record<string, number> = { ArrowLeft: KEY_STEP_PX, ArrowRight: -KEY_STEP_PX, Home: Infinity, End: -Infinity };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    commit(Number.isFinite(step) ? width + step : step > 0 ? DETAIL_WIDTH.max : DETAIL_WIDTH.min);
  }

  return (
    <div className="proc-split-host">
      <div ref={mainRef} className="proc-main" data-testid="process-split" style={{ '--detail-width': `${width}px` } as CSSProperties}>
        {table}
        <div
          className="split-handle"
          role="separator"
          aria-orientation="vertical"
          aria-label="Width of the detail panel (drag, or ← → keys)"
          aria-valuemin={DETAIL_WIDTH.min}
          aria-valuemax={DETAIL_WIDTH.max}
          aria-valuenow={width}
          tabIndex={0}
          title="Drag to resize the detail panel; double-click for the default width"
          data-testid="split-handle"
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
          onDoubleClick={() => commit(DETAIL_WIDTH.initial)}
        />
        {detail}
      </div>
    </div>
  );
}
