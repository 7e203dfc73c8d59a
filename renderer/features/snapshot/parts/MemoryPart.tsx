import type { MemoryPart as MemoryPartData, MemoryPinInfo } from '../../../../native-bridge/contract/index.js';
import { formatBytes } from '../../../app/format.js';
import { chartPalette } from '../../../app/palette.js';
import { useResolvedTheme } from '../../../app/theme.js';
import { useElementFrame } from '../../../app/useElementWidth.js';
import { AlertItem, pinSubtitle, pinTitle, MemoryChart, VerdictPanel } from '../../memory/index.js';
import { num, TableHead } from '../../../app/TableHead.js';

const CHART_HEIGHT = 200;

/** Sampling step of a pin's series (the live view gets it from the backend; a file only has the times). */
function stepOf(pin: MemoryPinInfo): number {
  const s = pin.series;
  if (s.length < 2) return 1000;
  return Math.max(100, Math.round((s[s.length - 1]!.time - s[0]!.time) / (s.length - 1)));
}

function PinView({ pin }: { pin: MemoryPinInfo }) {
  const palette = chartPalette(useResolvedTheme());
  const frame = useElementFrame<HTMLDivElement>();
  return (
    <section className="card pin-card" data-testid="snapshot-pin">
      <header className="pin-head">
        <div>
          <h2>{pinTitle(pin)}</h2>
          <span className="muted small">{pinSubtitle(pin)}</span>
        </div>
      </header>
      <VerdictPanel verdict={pin.verdict} />
      <div className="chart-body" ref={frame.ref} style={{ height: CHART_HEIGHT }}>
        {frame.width > 0 && pin.series.length > 0 ? <MemoryChart pin={pin} intervalMs={stepOf(pin)} width={frame.width} height={CHART_HEIGHT} palette={palette} /> : null}
        {pin.series.length === 0 ? <p className="muted small">No samples of this process in the window.</p> : null}
      </div>
    </section>
  );
}

export function MemoryPart({ part }: { part: MemoryPartData }) {
  return (
    <div className="snapshot-part-stack memory" data-testid="snapshot-memory">
      {part.pins.length === 0 ? <p className="muted">No process was pinned in the memory view.</p> : part.pins.map((pin) => <PinView key={pin.pinId} pin={pin} />)}
      <section className="card" data-testid="snapshot-verdicts">
        <h2>Leak verdicts</h2>
        {part.verdicts.length === 0 ? (
          <p className="muted">No process had enough history for a verdict.</p>
        ) : (
          <table className="table">
            <TableHead columns={['Process', num('Resident'), 'Verdict']} />
            <tbody>
              {part.verdicts.map((v) => (
                <tr key={`${v.pid}-${v.startTime}`} data-testid="snapshot-verdict">
                  <td>
                    {v.name} <span className="muted">pid {v.pid}</span>
                  </td>
                  <td className="num">{formatBytes(v.rssBytes)}</td>
                  <td>{v.verdict.sentence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card alerts" data-testid="snapshot-alerts">
        <h2>Alerts</h2>
        {part.alerts.length === 0 ? (
          <p className="muted">No memory alert was raised in the window.</p>
        ) : (
          <ul className="alert-list">
            {part.alerts.map((a) => (
              <AlertItem key={a.alertId} alert={a} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
