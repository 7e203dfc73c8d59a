import type { CoreStackFrame, CoreThreadStack } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import type { GdbSession } from './gdb-session.js';
import { miInt, miList, miString, type MiValue } from './mi-parse.js';

export const MAX_FRAMES = 200;
export const MAX_THREADS = 512;
const MAX_VALUE_CHARS = 200;

export interface CollectedThreads {
  threads: CoreThreadStack[];
  /** gdb's selected thread after loading (for a core: the thread that dumped). */
  currentThreadId: number | null;
  /** Threads that were not read because there were too many. */
  skipped: number;
}

/** Pure: one frame tuple of -stack-list-frames, with its arguments from -stack-list-arguments. */
export function frameFromMi(frame: MiValue, args: MiValue | undefined): CoreStackFrame {
  const func = miString(frame, 'func');
  return {
    level: miInt(frame, 'level') ?? 0,
    address: miString(frame, 'addr') ?? '',
    function: func && func !== '??' ? func : null,
    args: miList(args, 'args').map((a) => ({
      name: miString(a, 'name') ?? '?',
      type: miString(a, 'type'),
      value: clip(miString(a, 'value')),
    })),
    file: miString(frame, 'file'),
    fullPath: miString(frame, 'fullname'),
    line: miInt(frame, 'line'),
    library: miString(frame, 'from'),
  };
}

function clip(value: string | null): string | null {
  return value !== null && value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
}

/** Pure: the LWP number in gdb's target-id ("Thread 0x7f.. (LWP 123)", "LWP 123", "process 123"). */
export function lwpFromTargetId(targetId: string): number | null {
  const m = targetId.match(/LWP (\d+)/) ?? targetId.match(/^process (\d+)/);
  return m ? Number(m[1]) : null;
}

/** Reads every thread's stack through MI: -thread-info, then frames and arguments per thread. */
export async function collectThreads(session: GdbSession, maxFrames = MAX_FRAMES): Promise<CollectedThreads> {
  const info = await session.command('-thread-info');
  if (info.resultClass !== 'done') {
    throw new TriageError('INTERNAL', 'gdb could not list the threads.', miString(info.results, 'msg') ?? undefined);
  }
  const listed = miList(info.results, 'threads');
  const currentThreadId = miInt(info.results, 'current-thread-id');
  const threads: CoreThreadStack[] = [];
  for (const t of listed.slice(0, MAX_THREADS)) {
    const id = miInt(t, 'id');
    if (id === null) continue;
    const targetId = miString(t, 'target-id') ?? '';
    const frames = await session.command(`-stack-list-frames --thread ${id} 0 ${maxFrames}`);
    const frameList = frames.resultClass === 'done' ? miList(frames.results, 'stack') : [];
    const args = await session.command(`-stack-list-arguments --thread ${id} --simple-values 0 ${maxFrames - 1}`);
    const argList = args.resultClass === 'done' ? miList(args.results, 'stack-args') : [];
    const argsByLevel = new Map(argList.map((a) => [miInt(a, 'level'), a]));
    const parsed = frameList.slice(0, maxFrames).map((f) => frameFromMi(f, argsByLevel.get(miInt(f, 'level'))));
    threads.push({
      id,
      lwp: lwpFromTargetId(targetId),
      name: miString(t, 'name'),
      targetId,
      crashed: false,
      frames: parsed,
      truncated: frameList.length > maxFrames,
    });
  }
  return { threads, currentThreadId, skipped: Math.max(0, listed.length - MAX_THREADS) };
}

/** Pure: marks the crashed thread and puts it first; the rest keep gdb's order. */
export function orderThreads(threads: CoreThreadStack[], crashedId: number | null): CoreThreadStack[] {
  const marked = threads.map((t) => ({ ...t, crashed: t.id === crashedId }));
  return [...marked.filter((t) => t.crashed), ...marked.filter((t) => !t.crashed)];
}
