import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row has this height: long lists stay cheap however long they get. */
  rowHeight: number;
  /** Height of the scrolling box, in pixels. */
  height: number;
  keyOf(item: T, index: number): string | number;
  renderRow(item: T, index: number): ReactNode;
  className?: string;
  testId?: string;
  /** Shown above the rows (a header that stays put). */
  header?: ReactNode;
  /** Keep the newest (last) row in view as rows arrive, unless the user scrolled up to read. */
  follow?: boolean;
}

/** Only the rows on screen are in the DOM (plus a few above and below). */
export function VirtualList<T>({ items, rowHeight, height, keyOf, renderRow, className, testId, header, follow = false }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // First paint before layout is known (and in tests): a screenful of rows.
    initialRect: { width: 800, height },
    // React 19 warns about flushSync during render; a frame of lag while scrolling is fine here.
    useFlushSync: false,
  });
  const atEnd = useRef(true);
  useEffect(() => {
    if (follow && atEnd.current && items.length > 0) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [follow, items, virtualizer]);
  const boxHeight = Math.min(height, Math.max(rowHeight, items.length * rowHeight) + 2);
  return (
    <div className={`vlist ${className ?? ''}`} data-testid={testId}>
      {header}
      <div
        className="vlist-scroll"
        ref={scrollRef}
        style={{ height: boxHeight }}
        onScroll={(event) => {
          const el = event.currentTarget;
          atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 2 * rowHeight;
        }}
      >
        <div className="vlist-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index]!;
            return (
              <div
                key={keyOf(item, row.index)}
                className="vlist-row"
                data-index={row.index}
                style={{ height: rowHeight, transform: `translateY(${row.start}px)` }}
              >
                {renderRow(item, row.index)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
