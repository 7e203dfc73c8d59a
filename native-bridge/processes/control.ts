import { execFile } from 'node:child_process';
import { setPriority } from 'node:os';
import {
  ActInput,
  auditParamsOf,
  type ActionCode,
  type ActionResult,
  type AuditEntry,
  type IoClass,
  type ProcessAction,
  type SignalName,
} from '../contract/processes.js';
import * as say from './action-messages.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { idNames } from '../procfs/id-names.js';
import type { ProcReader } from '../procfs/read.js';
import { findTool } from './find-tool.js';
import { protectionOf } from './guard.js';
import { readTarget, type Target } from './read-target.js';
import { whoAmI } from '../shared/who-am-i.js';

export interface ControlOptions {
  procRoot?: string;
  /** Where the audit log lives (default <state dir>/audit.jsonl); ignored when auditLog is given. */
  auditPath?: string;
  auditLog?: AuditLog;
  /** The process whose own family is protected (default this process). */
  selfPid?: number;
  passwdPath?: string;
  /** How /proc files are read by path (tests inject a process that vanishes mid-read). */
  readFile?: ProcReader;
}

export interface ProcessControl {
  /** Signal, renice or ionice (ActInput). Validated again here: the CLI and tests call in without the dispatcher. */
  act(input: unknown): Promise<ActionResult>;
  readonly audit: AuditLog;
}

type Failure = { ok: false; code: ActionCode; message: string; privileged?: ActionResult['privileged'] };
type Outcome = { ok: true; message: string } | Failure;

const IO_CLASS_NUMBER: Record<IoClass, string> = { realtime: '1', 'best-effort': '2', idle: '3' };

/** The errno name of whatever a syscall wrapper threw (os.setPriority nests it in `info`). */
function errnoOf(error: unknown): string | undefined {
  const e = error as { code?: string; info?: { code?: string } } | null;
  return e?.info?.code ?? e?.code;
}

function inputSentence(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const path = issues[0]?.path ?? [];
  const field = String(path[path.length - 1] ?? '');
  if (field === 'pid') return 'The request was refused: a process id must be a whole number from 1 to 4194304.';
  if (field === 'startTime') return 'The request was refused: the start time must be the whole number the process table showed.';
  if (field === 'signal') return 'The request was refused: that signal is not one Triage sends (TERM, KILL, STOP, CONT, HUP, INT, QUIT, USR1, USR2…).';
  if (field === 'nice') return 'The request was refused: the nice value must be a whole number from -20 (highest priority) to 19 (lowest).';
  if (field === 'level') return 'The request was refused: the I/O priority level must be a whole number from 0 (highest) to 7 (lowest).';
  if (field === 'class') return 'The request was refused: the I/O class must be realtime, best-effort or idle.';
  return `The request was refused: it is malformed (${issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}).`;
}

const KINDS: ReadonlyArray<ProcessAction['kind']> = ['signal', 'renice', 'ionice'];

function kindOf(action: unknown): ProcessAction['kind'] {
  const asked = typeof action === 'object' && action !== null ? (action as { kind?: unknown }).kind : undefined;
  return KINDS.find((k) => k === asked) ?? 'signal';
}

function runTool(file: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { LC_ALL: 'C', PATH: '/usr/bin:/bin:/usr/sbin:/sbin' }, timeout: 10_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stderr: String(stderr) });
    });
  });
}

/**
 * Signal, renice and ionice with the guards the issue asks for: validate, re-read the target and refuse a
 * reused pid, refuse pid 1 and Triage's own family unless forced, act, turn errno into a sentence (with
 * the privileged command on EPERM), and append one audit line for every request, refused ones included.
 * A tiny race remains between the re-read and the syscall (Node has no pidfd_send_signal); the window is
 * microseconds, against the seconds a user takes to confirm.
 */
