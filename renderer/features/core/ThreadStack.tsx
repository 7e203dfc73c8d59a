import type { CoreThreadStack } from '../../../native-bridge/contract/index.js';
import { frameArgs, frameFunction, frameLocation, threadTitle } from './display.js';
import { num, TableHead } from '../../app/TableHead.js';

/** One thread's frames, innermost first, as a table a gdb user would recognise. */
export function ThreadStack({ thread, open, isCrashed }: { thread: CoreThreadStack; open: boolean; isCrashed: boolean }) {
  const top = thread.frames[0];
  return (
    <details className={isCrashed ? 'core-thread crashed' : 'core-thread'} open={open} data-testid="core-thread" data-thread-id={thread.id}>
      <summary>
        <span className="core-thread-title">{threadTitle(thread)}</span>
        {isCrashed ? (
          <span className="core-badge tone-bad" data-testid="core-thread-crashed">
            crashed here
          </span>
        ) : null}
        <span className="muted core-thread-top">
          {thread.frames.length} frame{thread.frames.length === 1 ? '' : 's'}
          {top ? `, in ${frameFunction(top)}` : ''}
        </span>
      </summary>
      {thread.frames.length === 0 ? (
        <p className="muted">The debugger found no frames for this thread.</p>
      ) : (
        <div className="core-table-wrap">
          <table className="table core-frames">
            <TableHead columns={[num('#'), 'Function', 'Arguments', 'Source', 'Address', 'Library']} />
            <tbody>
              {thread.frames.map((frame) => (
                <tr key={frame.level} data-testid="core-frame">
                  <td className="num">{frame.level}</td>
                  <td className="mono core-fn" data-testid="core-frame-function">
                    {frameFunction(frame)}
                  </td>
                  <td className="mono wrap">{frameArgs(frame)}</td>
                  <td className="mono wrap" title={frame.fullPath ?? undefined}>
                    {frameLocation(frame)}
                  </td>
                  <td className="mono">{frame.address}</td>
                  <td className="mono wrap">{frame.library ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {thread.truncated ? <p className="muted core-hint">More frames exist (deep recursion); only the innermost ones are shown.</p> : null}
    </details>
  );
}
