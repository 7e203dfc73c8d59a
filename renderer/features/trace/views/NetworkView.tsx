import type { NetworkEntry } from '../../../../native-bridge/contract/index.js';
import { CopyButton } from '../CopyButton.js';
import { networkText, resultsText } from '../display.js';
import { TableHead } from '../../../app/TableHead.js';

export function NetworkView({ entries }: { entries: readonly NetworkEntry[] }) {
  if (entries.length === 0) return <p className="muted">No network calls so far (connect, bind, accept, send to an address).</p>;
  return (
    <table className="table" data-testid="trace-network">
      <TableHead columns={['Call', 'Address', 'Family', 'Results', 'What it means', '']} />
      <tbody>
        {entries.map((n, i) => (
          <tr key={`${n.op}|${n.address}|${i}`} className={n.lastErrno ? 'failed' : undefined}>
            <td className="mono">{n.op}</td>
            <td className="mono wrap">{n.address}</td>
            <td>{n.family}</td>
            <td className="mono">{n.outcome ?? resultsText(n.results)}</td>
            <td>{n.sentence ?? ''}</td>
            <td>
              <CopyButton text={networkText(n)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
