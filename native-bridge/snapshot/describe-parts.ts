import type { PartSummary, Snapshot } from '../contract/snapshot.js';
import { clockTime, formatDuration } from './time-text.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One line per part for the preview: what is inside, or why it is not. Pure. */
export function describeParts(snapshot: Snapshot): PartSummary[] {
  const { parts, meta } = snapshot;
  const problem = (name: string): string | undefined => meta.problems?.find((p) => p.part === name)?.message;
  const missing = (part: string, fallback: string): PartSummary => ({
    part,
    present: false,
    items: null,
    description: problem(part) ? `not captured: ${problem(part)}` : fallback,
  });
  const out: PartSummary[] = [];

  const f = parts.findings;
  out.push(
    f
      ? { part: 'findings', present: true, items: f.findings.length, description: f.findings.length > 0 ? `${plural(f.findings.length, 'finding')} (${f.findings.filter((x) => x.severity === 'serious').length} serious) after ${formatDuration(f.observedMs)} of watching` : `nothing found wrong after ${formatDuration(f.observedMs)} of watching` }
      : missing('findings', 'not captured'),
  );
  const ch = parts.changes;
  out.push(
    ch
      ? { part: 'changes', present: true, items: ch.events.length, description: `${plural(ch.events.length, 'change')} in the window${ch.sources.some((s) => s.status !== 'read') ? `; not read: ${ch.sources.filter((s) => s.status !== 'read').map((s) => s.name).join(', ')}` : ''}` }
      : missing('changes', 'not captured'),
  );

  out.push(parts.inventory ? { part: 'inventory', present: true, items: null, description: `${parts.inventory.os.distro} on ${parts.inventory.cpu.brand}` } : missing('inventory', 'not captured'));

  const m = parts.metrics;
  out.push(
    m
      ? {
          part: 'metrics',
          present: true,
          items: m.length,
          description: m.length > 0 ? `${plural(m.length, 'sample')} from ${clockTime(m[0]?.time ?? 0)} to ${clockTime(m.at(-1)?.time ?? 0)} UTC` : `no samples in the last ${formatDuration(meta.window.to - meta.window.from)}`,
        }
      : missing('metrics', 'not captured'),
  );

  const p = parts.processes;
  out.push(
    p
      ? { part: 'processes', present: true, items: p.rows.length, description: `${plural(p.rows.length, 'process', 'processes')} at capture time${p.topSeries?.length ? `, the series of ${plural(p.topSeries.length, 'top or pinned process', 'top or pinned processes')}` : ''}` }
      : missing('processes', 'not captured'),
  );

  const mem = parts.memory;
  out.push(
    mem
      ? { part: 'memory', present: true, items: mem.alerts.length, description: `${plural(mem.pins.length, 'pinned process', 'pinned processes')}, ${plural(mem.verdicts.length, 'leak verdict')}, ${plural(mem.alerts.length, 'alert')}` }
      : missing('memory', 'not captured'),
  );

  const t = parts.traces;
  out.push(
    t
      ? { part: 'traces', present: true, items: t.length, description: t.length ? `${plural(t.length, 'trace')} with ${plural(t.reduce((n, x) => n + x.analysis.failures.length, 0), 'kind of failure', 'kinds of failure')}` : 'no traces in the window' }
      : missing('traces', 'not captured'),
  );

  const c = parts.cores;
  out.push(c ? { part: 'cores', present: true, items: c.length, description: `${plural(c.length, 'core dump analysis', 'core dump analyses')}` } : missing('cores', 'no core dumps opened in the window'));

  const a = parts.audit;
  out.push(a ? { part: 'audit', present: true, items: a.length, description: a.length ? `${plural(a.length, 'action')} taken in Triage` : 'no actions taken in the window' } : missing('audit', 'not captured'));

  const h = parts.history;
  if (h) {
    out.push({
      part: 'history',
      present: true,
      items: h.frames.list.length,
      description: `recorded from ${clockTime(h.from)} to ${clockTime(h.to)} UTC: ${plural(h.series.times.length, 'point')} per series, ${plural(h.frames.list.length, 'process frame')}, ${plural(h.events.length, 'event')}`,
    });
  }

  out.push(parts.notes ? { part: 'notes', present: true, items: null, description: 'your notes' } : { part: 'notes', present: false, items: null, description: 'no notes' });
  return out;
}
