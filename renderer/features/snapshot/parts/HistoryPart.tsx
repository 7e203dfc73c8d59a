import { useMemo, useState } from 'react';
import type { HistoryPart as HistoryPartData, SeriesResult } from '../../../../native-bridge/contract/index.js';
import { chartPalette } from '../../../app/palette.js';
import { useResolvedTheme } from '../../../app/theme.js';
import { useElementFrame } from '../../../app/useElementWidth.js';
import { HISTORY_CHARTS, HistoryChart } from '../../history/index.js';
import { spanText, wallTime } from '../format.js';
import { ProcessesPart } from './ProcessesPart.js';

const CHART_HEIGHT = 140;

/** "busy: avg 12 %, max 80 %": what a chart shows, in words (and for a reader without the picture). */
function summaryOf(result: SeriesResult, key: string, format: (v: number) => string): string | null {
  const s = result.series.find((x) => x.key === key);
  const avgs = s?.avg.filter((v): v is number => v !== null) ?? [];
  const maxes = s?.max.filter((v): v is number => v !== null) ?? [];
  if (avgs.length === 0) return null;
  return `avg ${format(avgs.reduce((a, b) => a + b, 0) / avgs.length)}, max ${format(Math.max(...maxes))}`;
}

/** The frame recorded nearest to a moment the user clicked on a chart. */
function nearest(times: readonly number[], at: number): number {
  let best = 0;
  times.forEach((t, i) => {
    if (Math.abs(t - at) < Math.abs(times[best]! - at)) best = i;
  });
  return best;
}

/** What happened in the window (the kept events, and how many more there were). */
function WindowEvents({ part, timeZone }: { part: HistoryPartData; timeZone: string }) {
  if (part.events.length === 0) return null;
  return (
    <details className="snapshot-history-events" data-testid="snapshot-history-events">
      <summary>
        {part.events.length} event{part.events.length === 1 ? '' : 's'} in the window{part.eventsOmitted > 0 ? ` (${part.eventsOmitted} more not kept)` : ''}
      </summary>
      <ul>
        {part.events.map((ev, i) => (
          <li key={`${ev.time}:${i}`}>
            {wallTime(ev.time, timeZone).text} · {ev.summary}
          </li>
        ))}
      </ul>
    </details>
  );
}

interface FrameProps {
  frames: HistoryPartData['frames']['list'];
  index: number;
  onIndex: (index: number) => void;
  timeZone: string;
}

/** The process table of one recorded frame, and which frame it is. */
function FrameTable({ frames, index, onIndex, timeZone }: FrameProps) {
  const frame = frames[index]!;
  return (
    <>
      <label>
        Process table at{' '}
        <select value={index} onChange={(e) => onIndex(Number(e.target.value))} data-testid="snapshot-history-frame">
          {frames.map((f, i) => (
            <option key={f.time} value={i}>
              {wallTime(f.time, timeZone).text}
              {i === frames.length - 1 ? ' (last frame)' : ''}
            </option>
          ))}
        </select>
      </label>
      <p data-testid="snapshot-history-frame-time">
        Processes at {wallTime(frame.time, timeZone).text} (frame {index + 1} of {frames.length}
        {frame.resolution === 'top-per-minute' ? ', older than a day: only that minute’s top consumers were kept' : ''})
      </p>
      <ProcessesPart part={{ capturedAt: frame.time, ncpu: frame.ncpu, totalMemoryBytes: frame.totalMemoryBytes, rows: frame.rows }} />
    </>
  );
}

/** A recorded past window: the series over the window, and the process table at a chosen frame (the last one first). */
export function HistoryPart({ part, timeZone }: { part: HistoryPartData; timeZone: string }) {
  const palette = chartPalette(useResolvedTheme());
  const { ref, width } = useElementFrame<HTMLDivElement>();
  const frames = part.frames.list;
  const [index, setIndex] = useState(frames.length - 1);
  const frame = frames[index];
  const times = useMemo(() => frames.map((f) => f.time), [frames]);
  const r = part.series;
  return (
    <div className="snapshot-history" data-testid="snapshot-history">
      <p className="muted small" data-testid="snapshot-history-window">
        Recorded from {wallTime(part.from, timeZone).text} to {wallTime(part.to, timeZone).text} ({spanText(part.to - part.from)}) · {r.times.length} points per series, one per{' '}
        {spanText(Math.max(1000, r.resolutionMs))} (min, average and max of each) · click a chart to see the table nearest that moment.
      </p>
      <ul className="snapshot-history-summary">
        {HISTORY_CHARTS.map((chart) => {
          const text = summaryOf(r, chart.lines[0]!.key, chart.format);
          return text ? (
            <li key={chart.title} data-testid="snapshot-history-series">
              {chart.title}: {text}
            </li>
          ) : null;
        })}
      </ul>
      <div ref={ref} className="history-charts">
        {width > 0
          ? HISTORY_CHARTS.filter((chart) => r.series.some((s) => s.key === chart.lines[0]!.key)).map((chart) => (
              <HistoryChart
                key={chart.title}
                {...chart}
                result={r}
                width={width}
                height={CHART_HEIGHT}
                palette={palette}
                picked={frame?.time ?? null}
                onPick={(at) => times.length > 0 && setIndex(nearest(times, at))}
                onZoom={() => undefined}
              />
            ))
          : null}
      </div>
      {r.gaps.length > 0 ? (
        <ul className="snapshot-history-gaps">
          {r.gaps.map((g) => (
            <li key={`${g.from}:${g.reason}`}>
              {wallTime(g.from, timeZone).text}: {g.text}
            </li>
          ))}
        </ul>
      ) : null}
      <WindowEvents part={part} timeZone={timeZone} />
      <p className="muted small">{part.frames.note}</p>
      {frame ? (
        <FrameTable frames={frames} index={index} onIndex={setIndex} timeZone={timeZone} />
      ) : (
        <p className="muted">No process frame was recorded in this window.</p>
      )}
    </div>
  );
}
