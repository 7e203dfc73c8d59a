import { useShallow } from 'zustand/react/shallow';
import { useCanAct } from '../../client/index.js';
import { formatBytes, formatClock, formatGrowthRate, plural } from '../../app/format.js';
import { formatMs, formatR2, suspectRow, VERDICT_LABELS } from './display.js';
import { useMemory } from './store.js';
import { ErrorText } from '../../app/RetryError.js';

/** Leak suspects across all processes, fastest growth first, each one click from being pinned. */
export function SuspectsPanel() {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const { suspects, pins, pinProcess, pinPending } = useMemory(
    useShallow((s) => ({ suspects: s.suspects, pins: s.pins, pinProcess: s.pinProcess, pinPending: s.pinPending })),
  );
  const pinned = (pid: number, startTime: number): boolean =>
    pins.some((p) => p.pid === pid && p.startTime === startTime && p.status === 'running');

  return (
    <section className="card suspects" data-testid="suspects" aria-label="Leak suspects">
      <header className="chart-head">
        <h2>Leak suspects</h2>
        <span className="muted small" data-testid="suspects-status">
          {suspects.status === 'idle' || suspects.status === 'loading'
            ? 'Starting to watch every process…'
            : `Watching ${plural(suspects.processes, 'process', 'processes')} for ${formatMs(suspects.observedMs)}; processes whose memory rose steadily appear here.`}
        </span>
      </header>
      <ErrorText error={suspects.error} small />
      {suspects.list.length === 0 ? (
        <p className="muted small" data-testid="suspects-empty">
          {suspects.status === 'ready' ? 'No process has grown steadily so far.' : ''}
        </p>
      ) : (
        <table className="table" data-testid="suspects-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Process</th>
              <th className="num">PID</th>
              <th className="num">Resident</th>
              <th>Verdict</th>
              <th className="num">Growth</th>
              <th className="num" title="How well a straight line fits: 1 is a perfect line">R²</th>
              <th className="num">Growing since</th>
              <th className="num">Memory runs out in</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {suspects.list.map((listed) => suspectRow(listed, pins)).map((s, i) => (
              <tr key={`${s.pid}-${s.startTime}`} data-testid="suspect-row" data-pid={s.pid}>
                <td className="num">{i + 1}</td>
                <td className="wrap" title={s.verdict.sentence}>
                  {s.name}
                </td>
                <td className="num">{s.pid}</td>
                <td className="num">{formatBytes(s.rssBytes)}</td>
                <td title={s.verdict.sentence} data-testid="suspect-verdict" data-kind={s.verdict.kind}>
                  {VERDICT_LABELS[s.verdict.kind]}
                </td>
                <td className="num">{formatGrowthRate(s.verdict.rateMiBPerMin)}</td>
                <td className="num">{formatR2(s.verdict.r2)}</td>
                <td className="num">{s.verdict.growingSince === null ? '—' : formatClock(s.verdict.growingSince)}</td>
                <td className="num">{s.verdict.runsOutInMs === null ? '—' : `~${formatMs(s.verdict.runsOutInMs)}`}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={!canAct || pinPending || pinned(s.pid, s.startTime)}
                    onClick={() => void pinProcess(s.pid, s.startTime)}
                    data-testid="suspect-pin"
                  >
                    {pinned(s.pid, s.startTime) ? 'Pinned' : 'Pin'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
