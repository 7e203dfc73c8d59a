import type { CorePart } from '../../../../native-bridge/contract/index.js';
import { AnalysisView } from '../../core/index.js';
import { wallTime } from '../format.js';

export function CoresPart({ cores, timeZone }: { cores: readonly CorePart[]; timeZone: string }) {
  if (cores.length === 0) return <p className="muted">No core dump was opened in the window.</p>;
  return (
    <div className="snapshot-part-stack core-page" data-testid="snapshot-cores">
      {cores.map((c, i) => (
        <section key={`${c.openedAt}-${i}`} className="card core-analysis" data-testid="snapshot-core">
          <p className="muted small">Opened in Triage at {wallTime(c.openedAt, timeZone).text}</p>
          <AnalysisView analysis={c.analysis} />
        </section>
      ))}
    </div>
  );
}
