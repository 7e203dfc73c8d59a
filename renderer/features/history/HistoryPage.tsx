import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HistoryStatus } from '../../../native-bridge/contract/history.js';
import { formatBytes } from '../../app/format.js';
import { chartPalette } from '../../app/palette.js';
import { hrefFor } from '../../app/router.js';
import { useResolvedTheme } from '../../app/theme.js';
import { useElementFrame } from '../../app/useElementWidth.js';
import { HistoryChart } from './HistoryChart.js';
import { HISTORY_CHARTS as CHARTS } from './history-charts.js';
import { ExportWindow } from './ExportWindow.js';
import { MomentView } from './MomentView.js';
import { PRESETS, useHistory, type RangePreset } from './store.js';
import { formatStamp, fromLocalInput, toLocalInput } from './time-format.js';
import './history.css';

const CHART_HEIGHT = 150;

/** One line on what is being recorded, or why nothing is: "no data" is never shown as "all quiet". */
function statusLine(status: HistoryStatus): string {
  const stored = status.bytes === null ? 'nothing stored yet' : `${formatBytes(status.bytes)} stored in ${status.path}`;
  if (status.paused) return `Recording is paused: ${status.paused}`;
  if (status.recording) return `Recording since ${status.since === null ? '—' : formatStamp(status.since)} · ${stored} · kept ${status.retentionDays} days`;
  if (status.recorder) return `Recorded by another Triage (pid ${status.recorder.pid}) · ${stored}`;
  return `Not recording${status.notRecording ? `: ${status.notRecording}` : ''} · ${stored}. Run "triage record --install" to record whenever you log in.`;
}

function CustomWindow({ from, to, onApply }: { from: number; to: number; onApply(from: number, to: number): string | null }) {
  const [start, setStart] = useState(toLocalInput(from));
  const [end, setEnd] = useState(toLocalInput(to));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="history-custom"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(onApply(fromLocalInput(start), fromLocalInput(end)));
      }}
    >
      <label>
        From <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} data-testid="history-from" />
      </label>
      <label>
        to <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} data-testid="history-to" />
      </label>
      <button type="submit">Show</button>
      {problem ? <span className="error" role="alert">{problem}</span> : null}
    </form>
  );
}

export function HistoryPage() {
  const s = useHistory(
    useShallow((state) => ({
      status: state.status,
      range: state.range,
      series: state.series,
      moment: state.moment,
      loadStatus: state.loadStatus,
      choosePreset: state.choosePreset,
      chooseWindow: state.chooseWindow,
      loadSeries: state.loadSeries,
      pickMoment: state.pickMoment,
      closeMoment: state.closeMoment,
    })),
  );
  const palette = chartPalette(useResolvedTheme());
  const { ref, width } = useElementFrame<HTMLDivElement>();
  const { loadStatus, loadSeries } = s;
  useEffect(() => void loadStatus(), [loadStatus]);
  // Never more points than pixels: the backend buckets the window to the plot's width.
  useEffect(() => {
    if (width > 0) void loadSeries(width);
  }, [s.range.preset, s.range.from, s.range.to, width, loadSeries]);

  const result = s.series.data;
  const empty = result !== null && result.times.length === 0;
  return (
    <div className="page history-page">
      <header className="page-header">
        <h1>History</h1>
        <a href={hrefFor('dashboard')}>Live</a>
      </header>
      <p className="muted" data-testid="history-status">
        {s.status.data ? statusLine(s.status.data) : s.status.error ?? 'Reading the recorder’s status…'}
      </p>
      <div className="history-range" role="group" aria-label="Window">
        {(Object.keys(PRESETS) as RangePreset[]).map((preset) => (
          <button key={preset} type="button" aria-pressed={s.range.preset === preset} onClick={() => s.choosePreset(preset)} data-testid={`history-preset-${preset}`}>
            {PRESETS[preset].label}
          </button>
        ))}
        <CustomWindow key={`${s.range.from}:${s.range.to}`} from={s.range.from} to={s.range.to} onApply={s.chooseWindow} />
      </div>
      <ExportWindow />
      <p className="muted">
        {formatStamp(s.range.from)} – {formatStamp(s.range.to)}
        {result ? ` · one point per ${Math.max(1, Math.round(result.resolutionMs / 1000))} s` : ''}. Drag across a chart to zoom in; click a moment to see the
        machine as it was then.
      </p>
      {s.series.error ? <p className="error" role="alert">{s.series.error}</p> : null}
      {empty ? <p data-testid="history-empty">Nothing was recorded in this window{result.gaps[0] ? `: ${result.gaps[0].text}` : ''}.</p> : null}
      <div ref={ref} className="history-charts">
        {result && !empty && width > 0
          ? CHARTS.map((chart) => (
              <HistoryChart
                key={chart.title}
                title={chart.title}
                lines={chart.lines}
                unit={chart.unit}
                format={chart.format}
                result={result}
                width={width}
                height={CHART_HEIGHT}
                palette={palette}
                picked={s.moment?.at ?? null}
                onPick={(at) => void s.pickMoment(at)}
                onZoom={(from, to) => s.chooseWindow(from, to)}
              />
            ))
          : null}
      </div>
      {result && result.gaps.length > 0 ? (
        <details className="history-gaps">
          <summary>{result.gaps.length} gaps in this window</summary>
          <ul>
            {result.gaps.map((g) => (
              <li key={`${g.from}:${g.reason}`}>
                {formatStamp(g.from)} – {formatStamp(g.to)}: {g.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {s.moment ? <MomentView moment={s.moment} onClose={s.closeMoment} /> : null}
    </div>
  );
}
