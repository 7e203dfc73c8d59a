import type { SummaryRow } from '../display.js';
import { num, TableHead } from '../../../app/TableHead.js';

const pct = (n: number) => n.toFixed(2);
const secs = (n: number) => n.toFixed(6);

/** Laid out like `strace -c` so people who know it read it at once. */
export function SummaryView({ rows, total }: { rows: readonly SummaryRow[]; total: SummaryRow }) {
  if (rows.length === 0) return <p className="muted">No calls so far.</p>;
  return (
    <table className="table summary-table" data-testid="trace-summary">
      <TableHead columns={[num('% time'), num('seconds'), num('usecs/call'), num('max'), num('calls'), num('errors'), 'call', 'class']} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} className={r.errors > 0 ? 'has-errors' : undefined}>
            <td className="num">{pct(r.percent)}</td>
            <td className="num">{secs(r.totalSeconds)}</td>
            <td className="num">{r.microsPerCall}</td>
            <td className="num">{secs(r.maxSeconds)}</td>
            <td className="num">{r.calls}</td>
            <td className="num">{r.errors > 0 ? r.errors : ''}</td>
            <td className="mono">{r.name}</td>
            <td className="muted">{r.cls}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td className="num">{pct(total.percent)}</td>
          <td className="num">{secs(total.totalSeconds)}</td>
          <td className="num">{total.microsPerCall}</td>
          <td className="num">{secs(total.maxSeconds)}</td>
          <td className="num">{total.calls}</td>
          <td className="num">{total.errors}</td>
          <td>total</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
