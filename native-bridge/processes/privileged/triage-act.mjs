#!/usr/bin/node
// Triage's privileged helper, run as root through pkexec (installed as /usr/lib/triage/triage-act).
// It trusts nothing from its caller: every argument is re-validated here, the target is re-read from
// /proc and must still have the start time the user saw, and it takes no paths, no environment and no
// tool names from the caller. Only node: built-ins, so it runs without the app's node_modules.
//
//   triage-act signal PID STARTTIME SIGNAME
//   triage-act renice PID STARTTIME NICE
//   triage-act ionice PID STARTTIME CLASS LEVEL
//
// Prints exactly one JSON line {ok, code?, message} and exits 0 on success, 1 otherwise.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const SIGNALS = new Set(['TERM', 'KILL', 'STOP', 'CONT', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'ABRT', 'ALRM', 'TSTP', 'TTIN', 'TTOU', 'WINCH']);
const IO_CLASSES = { realtime: '1', 'best-effort': '2', idle: '3' };
const IONICE = '/usr/bin/ionice';
const PID_MAX_LIMIT = 4194304;

function finish(ok, code, message) {
  process.stdout.write(`${JSON.stringify(ok ? { ok: true, message } : { ok: false, code, message })}\n`);
  process.exit(ok ? 0 : 1);
}

const refuse = (code, message) => finish(false, code, message);

function pidMax() {
  try {
    const n = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim());
    return Number.isSafeInteger(n) && n > 1 && n <= PID_MAX_LIMIT ? n : PID_MAX_LIMIT;
  } catch {
    return PID_MAX_LIMIT;
  }
}

/** Digits only (no sign, no dot, no spaces, no leading zeros beyond "0"), at most 16 of them. */
function wholeNumber(text, what) {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(text)) refuse('INVALID_INPUT', `The ${what} must be a whole number written with digits only.`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) refuse('INVALID_INPUT', `The ${what} is too large.`);
  return n;
}

function parsePid(text) {
  const pid = wholeNumber(text, 'process id');
  if (pid === 1) refuse('REFUSED', 'Process 1 is the system\'s init process; the administrator helper never acts on it.');
  const max = pidMax();
  if (pid < 2 || pid > max) refuse('INVALID_INPUT', `The process id must be a whole number from 2 to ${max}.`);
  if (pid === process.pid || pid === process.ppid) refuse('REFUSED', 'The administrator helper does not act on itself or on the program that started it.');
  return pid;
}

/** comm and start time (field 22) from /proc/PID/stat; the name may hold spaces and ')', so split at the last ')'. */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), so field 22 is rest[19].
  const startTime = Number(rest[19]);
  if (!Number.isSafeInteger(startTime)) return null;
  return { comm: text.slice(open + 1, close), startTime };
}

function errnoOf(error) {
  return error?.info?.code ?? error?.code;
}

const [, , verb, ...args] = process.argv;
const expected = { signal: 3, renice: 3, ionice: 4 }[verb];
if (expected === undefined) refuse('INVALID_INPUT', 'Usage: triage-act signal PID STARTTIME SIGNAME | renice PID STARTTIME NICE | ionice PID STARTTIME CLASS LEVEL');
if (args.length !== expected) refuse('INVALID_INPUT', `The ${verb} action takes exactly ${expected} arguments.`);

const pid = parsePid(args[0]);
const startTime = wholeNumber(args[1], 'start time');

// All remaining arguments are validated before the target is looked at.
let perform;
if (verb === 'signal') {
  const name = args[2];
  if (!SIGNALS.has(name)) refuse('INVALID_INPUT', 'That signal is not one Triage sends (TERM, KILL, STOP, CONT, HUP, INT, QUIT, USR1, USR2…).');
  perform = (label) => {
    process.kill(pid, `SIG${name}`);
    return `Sent ${name} to ${label} with administrator rights.`;
  };
} else if (verb === 'renice') {
  if (!/^-?(0|[1-9][0-9]?)$/.test(args[2])) refuse('INVALID_INPUT', 'The nice value must be a whole number from -20 (highest priority) to 19 (lowest).');
  const nice = Number(args[2]);
  if (nice < -20 || nice > 19) refuse('INVALID_INPUT', 'The nice value must be a whole number from -20 (highest priority) to 19 (lowest).');
  perform = (label) => {
    setPriority(pid, nice);
    return `Set the nice value of ${label} to ${nice} with administrator rights.`;
  };
} else {
  const ioClass = Object.hasOwn(IO_CLASSES, args[2]) ? IO_CLASSES[args[2]] : undefined;
  if (ioClass === undefined) refuse('INVALID_INPUT', 'The I/O class must be realtime, best-effort or idle.');
  if (!/^[0-7]$/.test(args[3])) refuse('INVALID_INPUT', 'The I/O priority level must be a whole number from 0 (highest) to 7 (lowest).');
  const level = args[3];
  perform = (label) => {
    const argv = ['-c', ioClass, ...(ioClass === '3' ? [] : ['-n', level]), '-p', String(pid)];
    const run = spawnSync(IONICE, argv, { env: {}, cwd: '/', encoding: 'utf8', timeout: 10_000 });
    if (run.error) {
      const error = new Error(run.error.code === 'ENOENT' ? 'ionice is not installed' : run.error.message);
      error.code = run.error.code === 'ENOENT' ? 'TOOL_MISSING' : 'EINVAL';
      throw error;
    }
    if (run.status !== 0) {
      const error = new Error(String(run.stderr).trim());
      error.code = /No such process/i.test(run.stderr) ? 'ESRCH' : /not permitted|permission denied/i.test(run.stderr) ? 'EPERM' : 'EINVAL';
      throw error;
    }
    return `Set the I/O priority of ${label} to ${args[2] === 'idle' ? 'idle' : `${args[2]} ${level}`} with administrator rights.`;
  };
}

const stat = readStat(pid);
if (!stat) refuse('ESRCH', `Process ${pid} already exited, so nothing was done.`);
if (stat.startTime !== startTime) refuse('PID_REUSED', `Process ${pid} is not the one you selected: that one exited and the number now belongs to ${stat.comm}. Nothing was done.`);
const label = `${stat.comm} (pid ${pid})`;

try {
  finish(true, undefined, perform(label));
} catch (error) {
  const code = errnoOf(error);
  if (code === 'ESRCH') refuse('ESRCH', `Process ${pid} already exited, so nothing was done.`);
  if (code === 'TOOL_MISSING') refuse('TOOL_MISSING', 'The ionice program is not installed; install it with: sudo apt-get install util-linux');
  if (code === 'EPERM' || code === 'EACCES') refuse('EPERM', `The system refused this for ${label} even with administrator rights.`);
  refuse('EINVAL', `The system rejected this request for ${label} as invalid.`);
}
