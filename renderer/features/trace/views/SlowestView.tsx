import type { CallEvent } from '../../../../native-bridge/contract/index.js';
import { formatSeconds } from '../display.js';
import { num, TableHead } from '../../../app/TableHead.js';

export function SlowestView({ calls }: { calls: readonly CallEvent[] }) {
  if (calls.length === 0) return <p className="muted">No timed calls so far.</p>;
  return (
    <table className="table" data-testid="trace-slowest">
      <TableHead columns={[num('Took'), 'Time', num('PID'), 'Call', 'Result']} />
      <tbody>
        {calls.map((c) => (
          <tr key={c.seq} className={c.errno ? 'failed' : undefined}>
            <td className="num">{formatSeconds(c.duration)}</td>
            <td className="num">{c.time}</td>
            <td className="num">{c.pid}</td>
            <td className="mono wrap" title={`${c.name}(${c.argsText})`}>
              {c.name}({c.argsText.length > 160 ? `${c.argsText.slice(0, 160)}…` : c.argsText})
            </td>
            <td className="mono">
              {c.ret ?? '?'}
              {c.errno ? ` ${c.errno}` : ''}
              {c.note ? ` (${c.note})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
