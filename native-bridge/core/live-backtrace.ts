import type { LiveBacktrace } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import { parsePidStat } from '../procfs/parse-pid-stat.js';
import { parseStatus } from '../procfs/parse-status.js';
import { readProcLink, readProcText, textOrNull } from '../procfs/read.js';
import { readPtraceScope } from '../procfs/sysctl.js';
import { collectThreads, orderThreads, MAX_FRAMES } from './backtrace.js';
import { explainDenial, parseTargetFacts } from '../procfs/access-denial.js';
import { debugInfoNote } from './debug-note.js';
import { inspectExecutable, type ExecutableFacts } from './executable.js';
import { GdbSession } from './gdb-session.js';
import { sourceAround } from './source-context.js';
import { requireTool } from './tools.js';
import { gdbWarnings } from './warnings.js';

export interface LiveOptions {
  procRoot?: string;
  gdbPath?: string;
  timeoutMs?: number;
  maxFrames?: number;
  /** Triage's own pid (attaching to itself would freeze the app). */
  selfPid?: number;
}

/** Pure: the plain explanation for a refused attach, from kernel.yama.ptrace_scope (null when absent). */
export function ptraceRefusal(pid: number, scope: number | null): string {
  const launch =
    'Start the program from Triage\'s terminal under gdb instead ("gdb --args PROGRAM", then Ctrl+C and "thread apply all bt"), so the debugger is its parent.';
  switch (scope) {
    case 1:
      return `Linux lets a program inspect only its own child processes here (kernel.yama.ptrace_scope = 1), so Triage may not look into process ${pid}. ${launch} Or allow it until reboot with: sudo sysctl kernel.yama.ptrace_scope=0`;
    case 2:
      return `Only root may inspect other processes on this machine (kernel.yama.ptrace_scope = 2), so Triage may not look into process ${pid}. ${launch}`;
    case 3:
      return `Inspecting running processes is switched off on this machine until reboot (kernel.yama.ptrace_scope = 3). ${launch}`;
    default:
      return `Triage may not inspect process ${pid}: it belongs to another user or is protected. ${launch}`;
  }
}

const readProc = (procRoot: string, pid: number, name: string): string | null => textOrNull(readProcText(`${procRoot}/${pid}/${name}`));

/**
 * Every thread's stack of a running process, read by attaching gdb for a moment. The process is
 * stopped only while gdb reads the stacks, then detached; if gdb hangs it is killed and the process is
 * continued if it was left stopped.
 */
export async function liveBacktrace(pid: number, startTime: number | undefined, opts: LiveOptions = {}): Promise<LiveBacktrace> {
  const procRoot = opts.procRoot ?? '/proc';
  if (!Number.isInteger(pid) || pid < 2) throw new TriageError('INVALID_INPUT', `${pid} is not a process Triage can inspect.`);
  if (pid === (opts.selfPid ?? process.pid)) {
    throw new TriageError('REFUSED', 'Triage cannot take a backtrace of itself: attaching would freeze it.');
  }
  const statText = readProc(procRoot, pid, 'stat');
  const stat = statText === null ? null : parsePidStat(statText);
  if (stat === null) throw new TriageError('ESRCH', `No process with id ${pid} is running.`);
  if (startTime !== undefined && stat.startTime !== startTime) {
    throw new TriageError('PID_REUSED', `Process ${pid} has ended and its id now belongs to another program.`);
  }
  const status = readProc(procRoot, pid, 'status') ?? '';
  // A kernel thread has no user-space stack at all: no debugger could show one, whoever runs it.
  const target = parseTargetFacts(statText, status, null);
  if (target.kernelThread) {
    throw new TriageError('UNSUPPORTED', `${target.name} (pid ${pid}) is a kernel thread: it runs only inside the kernel and has no user-space stack to show.`);
  }
  const tracer = parseStatus(status).tracerPid;
  if (tracer !== 0) {
    const comm = (readProc(procRoot, tracer, 'comm') ?? '').trim();
    throw new TriageError(
      'EPERM',
      `Process ${pid} is already being traced by process ${tracer}${comm ? ` (${comm})` : ''}; a process can have only one tracer. Stop that tracer first.`,
    );
  }
  const gdbPath = opts.gdbPath ?? requireTool('gdb');
  const program = (readProc(procRoot, pid, 'comm') ?? '').trim() || null;
  const exePath = textOrNull(readProcLink(`${procRoot}/${pid}/exe`));
  const facts: ExecutableFacts | null = exePath ? await inspectExecutable(exePath.replace(/ \(deleted\)$/, '')).catch(() => null) : null;

  const session = await GdbSession.start({
    gdbPath,
    args: ['-p', String(pid)],
    timeoutMs: opts.timeoutMs ?? 30_000,
    onKilled: () => {
      continueIfStopped(procRoot, pid);
    },
  });
  try {
    const log = session.startupLog;
    if (/ptrace: Operation not permitted/.test(log)) {
      // Root is not held back by ptrace_scope or ownership: say what did stop it, never "become root".
      const message = process.geteuid?.() === 0 ? explainDenial(procRoot, pid, 'stack').sentence : ptraceRefusal(pid, readPtraceScope(procRoot));
      throw new TriageError('EPERM', message);
    }
    if (/ptrace: No such process/.test(log)) throw new TriageError('ESRCH', `No process with id ${pid} is running.`);
    const collected = await collectThreads(session, opts.maxFrames ?? MAX_FRAMES);
    if (collected.threads.length === 0) {
      throw new TriageError('INTERNAL', `gdb could not attach to process ${pid}.`, log.slice(-2000) || undefined);
    }
    await session.command('-target-detach');
    const capturedAtMs = Date.now();
    const threads = orderThreads(collected.threads, null);
    const main = threads.find((t) => t.lwp === pid) ?? threads[0];
    const warnings = gdbWarnings(log);
    if (collected.skipped > 0) warnings.push(`${collected.skipped} more threads were not read.`);
    const debugInfo = debugInfoNote(threads.flatMap((t) => t.frames), facts, 'live');
    return {
      kind: 'live',
      pid,
      program,
      executable: facts?.path ?? exePath,
      capturedAtMs,
      threads,
      crashedThreadId: null,
      source: main ? await sourceAround(firstOwnFrames(main.frames)) : null,
      debugInfo,
      disassembly: null,
      warnings,
    };
  } finally {
    await session.close();
  }
}

/** Frames with source, innermost first: the program's own code rather than libc's syscall wrapper. */
function firstOwnFrames<T extends { fullPath: string | null }>(frames: readonly T[]): T[] {
  return frames.filter((f) => f.fullPath !== null);
}

function continueIfStopped(procRoot: string, pid: number): void {
  const text = readProc(procRoot, pid, 'stat');
  const state = text === null ? null : parsePidStat(text)?.state;
  if (state === 'T' || state === 't') {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone already
    }
  }
}
