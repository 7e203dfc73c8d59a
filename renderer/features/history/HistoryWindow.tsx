import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HistoryStatus, SeriesResult } from '../../../native-bridge/contract/history.js';
import { formatBytes, formatTimestamp } from '../../app/format.js';
import { chartPalette } from '../../app/palette.js';
import { useResolvedTheme } from '../../app/theme.js';
import { useElementFrame } from '../../app/useElementWidth.js';
import { HistoryChart } from './HistoryChart.js';
import { HISTORY_CHARTS as CHARTS } from './history-charts.js';
import { ExportWindow } from './ExportWindow.js';
import { MomentView } from './MomentView.js';
import { useHistory } from './store.js';
import './history.css';

const CHART_HEIGHT = 150;

/** One line on what is being recorded, or why nothing is: "no data" is never shown as "all quiet". */
function statusLine(status: HistoryStatus): string {
  const stored = status.bytes === null ? 'nothing stored yet' : `${formatBytes(status.bytes)} stored in ${status.path}`;
  if (status.paused) return `Recording is paused: ${status.paused}`;
  if (status.recording) return `Recording since ${status.since === null ? '—' : formatTimestamp(status.since)} · ${stored} · kept ${status.retentionDays} days`;
  if (status.recorder) return `Recorded by another Triage (pid ${status.recorder.pid}) · ${stored}`;
  return `Not recording${status.notRecording ? `: ${status.notRecording}` : ''} · ${stored}. "Record always…" on the Recording page (or triage record --install) records whenever you log in.`;
}

/** Why a window holds no point: the gap's own reason, and whether anything records at all. */
function emptyReason(result: SeriesResult, status: HistoryStatus | null): string {
  const gap = result.gaps[0]?.text;
  const nobodyRecords = status !== null && !status.recording && status.recorder === null;
  if (nobodyRecords) return `recording is off${status.notRecording ? ` (${status.notRecording})` : ''}${gap ? `; ${gap}` : ''}`;
  return gap ?? 'no data was recorded in this window';
}

/**
 * The recorded window the dashboard's range bar chose: the charts at their width (never more points than
 * pixels), the gaps with their reasons, "the machine at 10:31" for a clicked moment, and the export.
 */
export function HistoryWindow() {
  const s = useHistory(
    useShallow((state) => ({
      status: state.status,
      range: state.range,
      series: state.series,
      moment: state.moment,
      loadStatus: state.loadStatus,
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
    <section className="history-window" data-testid="history-window" aria-label="Recorded window">
      <p className="muted" data-testid="history-status">
        {s.status.data ? statusLine(s.status.data) : s.status.error ?? 'Reading the recorder’s status…'}
      </p>
      <ExportWindow />
      <p className="muted">
        {formatTimestamp(s.range.from)} – {formatTimestamp(s.range.to)}
        {result ? ` · one point per ${Math.max(1, Math.round(result.resolutionMs / 1000))} s` : ''}. Drag across a chart to zoom in; click a moment to see the
        machine as it was then.
      </p>
      {s.series.error ? <p className="error" role="alert">{s.series.error}</p> : null}
      {empty ? (
        <p className="history-empty" data-testid="history-empty">
          Nothing to draw for this window: {emptyReason(result, s.status.data)}.
        </p>
      ) : null}
      <div ref={ref} className="history-charts">
        {result && !empty && width > 0
          ? CHARTS.map((chart) => (
              <HistoryChart
                key={chart.title}
                {...chart}
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
                {formatTimestamp(g.from)} – {formatTimestamp(g.to)}: {g.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {s.moment ? <MomentView moment={s.moment} onClose={s.closeMoment} /> : null}
    </section>
  );
}
