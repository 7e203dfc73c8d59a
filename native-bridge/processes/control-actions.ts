import { execFile } from 'node:child_process';
import { setPriority } from 'node:os';
import type { ActionCode, ActionResult, IoClass, ProcessAction, SignalName } from '../contract/processes.js';
import type { IdNames } from '../procfs/id-names.js';
import * as say from './action-messages.js';
import { findTool } from './find-tool.js';
import type { Target } from './read-target.js';

export type Failure = { ok: false; code: ActionCode; message: string; privileged?: ActionResult['privileged'] };
export type Outcome = { ok: true; message: string } | Failure;

const IO_CLASS_NUMBER: Record<IoClass, string> = { realtime: '1', 'best-effort': '2', idle: '3' };

/** The errno name of whatever a syscall wrapper threw (os.setPriority nests it in `info`). */
function errnoOf(error: unknown): string | undefined {
  const e = error as { code?: string; info?: { code?: string } } | null;
  return e?.info?.code ?? e?.code;
}

function runTool(file: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { LC_ALL: 'C', PATH: '/usr/bin:/bin:/usr/sbin:/sbin' }, timeout: 10_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stderr: String(stderr) });
    });
  });
}

function privileged(argv: string[]): NonNullable<ActionResult['privileged']> {
  const pkexec = findTool('pkexec');
  const full = [pkexec ?? 'sudo', ...argv];
  return { argv: full, commandLine: full.join(' '), pkexecAvailable: pkexec !== null };
}

function permissionFailure(
  users: IdNames,
  target: Target,
  label: string,
  what: string,
  argv: string[],
  ownProcessSentence?: (command: string) => string,
): Failure {
  const priv = privileged(argv);
  const me = process.getuid?.();
  const message =
    target.uid !== null && target.uid !== me
      ? say.otherUser(label, users.name(target.uid), what, priv.commandLine)
      : (ownProcessSentence ?? ((command: string) => say.notAllowed(label, what, command)))(priv.commandLine);
  return { ok: false, code: 'EPERM', message, privileged: priv };
}

/** Does what was asked of a process that passed the guards; errno becomes a sentence, EPERM offers the privileged command. */
export function perform(pid: number, action: ProcessAction, target: Target, label: string, users: IdNames): Promise<Outcome> {
  if (action.kind === 'signal') return sendSignal(pid, action.signal, target, label, users);
  if (action.kind === 'renice') return renice(pid, action.nice, target, label, users);
  return ionice(pid, action.class, action.level, target, label, users);
}

async function sendSignal(pid: number, signal: SignalName, target: Target, label: string, users: IdNames): Promise<Outcome> {
  try {
    process.kill(pid, `SIG${signal}`);
    return { ok: true, message: say.signalDone(signal, label) };
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ESRCH') return { ok: false, code: 'ESRCH', message: say.alreadyExited(pid) };
    if (errno === 'EPERM') {
      const kill = findTool('kill') ?? 'kill';
      return permissionFailure(users, target, label, `Sending it ${signal}`, [kill, '-s', signal, String(pid)]);
    }
    return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `signal ${signal}`) };
  }
}

async function renice(pid: number, nice: number, target: Target, label: string, users: IdNames): Promise<Outcome> {
  const tool = findTool('renice') ?? 'renice';
  const argv = [tool, '-n', String(nice), '-p', String(pid)];
  try {
    setPriority(pid, nice);
    return { ok: true, message: `Set the nice value of ${label} to ${nice} (was ${target.stat.nice}).` };
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ESRCH') return { ok: false, code: 'ESRCH', message: say.alreadyExited(pid) };
    // EACCES: lowering nice below the current value without CAP_SYS_NICE; EPERM: another user's process.
    if (errno === 'EACCES' && (target.uid === null || target.uid === process.getuid?.())) {
      const priv = privileged(argv);
      return { ok: false, code: 'EPERM', message: say.raisePriority(label, nice, target.stat.nice, priv.commandLine), privileged: priv };
    }
    if (errno === 'EPERM' || errno === 'EACCES') return permissionFailure(users, target, label, 'Changing its priority', argv);
    return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `nice ${nice}`) };
  }
}

async function ionice(pid: number, ioClass: IoClass, level: number, target: Target, label: string, users: IdNames): Promise<Outcome> {
  const tool = findTool('ionice');
  if (!tool) return { ok: false, code: 'TOOL_MISSING', message: say.toolMissing('ionice', 'util-linux') };
  const args = ['-c', IO_CLASS_NUMBER[ioClass]];
  if (ioClass !== 'idle') args.push('-n', String(level));
  args.push('-p', String(pid));
  const what = ioClass === 'idle' ? 'idle' : `${ioClass} ${level}`;
  const { code, stderr } = await runTool(tool, args);
  if (code === 0) return { ok: true, message: `Set the I/O priority of ${label} to ${what}.` };
  if (/No such process/i.test(stderr)) return { ok: false, code: 'ESRCH', message: say.alreadyExited(pid) };
  if (/not permitted|permission denied/i.test(stderr)) {
    const realtime =
      ioClass === 'realtime' ? (command: string) => `Realtime I/O priority for ${label} needs administrator rights; you can run: ${command}` : undefined;
    return permissionFailure(users, target, label, `Setting its I/O priority to ${what}`, [tool, ...args], realtime);
  }
  return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `I/O priority ${what}`) };
}
