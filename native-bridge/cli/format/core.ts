import { formatBytes, formatTimestamp } from '../../common/format/index.js';
import type { CoreAnalysis, LiveBacktrace, CoreStackFrame, CoreThreadStack } from '../../contract/core.js';

/** Pure: one frame as gdb users know it, "#1  parse_config (text=0x0) at crash.c:6". */
export function formatFrame(f: CoreStackFrame): string {
  const args = f.args.map((a) => `${a.name}=${a.value ?? `<${a.type ?? '?'}>`}`).join(', ');
  const where = f.file !== null && f.line !== null ? ` at ${f.file}:${f.line}` : f.library ? ` from ${f.library}` : '';
  const name = f.function ?? '??';
  return `#${f.level}  ${f.address} in ${name} (${args})${where}`;
}

function formatThread(t: CoreThreadStack): string[] {
  const head = `Thread ${t.id}${t.lwp !== null ? ` (LWP ${t.lwp})` : ''}${t.name ? ` "${t.name}"` : ''}${t.crashed ? '  <-- crashed' : ''}`;
  const lines = [head, ...t.frames.map((f) => `  ${formatFrame(f)}`)];
  if (t.truncated) lines.push('  ... more frames not shown');
  return lines;
}

/** Pure: the text the CLI prints and "Copy the analysis" puts on the clipboard. */
export function formatBacktrace(a: CoreAnalysis | LiveBacktrace): string {
  const out: string[] = [];
  if (a.kind === 'core') {
    out.push(`Core file: ${a.core.path} (${formatBytes(a.core.sizeBytes)})`);
    out.push(`Program:   ${a.executable.path}${a.core.pid !== null ? `, pid ${a.core.pid}` : ''}`);
    if (a.core.commandLine) out.push(`Command:   ${a.core.commandLine}`);
    if (a.signal) {
      out.push(`Signal:    ${a.signal.name} (${a.signal.number}): ${a.signal.summary}`);
      out.push(`           ${a.signal.meaning}${a.signal.codeMeaning ? ` Cause: ${a.signal.codeMeaning}.` : ''}`);
    }
  } else {
    out.push(`Live backtrace of process ${a.pid}${a.program ? ` (${a.program})` : ''} at ${formatTimestamp(a.capturedAtMs)}`);
    if (a.executable) out.push(`Program:   ${a.executable}`);
  }
  for (const w of a.warnings) out.push(`Warning:   ${w}`);
  if (a.debugInfo.missing && a.debugInfo.advice) out.push(`Symbols:   ${a.debugInfo.advice}`);
  out.push('');
  for (const t of a.threads) out.push(...formatThread(t), '');
  if (a.source) {
    out.push(`Source around ${a.source.file}:${a.source.line} (frame #${a.source.frameLevel}):`);
    const width = String(a.source.lines.at(-1)?.number ?? 0).length;
    for (const l of a.source.lines) out.push(`${l.number === a.source.line ? '>' : ' '} ${String(l.number).padStart(width)}  ${l.text}`);
    out.push('');
  }
  if (a.disassembly) {
    out.push(`CoreDisassembly around frame #${a.disassembly.frameLevel} of thread ${a.disassembly.threadId}:`);
    for (const i of a.disassembly.instructions) {
      const where = i.function ? ` <${i.function}+${i.offset ?? 0}>` : '';
      out.push(`${i.current ? '=>' : '  '} ${i.address}${where}:  ${i.text}`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
