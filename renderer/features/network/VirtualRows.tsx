import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

export interface Column {
  id: string;
  label: string;
  /** Fixed width in px; the column without one takes the rest. */
  width?: number;
  numeric?: boolean;
}

export interface VirtualRowsProps<T> {
  items: readonly T[];
  columns: readonly Column[];
  rowKey(item: T): string;
  renderRow(item: T): ReactNode;
  testId: string;
  label: string;
  rowHeight?: number;
  /** The list's height in px; short lists shrink to fit. */
  maxHeight?: number;
  empty?: string;
}

/**
 * A header plus only the rows on screen: a busy server has tens of thousands of sockets and descriptors,
 * and a DOM row for each would make every refresh slow.
 */
export function VirtualRows<T>({ items, columns, rowKey, renderRow, testId, label, rowHeight = 26, maxHeight = 520, empty }: VirtualRowsProps<T>) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    getItemKey: (index) => (items[index] ? rowKey(items[index]) : index),
  });
  const height = Math.min(maxHeight, Math.max(rowHeight, items.length * rowHeight));
  return (
    <div className="nf-table" role="table" aria-label={label} aria-rowcount={items.length + 1} data-testid={testId}>
      <div className="nf-row nf-head" role="row">
        {columns.map((c) => (
          <div key={c.id} role="columnheader" className={`nf-cell${c.numeric ? ' num' : ''}`} style={c.width ? { width: c.width, flex: 'none' } : undefined}>
            {c.label}
          </div>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="muted nf-empty" data-testid={`${testId}-empty`}>
          {empty ?? 'Nothing to show.'}
        </p>
      ) : (
        <div ref={scrollRef} className="nf-scroll" style={{ height }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => (
              <div key={v.key} className="nf-slot" style={{ transform: `translateY(${v.start}px)`, height: rowHeight }}>
                {renderRow(items[v.index]!)}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/** One cell sized like its column header. */
export function Cell({ column, children, title, testId }: { column: Column; children: ReactNode; title?: string; testId?: string }) {
  return (
    <div role="cell" className={`nf-cell${column.numeric ? ' num' : ''}`} style={column.width ? { width: column.width, flex: 'none' } : undefined} title={title} data-testid={testId}>
      {children}
    </div>
  );
}
