import { constants } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { TriageError } from '../../contract/errors.js';
import { Pid, SIGNAL_NAMES, SignalName, type ActionResult } from '../../contract/processes.js';
import { formatActionResult, sanitizeForTerminal } from '../../processes/format.js';
import { describePid } from '../../processes/read-target.js';
import { idNames } from '../../procfs/id-names.js';
import { parseCommandArgs } from '../args.js';
import { openRuntime } from '../runtime.js';

export const signalHelp = `Usage: triage signal SIGNAL PID [--yes] [--force]

Send a signal to one process, after showing which process it is and asking to confirm.

  SIGNAL    TERM, KILL, STOP, CONT, HUP, INT, QUIT, USR1, USR2, ABRT, ALRM, TSTP, TTIN, TTOU or WINCH
            (a SIG prefix, lower case and the usual numbers such as 9 or 15 work too)
  --yes     do not ask (needed when stdin is not a terminal, e.g. in scripts)
  --force   act even on init (pid 1) or Triage's own processes

Refused when the pid now belongs to another process than the one confirmed. Every request, done or
refused, is appended to the audit log.`;

// parseArgs would read "-5" or "-1" as an option: carry negative numbers through it under a marker, so
// they reach the pid and nice checks and get a sentence rather than "unknown option".
const NEGATIVE = 'negative-number:';
export const protectNegatives = (argv: string[]): string[] => argv.map((a) => (/^-\d+$/.test(a) ? `${NEGATIVE}${a}` : a));
export const restoreNegatives = (positionals: string[]): string[] =>
  positionals.map((p) => (p.startsWith(NEGATIVE) ? p.slice(NEGATIVE.length) : p));

/** A whole number from 1 to PID_MAX, or one plain sentence. Never 0 or -1 (kill(0/-1) signals groups). */
export function parsePidArg(text: string | undefined): number {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the process id (pid) to act on.');
  const parsed = /^\d+$/.test(text) ? Pid.safeParse(Number(text)) : null;
  if (!parsed?.success) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a process id: a pid is a whole number from 1 to 4194304.`);
  }
  return parsed.data;
}

export function parseSignalArg(text: string | undefined): SignalName {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the signal to send, for example TERM or STOP.');
  let name = text.trim().toUpperCase().replace(/^SIG/, '');
  if (/^\d+$/.test(name)) {
    const byNumber = Object.entries(constants.signals).find(([, n]) => n === Number(name));
    name = byNumber ? byNumber[0].replace(/^SIG/, '') : name;
  }
  const parsed = SignalName.safeParse(name);
  if (!parsed.success) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a signal Triage sends; use one of ${SIGNAL_NAMES.join(', ')}.`);
  }
  return parsed.data;
}

export interface DescribedTarget {
  pid: number;
  startTime: number;
  name: string;
  user: string;
  cmdline: string;
}

/** Who the pid is right now: the identity the action is then bound to (startTime), or ESRCH. */
export function describeTarget(pid: number): DescribedTarget {
  const users = idNames();
  const target = describePid(pid, (uid) => users.name(uid));
  if (!target) throw new TriageError('ESRCH', `There is no process ${pid} (it may have exited already); nothing was done.`);
  return target;
}

export function targetLine(t: DescribedTarget): string {
  return `${sanitizeForTerminal(t.name)} (pid ${t.pid}, user ${sanitizeForTerminal(t.user)}): ${sanitizeForTerminal(t.cmdline || `[${t.name}]`)}`;
}

/**
 * Asks on the terminal; refuses when there is none, so a script never acts without an explicit --yes.
 * The question goes to stderr, so stdout stays clean for whatever reads it.
 */
export async function confirmOnTerminal(command: string, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new TriageError(
      'REFUSED',
      `Refused: triage ${command} asks for confirmation and stdin is not a terminal; add --yes to confirm from a script. Nothing was done.`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question}\nProceed? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Prints the backend's sentence; exit 0 when done, 1 when refused or failed. */
export function reportResult(result: ActionResult): number {
  (result.ok ? process.stdout : process.stderr).write(formatActionResult(result));
  return result.ok ? 0 : 1;
}

export async function signalCommand(argv: string[]): Promise<number> {
  const parsedArgs = parseCommandArgs(protectNegatives(argv), {
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values } = parsedArgs;
  if (values.help) {
    process.stdout.write(`${signalHelp}\n`);
    return 0;
  }
  const positionals = restoreNegatives(parsedArgs.positionals);
  if (positionals.length > 2) throw new TriageError('INVALID_INPUT', 'triage signal takes a signal and one pid, for example: triage signal TERM 1234');
  const signal = parseSignalArg(positionals[0]);
  const pid = parsePidArg(positionals[1]);
  const target = describeTarget(pid);
  const confirmed = await confirmOnTerminal('signal', `Send ${signal} to ${targetLine(target)}`, values.yes ?? false);
  if (!confirmed) {
    process.stderr.write('Cancelled; nothing was done.\n');
    return 1;
  }
  const runtime = openRuntime('cli');
  try {
    const result = await runtime.client.call('processes.act', {
      pid,
      startTime: target.startTime,
      action: { kind: 'signal', signal },
      ...(values.force ? { force: true } : {}),
    });
    return reportResult(result);
  } finally {
    runtime.close();
  }
}
