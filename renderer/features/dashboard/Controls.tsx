import { useShallow } from 'zustand/react/shallow';
import { useDisconnectedText } from '../../app/connection-text.js';
import { formatClock } from '../../app/format.js';
import { Segmented } from '../../app/Segmented.js';
import { INTERVAL_CHOICES, useDashboard, WINDOW_CHOICES, type IntervalChoice } from './store.js';

const intervalLabel = (ms: number): string => `${ms / 1000} s`;

function liveText(paused: boolean, latestTime: number | null, missed: number): string {
  if (paused) return `Paused at ${latestTime ? formatClock(latestTime) : '—'}${missed > 0 ? ` · ${missed} new sample${missed === 1 ? '' : 's'} waiting` : ''}`;
  return latestTime ? `Live · ${formatClock(latestTime)}` : '';
}

export function Controls() {
  const { windowMs, paused, intervalMs, intervalPending, missed, latestTime, setWindow, pause, resume, setInterval } = useDashboard(
    useShallow((s) => ({
      windowMs: s.windowMs,
      paused: s.paused,
      intervalMs: s.intervalMs,
      intervalPending: s.intervalPending,
      missed: s.missedWhilePaused,
      latestTime: s.latest?.time ?? null,
      setWindow: s.setWindow,
      pause: s.pause,
      resume: s.resume,
      setInterval: s.setInterval,
    })),
  );
  const disconnected = useDisconnectedText();
  const canAct = disconnected === null;
  const knownInterval = (INTERVAL_CHOICES as readonly number[]).includes(intervalMs);
  return (
    <div className="controls" data-testid="dashboard-controls">
      <Segmented
        label="Time window"
        value={windowMs}
        onSelect={setWindow}
        options={WINDOW_CHOICES.map((choice) => ({ value: choice.ms, label: choice.label, testId: `window-${choice.ms / 60_000}m` }))}
      />
      <button
        type="button"
        className={paused ? 'button primary' : 'button'}
        data-testid="pause-toggle"
        aria-pressed={paused}
        onClick={paused ? resume : pause}
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <label className="interval">
        <span>Every</span>
        <select
          value={String(intervalMs)}
          disabled={intervalPending || !canAct}
          data-testid="interval-select"
          aria-label="Sampling interval"
          onChange={(event) => void setInterval(Number(event.target.value) as IntervalChoice)}
        >
          {knownInterval ? null : <option value={String(intervalMs)}>{intervalLabel(intervalMs)}</option>}
          {INTERVAL_CHOICES.map((ms) => (
            <option key={ms} value={String(ms)}>
              {intervalLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <span className={disconnected ? 'live-status disconnected' : 'live-status muted'} data-testid="live-status" aria-live="polite">
        {disconnected ?? liveText(paused, latestTime, missed)}
      </span>
    </div>
  );
}
