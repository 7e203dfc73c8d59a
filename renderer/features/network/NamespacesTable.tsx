import type { InterfacesResult } from '../../../native-bridge/contract/index.js';
import { formatByteRate, formatCount } from '../../app/format.js';
import { describeMembers } from './namespace-members.js';
import { num, TableHead } from '../../app/TableHead.js';

/** Traffic of processes that have their own network namespace: exactly theirs, unlike the machine's interfaces. */
export function NamespacesTable({ data }: { data: InterfacesResult }) {
  return (
    <div data-testid="namespaces">
      <h3 className="nf-subhead">Network namespaces (containers, sandboxes)</h3>
      {data.namespaces.length === 0 ? (
        <p className="muted" data-testid="namespaces-empty">
          Every process you can inspect shares this machine&apos;s network namespace.
        </p>
      ) : (
        <table className="table nf-small-table">
          <TableHead columns={['Processes in it', num('Count'), num('Receive'), num('Send')]} />
          <tbody>
            {data.namespaces.map((ns) => (
              <tr key={ns.id} data-testid="namespace-row" title={`network namespace ${ns.id}`}>
                <td className="nf-members">{describeMembers(ns)}</td>
                <td className="num">{formatCount(ns.processes)}</td>
                <td className="num">{formatByteRate(ns.rxBytesPerSec)}</td>
                <td className="num">{formatByteRate(ns.txBytesPerSec)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.uninspectable > 0 ? (
        <p className="muted" data-testid="namespaces-uninspectable">
          {`The network namespace of ${formatCount(data.uninspectable)} ${data.uninspectable === 1 ? 'process' : 'processes'} could not be read (not allowed): any traffic of their own is not listed.`}
        </p>
      ) : null}
    </div>
  );
}
