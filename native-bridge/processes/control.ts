import type { z } from 'zod';
import { ActInput, auditParamsOf, type ActionResult, type AuditEntry, type ProcessAction } from '../contract/processes.js';
import * as say from './action-messages.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { perform, type Failure, type Outcome } from './control-actions.js';
import { idNames } from '../procfs/id-names.js';
import type { ProcReader } from '../procfs/read.js';
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

type ParsedInput = z.output<typeof ActInput>;
type Key = { pid: number; startTime: number };

/** What the audit line names: a malformed request is audited under the kind and process it named, when it did. */
function requestOf(raw: unknown, input: ParsedInput | null): { kind: ProcessAction['kind']; params: AuditEntry['params']; forced: boolean; key: Key } {
  if (input) {
    return { kind: input.action.kind, params: auditParamsOf(input.action), forced: input.force === true, key: { pid: input.pid, startTime: input.startTime } };
  }
  const rawObj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const key = {
    pid: Number.isSafeInteger(rawObj.pid) ? (rawObj.pid as number) : 0,
    startTime: Number.isSafeInteger(rawObj.startTime) ? (rawObj.startTime as number) : 0,
  };
  return { kind: kindOf(rawObj.action), params: {}, forced: false, key };
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

  /** The guards in order (platform, gone, pid reused, protected unless forced), then the action itself. */
  async function decide(input: ParsedInput): Promise<{ outcome: Outcome; target: Target | null }> {
    if (process.platform !== 'linux' && procRoot === '/proc') {
      return { outcome: { ok: false, code: 'UNSUPPORTED', message: 'Process actions are only available on Linux for now.' }, target: null };
    }
    const target = readTarget(procRoot, input.pid, options.readFile);
    if (!target) return { outcome: { ok: false, code: 'ESRCH', message: say.alreadyExited(input.pid) }, target };
    if (target.stat.startTime !== input.startTime) {
      return { outcome: { ok: false, code: 'PID_REUSED', message: say.pidReused(input.pid, target.stat.comm) }, target };
    }
    const label = say.label(target.stat.comm, input.pid);
    const protection = protectionOf(procRoot, input.pid, selfPid);
    if (protection && input.force !== true) return { outcome: { ok: false, code: 'REFUSED', message: say.protectedSentence(protection, label) }, target };
    return { outcome: await perform(input.pid, input.action, target, label, users), target };
  }

  /** The process acted on, when the pid still names the one that was asked for. */
  function targetOf(target: Target | null, key: Key): ActionResult['target'] {
    if (!target || target.stat.startTime !== key.startTime) return null;
    const user = target.uid === null ? '?' : users.name(target.uid);
    return { ...key, name: target.stat.comm, user, cmdline: target.cmdline };
  }

  async function act(raw: unknown): Promise<ActionResult> {
    const parsed = ActInput.safeParse(raw);
    const asked = requestOf(raw, parsed.success ? parsed.data : null);
    const { outcome, target } = parsed.success
      ? await decide(parsed.data)
      : { outcome: { ok: false, code: 'INVALID_INPUT', message: inputSentence(parsed.error.issues) } satisfies Failure, target: null };
    const shown = targetOf(target, asked.key);
    const result: ActionResult = { ok: outcome.ok, message: outcome.message, target: shown };
    if (!outcome.ok) {
      result.code = outcome.code;
      if (outcome.privileged) result.privileged = outcome.privileged;
    }
    const entry: AuditEntry = {
      time: new Date().toISOString(),
      user: whoAmI(),
      action: asked.kind,
      params: asked.params,
      forced: asked.forced,
      target: { ...asked.key, name: shown?.name ?? null, cmdline: shown?.cmdline ?? null },
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

  return { audit, act };
}
