import type { Implementation } from '../contract/define.js';
import type { Contract } from '../contract/index.js';
import type { AuditEntry } from '../contract/processes.js';
import { SECRET_RULES } from '../snapshot/redact-rules.js';
import { redactText } from '../snapshot/redact.js';
import type { AuditLog } from '../processes/audit-log.js';
import { readTarget } from '../processes/read-target.js';
import { whoAmI } from '../shared/who-am-i.js';

/** The methods that run programs or write files as the user; each call is audited like a signal. */
type Audited =
  | 'trace.start'
  | 'core.launchWithCores'
  | 'terminal.openGdbOnCore'
  | 'trace.saveCapture'
  | 'snapshot.export'
  | 'snapshot.html'
  | 'findings.setThresholds'
  | RecordingAudited;
type RecordingAudited = 'recording.installAutostart' | 'recording.uninstallAutostart' | 'recording.setExporter';
type Impl = Implementation<Contract>;
type AuditOptions = { procRoot?: string; onError?: (error: unknown) => void };

/** Secrets in command lines (passwords, tokens, keys) masked with the snapshot's own rules. */
const redact = (text: string): string => redactText(text, SECRET_RULES).text;

/** The process an action concerns, read once from /proc for its start time; Triage itself for file writes. */
function targetOf(pid: number | null, procRoot: string, fallbackName: string | null, cmdline: string | null): AuditEntry['target'] {
  const key = pid ?? process.pid;
  const proc = readTarget(procRoot, key);
  return {
    pid: key,
    startTime: proc?.stat.startTime ?? 0,
    name: pid === null ? 'triage' : (proc?.stat.comm ?? fallbackName),
    cmdline: cmdline === null ? null : redact(cmdline).slice(0, 4096),
  };
}

/** The kernel's name for a program: the file name, cut to 15 bytes as comm is. */
const programName = (path: string | undefined): string | null => (path ? (path.split('/').pop() ?? path).slice(0, 15) : null);

/** Each changed figure as its own param ("cpu-hog.warn": 50, "cpu-hog.reset": true; null: back to the default). */
function thresholdChangeParams(changes: Parameters<Impl['findings.setThresholds']>[0]['changes']): AuditEntry['params'] {
  const params: AuditEntry['params'] = {};
  for (const [rule, change] of Object.entries(changes)) {
    for (const [key, value] of Object.entries(change ?? {})) params[`${rule}.${key}`] = value === null ? 'default' : value;
  }
  return params;
}

function describeError(error: unknown): { ok: false; code?: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return { ok: false, ...(typeof code === 'string' ? { code } : {}), message: error instanceof Error ? error.message : String(error) };
}

type Audit = <T>(
  run: () => Promise<T>,
  action: AuditEntry['action'],
  describe: (value: T | null) => { params: AuditEntry['params']; target: AuditEntry['target']; message: string },
) => Promise<T>;

/** Runs an action and appends its audit line (allowed or failed); a failed audit write goes to onError. */
function auditor(log: AuditLog, options: AuditOptions): Audit {
  const record = (action: AuditEntry['action'], params: AuditEntry['params'], target: AuditEntry['target'], result: AuditEntry['result']) => {
    try {
      log.append({ time: new Date().toISOString(), user: whoAmI(), action, params, forced: false, target, result });
    } catch (error) {
      options.onError?.(new Error(`This action could not be written to the audit log (${log.path}): ${(error as Error).message}`));
    }
  };
  async function audited<T>(
    run: () => Promise<T>,
    action: AuditEntry['action'],
    describe: (value: T | null) => { params: AuditEntry['params']; target: AuditEntry['target']; message: string },
  ): Promise<T> {
    let value: T;
    try {
      value = await run();
    } catch (error) {
      const { params, target } = describe(null);
      record(action, params, target, describeError(error));
      throw error;
    }
    const { params, target, message } = describe(value);
    record(action, params, target, { ok: true, message });
    return value;
  }

  return audited;
}

/**
 * Wraps the powerful methods so each call (allowed or failed) lands in the audit log: what ran (program and
 * arguments, secrets redacted as in snapshots) or which file was written. The methods themselves are untouched.
 * An audit write that fails is reported through onError; the action has already happened by then.
 */
