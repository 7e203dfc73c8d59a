import { plural } from '../../common/format/index.js';
import type { SessionInfo, TraceAnalysis } from '../../contract/trace.js';

export interface FormatOptions {
  /** Include failures marked as noise (dynamic loader probing…). */
  includeNoise?: boolean;
  maxFailures?: number;
  maxFiles?: number;
  maxNetwork?: number;
}


function results(r: { ok: number; errors: Record<string, number> }): string {
  const errs = Object.entries(r.errors).map(([e, n]) => `${e}×${n}`);
  return [r.ok > 0 ? `ok×${r.ok}` : '', ...errs].filter(Boolean).join(' ');
}

/** The text `triage trace … -- CMD` prints: exit, failures, files, network. */
export function formatTraceSummary(analysis: TraceAnalysis, session?: Pick<SessionInfo, 'command' | 'capturePath' | 'tool'>, options: FormatOptions = {}): string {
  const out: string[] = [];
  if (session) out.push(`Trace of: ${session.command.join(' ')}  (${session.tool})`);
  const c = analysis.counts;
  out.push(`${plural(c.calls, 'call')}, ${plural(c.failures, 'failure')}, ${plural(c.lines, 'line')} read.`);
  out.push('');
  out.push('WHY DID IT END');
  if (analysis.end) {
    out.push(`  ${analysis.end.sentence}`);
    for (const f of analysis.end.lastFailures) out.push(`    ${f.time}  ${f.name} ${f.errno}  ${f.target ?? ''}  — ${f.sentence}`);
  } else out.push('  Nothing was traced.');
  out.push('');
  const failures = analysis.failures.filter((f) => options.includeNoise || !f.noise);
  const hiddenNoise = analysis.failures.length - failures.length;
  out.push(`FAILURES${hiddenNoise > 0 ? ` (${plural(hiddenNoise, 'noise group')} not shown)` : ''}`);
  if (failures.length === 0) out.push('  none');
  for (const f of failures.slice(0, options.maxFailures ?? 20)) {
    out.push(`  ${String(f.count).padStart(5)}×  ${f.name} ${f.errno}  ${f.target ?? ''}${f.noise ? '  [noise]' : ''}`);
    out.push(`          ${f.sentence}  (first ${f.firstTime}, last ${f.lastTime})`);
  }
  out.push('');
  const files = analysis.files.filter((f) => options.includeNoise || !f.noise);
  out.push('FILES');
  if (files.length === 0) out.push('  none');
  for (const f of files.slice(0, options.maxFiles ?? 30)) {
    out.push(`  ${f.path}  [${f.ops.join(',')}]  ${results(f.results)}`);
  }
  out.push('');
  out.push('NETWORK');
  if (analysis.network.length === 0) out.push('  none');
  for (const n of analysis.network.slice(0, options.maxNetwork ?? 30)) {
    out.push(`  ${n.op} ${n.address} (${n.family})  ${n.outcome ?? results(n.results)}${n.sentence ? `  — ${n.sentence}` : ''}`);
  }
  if (session) {
    out.push('');
    out.push(`Full capture: ${session.capturePath}`);
  }
  return `${out.join('\n')}\n`;
}
