import { execFile } from 'node:child_process';
import * as z from 'zod';
import { ActionCode, auditParamsOf, RetryPrivilegedInput, type ActionResult, type AuditEntry } from '../contract/processes.js';
import { idNames } from '../procfs/id-names.js';
import * as say from './action-messages.js';
import type { AuditLog } from './audit-log.js';
import { findTool } from './find-tool.js';
import { protectionOf } from './guard.js';
import { checkHelperTrust, INSTALLED_HELPER, untrustedHelperMessage, type Lstat } from './privileged-helper-path.js';
import { readTarget } from './read-target.js';
import { whoAmI } from '../shared/who-am-i.js';

export interface PrivilegedOptions {
  auditLog: AuditLog;
  procRoot?: string;
  selfPid?: number;
  passwdPath?: string;
  /** Absolute pkexec; null = not installed. Default: looked up once (system directories first). */
  pkexecPath?: string | null;
  /**
   * Where the helper is expected (tests point at a temp copy); default INSTALLED_HELPER. Whatever the path,
   * it is run only when it and every folder above it are root-owned and writable by no one else.
   */
  helperPath?: string;
  /** For tests of the ownership check; default fs.lstatSync. */
  lstat?: Lstat;
}

/** What the helper prints: one JSON line. */
const HelperReply = z.object({ ok: z.boolean(), code: ActionCode.optional(), message: z.string().max(2000) });

/** The helper's argv after its path, built from validated input only. */
export function helperArgs(input: z.output<typeof RetryPrivilegedInput>): string[] {
  const key = [String(input.pid), String(input.startTime)];
  const a = input.action;
  if (a.kind === 'signal') return ['signal', ...key, a.signal];
  if (a.kind === 'renice') return ['renice', ...key, String(a.nice)];
  return ['ionice', ...key, a.class, String(a.level)];
}

/** pkexec needs only a PATH and, for a graphical password prompt, the display variables. */
export function cleanEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/bin:/bin' };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY'] as const) {
    const value = from[name];
    if (value) env[name] = value;
  }
  return env;
}

function runPkexec(pkexec: string, argv: string[]): Promise<{ status: number; stdout: string }> {
  return new Promise((resolve) => {
    // The user may take a while to type the password; five minutes, then give up.
    execFile(pkexec, argv, { env: cleanEnv(), cwd: '/', timeout: 300_000, maxBuffer: 64 * 1024 }, (error, stdout) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, stdout: String(stdout) });
    });
  });
}

function replyOf(stdout: string): z.infer<typeof HelperReply> | null {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) return null;
  try {
    const parsed = HelperReply.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * processes.retryPrivileged: the same action again through pkexec and Triage's root helper (polkit asks for
 * the password; Triage itself never runs as root). Checks identity and protection here first so no password
 * is asked for a process that is gone or reused; the helper checks everything again as root. Without pkexec
 * it answers UNSUPPORTED with the exact command. Every request is audited as privileged-<kind>.
 */
export function createPrivilegedRetry(options: PrivilegedOptions): (raw: unknown) => Promise<ActionResult> {
  const procRoot = options.procRoot ?? '/proc';
  const selfPid = options.selfPid ?? process.pid;
  const users = idNames(options.passwdPath);

  return async (raw) => {
    const parsed = RetryPrivilegedInput.safeParse(raw);
    if (!parsed.success) {
      // Nothing identifiable to audit; the dispatcher already rejects this shape before it gets here.
      return { ok: false, code: 'INVALID_INPUT', message: 'The request was refused: it is malformed.', target: null };
    }
    const input = parsed.data;
    const action = `privileged-${input.action.kind}` as AuditEntry['action'];
    const params = auditParamsOf(input.action);
    const target = readTarget(procRoot, input.pid);
    const same = target !== null && target.stat.startTime === input.startTime;
    const label = target ? say.label(target.stat.comm, input.pid) : `process ${input.pid}`;

    let result: ActionResult;
    const base = {
      target: same
        ? { pid: input.pid, startTime: input.startTime, name: target.stat.comm, user: target.uid === null ? '?' : users.name(target.uid), cmdline: target.cmdline }
        : null,
    };
    const helperPath = options.helperPath ?? INSTALLED_HELPER;
    // Checked at every retry: a helper replaced since the last one must not run.
    const trust = checkHelperTrust(helperPath, options.lstat);
    const pkexec = options.pkexecPath === undefined ? findTool('pkexec') : options.pkexecPath;
    const args = helperArgs(input);

    if (!target) {
      result = { ok: false, code: 'ESRCH', message: say.alreadyExited(input.pid), ...base };
    } else if (!same) {
      result = { ok: false, code: 'PID_REUSED', message: say.pidReused(input.pid, target.stat.comm), ...base };
    } else if (protectionOf(procRoot, input.pid, selfPid)) {
      result = { ok: false, code: 'REFUSED', message: `${label} is init or part of Triage itself; the administrator retry never acts on it.`, ...base };
    } else if (!trust.ok) {
      // No privileged field: nothing to retry until the helper is installed properly.
      result = { ok: false, code: 'UNSUPPORTED', message: untrustedHelperMessage(trust), ...base };
    } else if (pkexec === null) {
      const argv = ['sudo', trust.path, ...args];
      const commandLine = argv.join(' ');
      result = {
        ok: false,
        code: 'UNSUPPORTED',
        message: `pkexec is not installed, so Triage cannot ask for the administrator password itself; you can run: ${commandLine}`,
        privileged: { argv, commandLine, pkexecAvailable: false },
        ...base,
      };
    } else {
      const { status, stdout } = await runPkexec(pkexec, [trust.path, ...args]);
      const reply = replyOf(stdout);
      if (reply) {
        result = reply.ok ? { ok: true, message: reply.message, ...base } : { ok: false, code: reply.code ?? 'EPERM', message: reply.message, ...base };
      } else if (status === 126) {
        result = { ok: false, code: 'EPERM', message: 'The administrator password was not given, so nothing was done.', ...base };
      } else {
        result = { ok: false, code: 'EPERM', message: `Administrator rights could not be obtained (pkexec exit status ${status}), so nothing was done.`, ...base };
      }
    }

    const entry: AuditEntry = {
      time: new Date().toISOString(),
      user: whoAmI(),
      action,
      // Which file would run (or ran) as root, so a later reader can tell what was trusted.
      params: { ...params, helper: helperPath },
      forced: false,
      target: { pid: input.pid, startTime: input.startTime, name: same ? target.stat.comm : null, cmdline: same ? target.cmdline : null },
      result: result.ok ? { ok: true, message: result.message } : { ok: false, code: result.code, message: result.message },
    };
    try {
      options.auditLog.append(entry);
      result.audit = entry;
    } catch (error) {
      result.auditError = `This action could not be written to the audit log (${options.auditLog.path}): ${(error as Error).message}`;
    }
    return result;
  };
}