export function createProcessControl(options: ControlOptions = {}): ProcessControl {
  const procRoot = options.procRoot ?? '/proc';
  const selfPid = options.selfPid ?? process.pid;
  const audit = options.auditLog ?? createAuditLog(options.auditPath);
  const users = idNames(options.passwdPath);

  function privileged(argv: string[]): NonNullable<ActionResult['privileged']> {
    const pkexec = findTool('pkexec');
    const full = [pkexec ?? 'sudo', ...argv];
    return { argv: full, commandLine: full.join(' '), pkexecAvailable: pkexec !== null };
  }

  function permissionFailure(target: Target, label: string, what: string, argv: string[], ownProcessSentence?: (command: string) => string): Failure {
    const priv = privileged(argv);
    const me = process.getuid?.();
    const message =
      target.uid !== null && target.uid !== me
        ? say.otherUser(label, users.name(target.uid), what, priv.commandLine)
        : (ownProcessSentence ?? ((command: string) => say.notAllowed(label, what, command)))(priv.commandLine);
    return { ok: false, code: 'EPERM', message, privileged: priv };
  }

  async function act(raw: unknown): Promise<ActionResult> {
    const parsed = ActInput.safeParse(raw);
    const rawObj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    let outcome: Outcome;
    let target: Target | null = null;
    let params: AuditEntry['params'] = {};
    // A malformed request is audited under the kind it asked for, when it named one.
    let kind = kindOf(rawObj.action);
    let forced = false;
    let key = {
      pid: Number.isSafeInteger(rawObj.pid) ? (rawObj.pid as number) : 0,
      startTime: Number.isSafeInteger(rawObj.startTime) ? (rawObj.startTime as number) : 0,
    };
    if (!parsed.success) {
      outcome = { ok: false, code: 'INVALID_INPUT', message: inputSentence(parsed.error.issues) };
    } else {
      const input = parsed.data;
      kind = input.action.kind;
      params = auditParamsOf(input.action);
      forced = input.force === true;
      key = { pid: input.pid, startTime: input.startTime };
      if (process.platform !== 'linux' && procRoot === '/proc') {
        outcome = { ok: false, code: 'UNSUPPORTED', message: 'Process actions are only available on Linux for now.' };
      } else {
        target = readTarget(procRoot, input.pid, options.readFile);
        if (!target) {
          outcome = { ok: false, code: 'ESRCH', message: say.alreadyExited(input.pid) };
        } else if (target.stat.startTime !== input.startTime) {
          outcome = { ok: false, code: 'PID_REUSED', message: say.pidReused(input.pid, target.stat.comm) };
        } else {
          const label = say.label(target.stat.comm, input.pid);
          const protection = protectionOf(procRoot, input.pid, selfPid);
          if (protection && !forced) {
            outcome = { ok: false, code: 'REFUSED', message: say.protectedSentence(protection, label) };
          } else {
            outcome = await perform(input.pid, input.action, target, label);
          }
        }
      }
    }
    const sameProcess = target !== null && target.stat.startTime === key.startTime;
    const result: ActionResult = {
      ok: outcome.ok,
      message: outcome.message,
      target:
        target && sameProcess
          ? {
              pid: key.pid,
              startTime: key.startTime,
              name: target.stat.comm,
              user: target.uid === null ? '?' : users.name(target.uid),
              cmdline: target.cmdline,
            }
          : null,
    };
    if (!outcome.ok) {
      result.code = outcome.code;
      if (outcome.privileged) result.privileged = outcome.privileged;
    }
    const entry: AuditEntry = {
      time: new Date().toISOString(),
      user: whoAmI(),
      action: kind,
      params,
      forced,
      target: {
        ...key,
        name: sameProcess ? target!.stat.comm : null,
        cmdline: sameProcess ? target!.cmdline : null,
      },
      result: outcome.ok ? { ok: true, message: outcome.message } : { ok: false, code: outcome.code, message: outcome.message },
    };
    try {
      audit.append(entry);
      result.audit = entry;
    } catch (error) {
      result.auditError = `This action could not be written to the audit log (${audit.path}): ${(error as Error).message}`;
    }
    return result;
  }

  function perform(pid: number, action: ProcessAction, target: Target, label: string): Promise<Outcome> {
    if (action.kind === 'signal') return sendSignal(pid, action.signal, target, label);
    if (action.kind === 'renice') return renice(pid, action.nice, target, label);
    return ionice(pid, action.class, action.level, target, label);
  }

  async function sendSignal(pid: number, signal: SignalName, target: Target, label: string): Promise<Outcome> {
    try {
      process.kill(pid, `SIG${signal}`);
      return { ok: true, message: say.signalDone(signal, label) };
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ESRCH') return { ok: false, code: 'ESRCH', message: say.alreadyExited(pid) };
      if (errno === 'EPERM') {
        const kill = findTool('kill') ?? 'kill';
        return permissionFailure(target, label, `Sending it ${signal}`, [kill, '-s', signal, String(pid)]);
      }
      return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `signal ${signal}`) };
    }
  }

  async function renice(pid: number, nice: number, target: Target, label: string): Promise<Outcome> {
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
      if (errno === 'EPERM' || errno === 'EACCES') return permissionFailure(target, label, 'Changing its priority', argv);
      return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `nice ${nice}`) };
    }
  }

  async function ionice(pid: number, ioClass: IoClass, level: number, target: Target, label: string): Promise<Outcome> {
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
      return permissionFailure(target, label, `Setting its I/O priority to ${what}`, [tool, ...args], realtime);
    }
    return { ok: false, code: 'EINVAL', message: say.invalidArgument(label, `I/O priority ${what}`) };
  }

  return { audit, act };
}
