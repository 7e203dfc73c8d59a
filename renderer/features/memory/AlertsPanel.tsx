import { useShallow } from 'zustand/react/shallow';
import type { MemoryAlert } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatClock, formatGrowthRate } from '../../app/format.js';
import { useMemory } from './store.js';

/** Shown at once; the rest behind "show all" so a storm of alerts does not push the charts away. */
const SHOWN = 8;

/** One alert, also shown read-only in a snapshot. */
export function AlertItem({ alert }: { alert: MemoryAlert }) {
  const { breakdown, memAvailableBytes, topConsumers } = alert.context;
  return (
    <li className="alert-row" data-testid="alert-row" data-alert-id={alert.alertId} data-pin-id={alert.pinId}>
      <div className="alert-main">
        <span className="num muted">{formatClock(alert.time)}</span>
        <span className="alert-kind">{alert.kind === 'size' ? 'Size limit' : 'Growth limit'}</span>
        <span>{alert.sentence}</span>
      </div>
      <div className="alert-context muted small">
        {alert.name} (pid {alert.pid}): {alert.kind === 'size' ? `${formatBytes(alert.value)} > ${formatBytes(alert.limit)}` : `${formatGrowthRate(alert.value)} > ${formatGrowthRate(alert.limit)}`}
        {breakdown ? ` · resident ${formatBytes(breakdown.rssBytes)} (anonymous ${formatBytes(breakdown.anonBytes)})` : ''}
        {` · machine has ${formatBytes(memAvailableBytes)} available`}
        {topConsumers.length > 0 ? ` · biggest: ${topConsumers.slice(0, 3).map((c) => `${c.name} ${formatBytes(c.rssBytes)}`).join(', ')}` : ''}
      </div>
    </li>
  );
}

/** Every alert raised since the backend started, newest first; earlier ones are kept when new ones arrive. */
export function AlertsPanel({ showAll, onToggle }: { showAll: boolean; onToggle(): void }) {
  const { alerts, dropped } = useMemory(useShallow((s) => ({ alerts: s.alerts, dropped: s.alertsDropped })));
  const shown = showAll ? alerts : alerts.slice(0, SHOWN);
  return (
    <section className="card alerts" data-testid="alerts" aria-label="Memory alerts">
      <header className="chart-head">
        <h2>Alerts</h2>
        <span className="muted small" data-testid="alerts-count">
          {alerts.length === 0 ? 'none yet: set a limit on a pinned process' : `${alerts.length} alert${alerts.length === 1 ? '' : 's'}`}
          {dropped > 0 ? ` (${dropped} older not kept)` : ''}
        </span>
      </header>
      {alerts.length > 0 ? (
        <ul className="alert-list" role="log" aria-live="polite">
          {shown.map((a) => (
            <AlertItem key={a.alertId} alert={a} />
          ))}
        </ul>
      ) : null}
      {alerts.length > SHOWN ? (
        <button type="button" className="button" onClick={onToggle} data-testid="alerts-toggle">
          {showAll ? 'Show fewer' : `Show all ${alerts.length}`}
        </button>
      ) : null}
    </section>
  );
}
