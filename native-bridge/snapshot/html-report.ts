import type { Snapshot } from '../contract/snapshot.js';
import type { CoreThreadStack } from '../contract/core.js';
import { escapeHtml as e } from './html-escape.js';
import { svgLineChart } from './svg-chart.js';
import { historySection } from './html-history.js';
import { formatCount, formatMeasure, plural, startUnknown } from '../common/format/index.js';
import { formatBytes, formatDuration, isoTime } from './time-text.js';

/** No script, no network, no frames: styles inline and pictures as data: only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Rows per process table: the report is read by a person, the full table is in the snapshot file. */
const PROCESS_ROWS = 50;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}code,.mono{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.banner{background:#fff4d6;border:1px solid #e6c96b;padding:8px 12px}.sev-serious{color:#b00020;font-weight:600}.sev-warning{color:#a15c00;font-weight:600}.sev-info{color:#555}.muted{color:#777}svg{display:block;margin:8px 0}
svg .t{font-size:13px;font-weight:600}svg .a,svg .l{font-size:11px}svg .m{font-size:13px;fill:#777}svg .g{stroke:#eee}`;

const table = (head: string[], rows: string[][], numeric: number[] = []): string =>
  rows.length === 0
    ? '<p class="muted">None.</p>'
    : `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

const fixed = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

/** The whole snapshot as one self-contained HTML page. Pure: every string from the file is escaped. */
export function renderHtmlReport(snapshot: Snapshot): string {
  const { meta, parts } = snapshot;
  // A report opens with what Triage found and what changed in its window: the first questions of an incident.
  const sections = [header(snapshot), findings(snapshot), changes(snapshot), notes(snapshot), historySection(snapshot), charts(snapshot), processes(snapshot), memory(snapshot), traces(snapshot), cores(snapshot), audit(snapshot), inventory(snapshot)];
  const live = parts.history ? [] : (['metrics', 'processes'] as const);
  const missing = (['findings', 'changes', ...live, 'memory', 'traces', 'cores', 'audit', 'inventory'] as const).filter((name) => parts[name] === undefined);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`Triage snapshot of ${meta.host} at ${isoTime(meta.capturedAt)}`)}</title>
<style>${STYLE}</style></head><body>
${sections.join('\n')}
${missing.length > 0 ? `<p class="muted">Not in this snapshot: ${e(missing.join(', '))}.</p>` : ''}
<p class="muted">Written by Triage ${e(meta.triageVersion)}. Times are UTC.</p>
</body></html>
`;
}

function header({ meta }: Snapshot): string {
  const r = meta.redaction;
  const hidden = [r.secrets && 'secrets', r.host && 'host name', r.users && 'user names', r.homes && 'home folders'].filter(Boolean).join(', ');
  const problems = meta.problems ?? [];
  return `<h1>${e(`Snapshot of ${meta.host} taken at ${isoTime(meta.capturedAt)}`)}</h1>
<p class="banner">${e(`${meta.os}, kernel ${meta.kernel}. Window: ${isoTime(meta.window.from)} to ${isoTime(meta.window.to)} (${formatDuration(meta.window.to - meta.window.from)}). The machine's time zone: ${meta.timeZone}.`)}<br>
${e(hidden ? `Redacted: ${hidden} (${r.total} ${r.total === 1 ? 'place' : 'places'}).` : 'Nothing was redacted.')}</p>
${problems.length > 0 ? `<p>Left out:</p><ul>${problems.map((p) => `<li>${e(`${p.part}: ${p.message}`)}</li>`).join('')}</ul>` : ''}`;
}

const SEVERITY_WORDS = { serious: 'Serious', warning: 'Worth a look', info: 'Info' } as const;

function findings({ parts, meta }: Snapshot): string {
  const report = parts.findings;
  if (!report) {
    const why = meta.problems?.find((p) => p.part === 'findings')?.message;
    return `<h2>Findings</h2><p class="muted">${e(why ? `Not in this snapshot: ${why}.` : 'Not in this snapshot (it was taken by a Triage that did not record findings).')}</p>`;
  }
  const rows = report.findings.map((f) => [
    `<span class="sev-${e(f.severity)}">${e(SEVERITY_WORDS[f.severity])}</span>`,
    e(f.sentence),
    e(`${startUnknown(f.since, report.time - report.observedMs) ? `at least since ${isoTime(f.since)}, when Triage began watching` : isoTime(f.since)} (${formatDuration(Math.max(0, report.time - f.since))} before capture)`),
    e(f.evidence.map((x) => `${x.label}: ${formatMeasure(x.value, x.unit)}${x.threshold !== null ? ` (threshold ${formatMeasure(x.threshold, x.unit)})` : ''}`).join('; ')),
    e(f.next?.label ?? ''),
  ]);
  const passed = report.checks.filter((c) => c.status === 'passed').length;
  const unjudged = report.checks.filter((c) => c.status === 'collecting' || c.status === 'unavailable');
  const summary = `${report.findings.length === 0 ? 'Nothing looked wrong' : 'Nothing else looked wrong'}: ${passed} of ${plural(report.checks.length, 'check')} passed after ${formatDuration(report.observedMs)} of watching.`;
  return `<h2>Findings at ${e(isoTime(report.time))}</h2>${report.findings.length > 0 ? table(['Severity', 'What Triage found', 'Since', 'Evidence', 'Next step'], rows) : ''}<p>${e(summary)}</p>${
    unjudged.length > 0
      ? `<details><summary>${e(`${plural(unjudged.length, 'check')} could not be judged or run`)}</summary><ul>${unjudged.map((c) => `<li>${e(`${c.title}: ${c.why ?? c.status}`)}</li>`).join('')}</ul></details>`
      : ''
  }`;
}

function changes({ parts, meta }: Snapshot): string {
  const list = parts.changes;
  if (!list) {
    const why = meta.problems?.find((p) => p.part === 'changes')?.message;
    return `<h2>What changed</h2><p class="muted">${e(why ? `Not in this snapshot: ${why}.` : 'Not in this snapshot (it was taken by a Triage that did not record changes).')}</p>`;
  }
  const unread = list.sources.filter((s) => s.status !== 'read');
  const rows = list.events.map((c) => [e(isoTime(c.time)), e(c.kind), e(c.title), `<span class="mono">${e(c.detail)}</span>`]);
  return `<h2>${e(`What changed from ${isoTime(list.sinceMs)} to ${isoTime(list.untilMs)}`)}</h2>${
    list.events.length === 0 ? '<p class="muted">No changes found in the sources that could be read.</p>' : table(['Time', 'Kind', 'What', 'Details'], rows)
  }${list.omitted > 0 ? `<p class="muted">${e(`${plural(list.omitted, 'older change')} left out.`)}</p>` : ''}${
    unread.length > 0 ? `<p class="muted">${e(`Not read (changes there are unknown): ${unread.map((s) => `${s.name} — ${s.why ?? s.status}`).join('; ')}.`)}</p>` : ''
  }`;
}

function notes({ parts }: Snapshot): string {
  const n = parts.notes;
  if (!n) return '';
  const rows: Array<[string, string | undefined]> = [
    ['What were you trying to do?', n.tryingToDo],
    ['What steps did you follow?', n.steps],
    ['What did you expect?', n.expected],
    ['What happened instead?', n.actual],
  ];
  return `<h2>Notes</h2>${rows
    .filter(([, text]) => text)
    .map(([q, text]) => `<h3>${e(q)}</h3><p style="white-space:pre-wrap">${e(text)}</p>`)
    .join('')}`;
}

function charts({ parts }: Snapshot): string {
  const samples = parts.metrics;
  if (!samples) return parts.history ? '' : '<h2>System</h2><p class="muted">No metrics history in this snapshot.</p>';
  const cpu = svgLineChart(
    [
      { label: 'busy', color: '#2b6cb0', points: samples.map((s) => ({ time: s.time, value: s.cpu.total.busy })) },
      { label: 'iowait', color: '#c05621', points: samples.map((s) => ({ time: s.time, value: s.cpu.total.iowait })) },
    ],
    { title: 'CPU (% of all cores)', unit: '%', max: 100 },
  );
  const mem = svgLineChart(
    [
      { label: 'used', color: '#2f855a', points: samples.map((s) => ({ time: s.time, value: s.memory.usedBytes })) },
      { label: 'swap used', color: '#b83280', points: samples.map((s) => ({ time: s.time, value: s.memory.swapUsedBytes })) },
    ],
    { title: `Memory (of ${formatBytes(samples.at(-1)?.memory.totalBytes)})`, unit: 'bytes', max: samples.at(-1)?.memory.totalBytes || undefined },
  );
  const load = svgLineChart(
    [
      { label: '1 min', color: '#6b46c1', points: samples.map((s) => ({ time: s.time, value: s.load.one })) },
      { label: '15 min', color: '#718096', points: samples.map((s) => ({ time: s.time, value: s.load.fifteen })) },
    ],
    { title: `Load average (${samples.at(-1) ? plural(samples.at(-1)!.load.cores, 'core') : '? cores'})`, unit: '' },
  );
  return `<h2>System</h2><p>${e(`${plural(samples.length, 'sample')}.`)}</p>${cpu}${mem}${load}`;
}

function processes({ parts }: Snapshot): string {
  const p = parts.processes;
  if (!p) return parts.history ? '' : '<h2>Processes</h2><p class="muted">No process table in this snapshot.</p>';
  const head = ['PID', 'Name', 'User', 'State', 'CPU %', 'Memory', 'Threads', 'Command line'];
  const row = (r: (typeof p.rows)[number]): string[] => [
    e(r.pid),
    e(r.name),
    e(r.user),
    e(r.state),
    fixed(r.cpu),
    e(formatBytes(r.rss)),
    e(r.threads),
    `<span class="mono">${e(r.cmdline)}</span>`,
  ];
  const byCpu = [...p.rows].sort((a, b) => b.cpu - a.cpu).slice(0, PROCESS_ROWS);
  const byMem = [...p.rows].sort((a, b) => b.rss - a.rss).slice(0, PROCESS_ROWS);
  const series = (p.topSeries ?? []).filter((s) => s.points.length >= 2);
  const seriesCharts = series.length
    ? svgLineChart(
        series.filter((s) => s.reason !== 'cpu').slice(0, 6).map((s, i) => ({
          label: `${s.name} (${s.pid})`,
          color: PALETTE[i % PALETTE.length] ?? '#888',
          points: s.points.filter((pt) => pt.rss !== null).map((pt) => ({ time: pt.time, value: pt.rss ?? 0 })),
        })),
        { title: 'Memory of the largest and pinned processes', unit: 'bytes' },
      ) +
      svgLineChart(
        series.filter((s) => s.reason === 'cpu').slice(0, 6).map((s, i) => ({
          label: `${s.name} (${s.pid})`,
          color: PALETTE[i % PALETTE.length] ?? '#888',
          points: s.points.filter((pt) => pt.cpu !== null).map((pt) => ({ time: pt.time, value: pt.cpu ?? 0 })),
        })),
        { title: 'CPU of the busiest processes (% of one core)', unit: '%' },
      )
    : '';
  return `<h2>Processes at ${e(isoTime(p.capturedAt))}</h2><p>${e(`${plural(p.rows.length, 'process', 'processes')}.`)}</p>${seriesCharts}
<h3>Busiest (top ${PROCESS_ROWS})</h3>${table(head, byCpu.map(row), [0, 4, 5, 6])}
<h3>Largest (top ${PROCESS_ROWS})</h3>${table(head, byMem.map(row), [0, 4, 5, 6])}`;
}

const PALETTE = ['#2b6cb0', '#c05621', '#2f855a', '#b83280', '#6b46c1', '#718096'];

function memory({ parts }: Snapshot): string {
  const m = parts.memory;
  if (!m) return '';
  const alerts = table(
    ['Time', 'Process', 'Alert'],
    m.alerts.map((a) => [e(isoTime(a.time)), e(`${a.name} (${a.pid})`), e(a.sentence)]),
  );
  const verdicts = table(
    ['Process', 'Memory', 'Verdict', 'Rate (MiB/min)'],
    [
      ...m.pins.map((p) => [e(`${p.name ?? '?'} (${p.pid ?? '—'}) pinned`), e(formatBytes(p.latest?.rssBytes)), e(p.verdict.sentence), fixed(p.verdict.rateMiBPerMin, 2)]),
      ...m.verdicts.map((v) => [e(`${v.name} (${v.pid})`), e(formatBytes(v.rssBytes)), e(v.verdict.sentence), fixed(v.verdict.rateMiBPerMin, 2)]),
    ],
    [3],
  );
  return `<h2>Memory growth</h2><h3>Alerts</h3>${alerts}<h3>Verdicts</h3>${verdicts}`;
}

function traces({ parts }: Snapshot): string {
  const list = parts.traces;
  if (!list) return '';
  if (list.length === 0) return '<h2>Traces</h2><p class="muted">No traces in the window.</p>';
  return `<h2>Traces</h2>${list
    .map(({ session, analysis }) => {
      const failures = table(
        ['Call', 'Error', 'Target', 'Count', 'What it means'],
        analysis.failures.map((f) => [e(f.name), e(f.errno), `<span class="mono">${e(f.target ?? '')}</span>`, e(f.count), e(`${f.noise ? '(usual noise) ' : ''}${f.sentence}`)]),
        [3],
      );
      return `<h3 class="mono">${e(session.command.join(' '))}</h3><p>${e(`${session.tool}, ${session.mode}, started ${isoTime(session.startedAt)}; ${plural(analysis.counts.calls, 'call')}, ${formatCount(analysis.counts.failures)} failed.`)}${analysis.end ? `<br>${e(analysis.end.sentence)}` : ''}</p>${failures}`;
    })
    .join('')}`;
}

function cores({ parts }: Snapshot): string {
  const list = parts.cores;
  if (!list || list.length === 0) return '';
  const frames = (thread: CoreThreadStack): string =>
    table(
      ['#', 'Function', 'Where'],
      thread.frames.map((f) => [e(f.level), e(f.function ?? '??'), `<span class="mono">${e(f.file ? `${f.file}:${f.line ?? '?'}` : (f.library ?? f.address))}</span>`]),
      [0],
    );
  return `<h2>Core dumps</h2>${list
    .map(({ analysis }) => {
      const crashed = analysis.threads.find((t) => t.id === analysis.crashedThreadId) ?? analysis.threads[0];
      const others = analysis.threads.filter((t) => t !== crashed);
      return `<h3 class="mono">${e(analysis.core.program ?? analysis.core.path)}</h3><p>${e(analysis.signal?.summary ?? 'The signal is unknown.')}<br><span class="mono">${e(analysis.core.commandLine ?? '')}</span></p>
${crashed ? `<p>${e(`Thread ${crashed.id}${crashed.name ? ` (${crashed.name})` : ''}, the one that crashed:`)}</p>${frames(crashed)}` : ''}
${others.map((t) => `<details><summary>${e(`Thread ${t.id}${t.name ? ` (${t.name})` : ''}`)}</summary>${frames(t)}</details>`).join('')}`;
    })
    .join('')}`;
}

function audit({ parts }: Snapshot): string {
  const entries = parts.audit;
  if (!entries) return '';
  return `<h2>Actions taken in Triage</h2>${table(
    ['Time', 'User', 'Action', 'Target', 'Result'],
    entries.map((a) => [
      e(a.time),
      e(a.user.name),
      e(`${a.action} ${Object.entries(a.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`),
      e(`${a.target.name ?? '?'} (${a.target.pid})`),
      e(a.result.message),
    ]),
  )}`;
}

function inventory({ parts }: Snapshot): string {
  const inv = parts.inventory;
  if (!inv) return '';
  return `<h2>Machine</h2>${table(
    ['', ''],
    [
      ['Host', e(inv.hostname)],
      ['System', e(`${inv.os.distro} ${inv.os.release} (${inv.os.platform}, ${inv.os.arch}), kernel ${inv.os.kernel}`)],
      ['CPU', e(`${inv.cpu.manufacturer} ${inv.cpu.brand}, ${plural(inv.cpu.physicalCores, 'core')} / ${plural(inv.cpu.logicalCores, 'thread')}`)],
      ['Memory', e(`${formatBytes(inv.memory.totalBytes)}, swap ${formatBytes(inv.memory.swapTotalBytes)}`)],
      ...inv.filesystems.map((f) => [e(`Filesystem ${f.mount}`), e(`${f.fsType}, ${formatBytes(f.usedBytes)} used of ${formatBytes(f.sizeBytes)}`)]),
    ],
  )}`;
}
