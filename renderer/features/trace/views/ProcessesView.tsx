import type { ProcessEntry } from '../../../../native-bridge/contract/index.js';
import { quoteForDisplay } from '../../../app/shell-words.js';
import { VirtualList } from '../../../app/VirtualList.js';

function exitText(p: ProcessEntry): string {
  if (!p.exit) return 'running';
  if (p.exit.signal) return `killed by ${p.exit.signal}${p.exit.coreDumped ? ' (core dumped)' : ''}`;
  return `exit ${p.exit.code ?? '?'}`;
}

export function ProcessesView({ processes }: { processes: readonly ProcessEntry[] }) {
  if (processes.length === 0) return <p className="muted">No processes so far.</p>;
  return (
    <VirtualList
      items={processes}
      rowHeight={30}
      height={420}
      testId="trace-processes"
      className="grid-list processes-grid"
      header={
        <div className="grid-head">
          <span className="num">PID</span>
          <span className="num">Parent</span>
          <span>Ran</span>
          <span>Started</span>
          <span>End</span>
        </div>
      }
      keyOf={(p) => p.pid}
      renderRow={(p) => {
        const ran = p.execs.map((e) => `${e.ok ? '' : '✗ '}${quoteForDisplay(e.argv.length > 0 ? e.argv : [e.path])}`).join('  →  ');
        const bad = p.exit !== null && (p.exit.signal !== null || (p.exit.code ?? 0) !== 0);
        return (
          <div className={bad ? 'grid-row failed' : 'grid-row'}>
            <span className="num">{p.pid}</span>
            <span className="num">{p.parentPid ?? ''}</span>
            <code title={ran}>{ran || '(no exec: a fork or thread)'}</code>
            <span className="num">{p.firstTime}</span>
            <span>{exitText(p)}</span>
          </div>
        );
      }}
    />
  );
}
