import type { SeriesResult } from '../contract/history.js';
import type { Snapshot } from '../contract/snapshot.js';
import { plural } from '../common/format/index.js';
import { escapeHtml as e } from './html-escape.js';
import { svgLineChart, type ChartSeries } from './svg-chart.js';
import { formatBytes, formatDuration, isoTime } from './time-text.js';

/** Rows of the frame table: the report is read by a person, every row is in the file. */
const FRAME_ROWS = 50;

/** One stored series as chart lines: its average, and its maximum where buckets hold several samples. */
function lines(result: SeriesResult, key: string, label: string, color: string, withMax: boolean): ChartSeries[] {
  const s = result.series.find((x) => x.key === key);
  if (!s) return [];
  const points = (values: Array<number | null>) =>
    result.times.flatMap((time, i) => (values[i] === null || values[i] === undefined ? [] : [{ time, value: values[i]! }]));
  const out: ChartSeries[] = [{ label: withMax ? `${label} (avg)` : label, color, points: points(s.avg) }];
  if (withMax) out.push({ label: `${label} (max)`, color: '#a0aec0', points: points(s.max) });
  return out;
}

const cell = (text: string | number): string => e(text);

/** The recorded window of a format-2 snapshot: charts over the window, the last frame's table, top consumers, events. */
export function historySection({ parts }: Snapshot): string {
  const h = parts.history;
  if (!h) return '';
  const r = h.series;
  const several = r.resolutionMs > 1000;
  const memTotal = r.series.find((s) => s.key === 'mem.total')?.max.at(-1) ?? undefined;
  const charts = [
    svgLineChart(lines(r, 'cpu.busy', 'busy', '#2b6cb0', several), { title: 'CPU (% of all cores), recorded', unit: '%', max: 100 }),
    svgLineChart(lines(r, 'mem.used', 'used', '#2f855a', several), { title: `Memory (of ${formatBytes(memTotal)}), recorded`, unit: 'bytes', max: memTotal || undefined }),
    svgLineChart(lines(r, 'load.one', '1 min', '#6b46c1', false), { title: 'Load average, recorded', unit: '' }),
  ].join('');
  const gaps = r.gaps.length > 0 ? `<p>Not recorded:</p><ul>${r.gaps.map((g) => `<li>${e(`${isoTime(g.from)} to ${isoTime(g.to)}: ${g.text}`)}</li>`).join('')}</ul>` : '';
  const last = h.frames.list.at(-1);
  const frame = last
    ? `<h3>${e(`Processes at ${isoTime(last.time)} (the last recorded frame of the window)`)}</h3>
<table><thead><tr><th>PID</th><th>Name</th><th>User</th><th>CPU %</th><th>Memory</th><th>Command line</th></tr></thead><tbody>${[...last.rows]
        .sort((a, b) => b.cpu - a.cpu)
        .slice(0, FRAME_ROWS)
        .map((row) => `<tr><td class="n">${cell(row.pid)}</td><td>${cell(row.name)}</td><td>${cell(row.user)}</td><td class="n">${cell(row.cpu.toFixed(1))}</td><td class="n">${cell(formatBytes(row.rss))}</td><td><span class="mono">${cell(row.cmdline)}</span></td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No process frame was recorded in this window.</p>';
  const top = h.top.cpu.rows.length
    ? `<h3>Top CPU consumers of the window</h3><table><thead><tr><th>PID</th><th>Name</th><th>CPU s</th><th>CPU %</th><th>Memory (max)</th></tr></thead><tbody>${h.top.cpu.rows
        .map((t) => `<tr><td class="n">${cell(t.pid)}</td><td>${cell(t.name)}</td><td class="n">${cell(t.cpuSeconds.toFixed(1))}</td><td class="n">${cell(t.cpuPercent.toFixed(1))}</td><td class="n">${cell(formatBytes(t.rssMaxBytes))}</td></tr>`)
        .join('')}</tbody></table><p class="muted">${e(h.top.cpu.note)}</p>`
    : `<p class="muted">${e(`No top consumers kept for this window: ${h.top.cpu.note}`)}</p>`;
  const events = h.events.length
    ? `<h3>Events</h3><ul>${h.events.map((ev) => `<li>${e(`${isoTime(ev.time)} ${ev.summary}`)}</li>`).join('')}</ul>`
    : '';
  return `<h2>Recorded window</h2><p>${e(
    `From ${isoTime(h.from)} to ${isoTime(h.to)} (${formatDuration(h.to - h.from)}): ${plural(r.times.length, 'point')} per series, one per ${formatDuration(r.resolutionMs)}; ${plural(h.frames.list.length, 'process frame')}. ${h.frames.note}`,
  )}</p>${charts}${gaps}${frame}${top}${events}`;
}
