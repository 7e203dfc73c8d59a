/** A column heading: its text, or its text with a class and, for a column without a title, what it is. */
export type Heading = string | { label: string; className?: string; ariaLabel?: string };

/** A right-aligned (numeric) column's heading. */
export const num = (label: string): Heading => ({ label, className: 'num' });

/** A table's heading row. */
export function TableHead({ columns }: { columns: readonly Heading[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          const { label, className, ariaLabel } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={i} className={className} aria-label={ariaLabel}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