export function auditPowerfulActions(impl: Impl, log: AuditLog, options: AuditOptions = {}): Pick<Impl, Audited> {
  const procRoot = options.procRoot ?? '/proc';
  const audited = auditor(log, options);
  return {
    'trace.start': (input) =>
      audited(() => impl['trace.start'](input), input.mode === 'launch' ? 'trace-launch' : 'trace-attach', (session) => {
        if (input.mode === 'attach') {
          return { params: { recipe: input.recipe }, target: targetOf(input.pid, procRoot, null, session?.command.join(' ') ?? null), message: `Attached a trace (${input.recipe}).` };
        }
        const line = [input.command, ...input.args].join(' ');
        return {
          params: { recipe: input.recipe, command: redact(line).slice(0, 4096), ...(input.cwd ? { cwd: input.cwd } : {}) },
          target: session?.pid ? targetOf(session.pid, procRoot, input.command, line) : { pid: 0, startTime: 0, name: input.command.split('/').pop() ?? null, cmdline: redact(line).slice(0, 4096) },
          message: `Launched under a trace (${input.recipe}).`,
        };
      }),
    'core.launchWithCores': (input) =>
      audited(() => impl['core.launchWithCores'](input), 'launch-with-cores', (launched) => {
        const line = input.argv.join(' ');
        return {
          params: { command: redact(line).slice(0, 4096), cwd: input.cwd },
          // Named by the program asked for: right after the launch the process may still be the prlimit
          // wrapper that execs it (same pid and start time, not yet the program's name).
          target: launched
            ? { ...targetOf(launched.pid, procRoot, null, line), name: programName(input.argv[0]) }
            : { pid: 0, startTime: 0, name: input.argv[0] ?? null, cmdline: redact(line).slice(0, 4096) },
          message: 'Launched with core dumps enabled.',
        };
      }),
    'terminal.openGdbOnCore': (input) =>
      audited(() => impl['terminal.openGdbOnCore'](input), 'gdb-terminal', (opened) => ({
        params: { core: input.path, ...(input.exe ? { exe: input.exe } : {}) },
        target: targetOf(null, procRoot, null, opened ? opened.argv.join(' ') : null),
        message: 'Opened a gdb terminal on a core.',
      })),
    'trace.saveCapture': (input) =>
      audited(() => impl['trace.saveCapture'](input), 'save-capture', (saved) => ({
        params: { path: saved?.path ?? input.path ?? '(state folder)', ...(saved ? { bytes: saved.bytes } : {}) },
        target: targetOf(null, procRoot, null, null),
        message: 'Saved a trace capture.',
      })),
    'snapshot.export': (input) =>
      audited(() => impl['snapshot.export'](input), 'save-snapshot', (saved) => ({
        params: { path: saved?.path ?? input.path ?? '(state folder)', ...(saved ? { bytes: saved.bytes } : {}) },
        target: targetOf(null, procRoot, null, null),
        message: input.from === undefined ? 'Saved a snapshot.' : 'Saved a snapshot of a recorded window.',
      })),
    'snapshot.html': (input) =>
      audited(() => impl['snapshot.html'](input), 'save-report', (saved) => ({
        params: { path: saved?.path ?? ('path' in input ? `${input.path} (report)` : '(state folder)'), ...(saved ? { bytes: saved.bytes } : {}) },
        target: targetOf(null, procRoot, null, null),
        message: 'Saved an HTML report.',
      })),
    'findings.setThresholds': (input) =>
      audited(() => impl['findings.setThresholds'](input), 'save-thresholds', (saved) => ({
        params: { ...(saved ? { path: saved.file } : {}), ...thresholdChangeParams(input.changes) },
        target: targetOf(null, procRoot, null, null),
        message: 'Changed the findings thresholds.',
      })),
    ...auditRecordingActions(impl, log, options),
  };
}

/** The recording changes (autostart entry, metrics exporter), audited alike by the backend and `triage record`'s own part. */
export function auditRecordingActions(impl: Pick<Impl, RecordingAudited>, log: AuditLog, options: AuditOptions = {}): Pick<Impl, RecordingAudited> {
  const procRoot = options.procRoot ?? '/proc';
  const audited = auditor(log, options);
  return {
    'recording.installAutostart': (input) =>
      audited(() => impl['recording.installAutostart'](input), 'install-autostart', (done) => {
        const plan = done?.status.autostart.plan ?? null;
        return {
          params: { ...(done?.status.autostart.installed ? { path: done.status.autostart.installed.path } : {}), ...(plan ? { command: plan.argv.join(' '), runsAs: plan.runsAs.name } : {}) },
          target: targetOf(null, procRoot, null, null),
          message: done ? done.lines.join(' ') : 'Tried to make the recorder start at login.',
        };
      }),
    'recording.uninstallAutostart': (input) =>
      audited(() => impl['recording.uninstallAutostart'](input), 'uninstall-autostart', (done) => ({
        params: {},
        target: targetOf(null, procRoot, null, null),
        message: done ? done.lines.join(' ') : 'Tried to stop the recorder starting at login.',
      })),
    'recording.setExporter': (input) =>
      // The token file's path is audited, never its content.
      audited(() => impl['recording.setExporter'](input), 'set-metrics-exporter', (state) => ({
        params: input.on ? { on: true, address: input.address, ...(input.tokenFile ? { tokenFile: input.tokenFile } : {}), ...(state?.url ? { url: state.url } : {}) } : { on: false },
        target: targetOf(null, procRoot, null, null),
        message: input.on ? `Serving metrics on ${state?.url ?? input.address}.` : 'Stopped serving metrics.',
      })),
  };
}
