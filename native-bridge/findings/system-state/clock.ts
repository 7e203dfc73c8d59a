import { existsSync } from 'node:fs';
import type { Unavailable } from '../observation.js';
import { runProgram } from './run.js';

/** Whether the kernel's clock is disciplined by a time service, and who said so. */
export interface ClockStatus {
  synchronised: boolean;
  /** timedatectl (systemd asks the kernel for us) or adjtimex (the kernel's flag read directly). */
  via: 'timedatectl' | 'adjtimex';
  /** timedatectl's NTP=: whether a time service is enabled; null when not known. */
  ntpEnabled: boolean | null;
  /** The kernel's maximum error estimate, ms (16 s once nothing disciplines the clock); null via timedatectl. */
  maxErrorMs: number | null;
}

/** STA_UNSYNC in struct timex's status: set by the kernel until a time service disciplines the clock. */
const STA_UNSYNC = 0x40;
/** adjtimex's return value while the clock is not synchronised. */
const TIME_ERROR = 5;

/**
 * adjtimex(2) with modes 0 only reads (any user may). Node cannot make the call itself, so a Python in
 * isolated mode (-I: no environment, no user site; -S: no site imports) makes it through ctypes and prints
 * the return value, the status word and the error estimate (µs). struct timex is laid out with C longs.
 */
export const ADJTIMEX_SCRIPT = [
  'import ctypes',
  'L = ctypes.c_long',
  'class T(ctypes.Structure): _fields_ = [("modes", ctypes.c_uint), ("offset", L), ("freq", L), ("maxerror", L), ("esterror", L), ("status", ctypes.c_int), ("rest", ctypes.c_char * 256)]',
  't = T()',
  'state = ctypes.CDLL(None, use_errno=True).adjtimex(ctypes.byref(t))',
  'print(state, t.status, t.maxerror)',
].join('\n');

/** Pure: the script's one line "STATE STATUS MAXERROR_US". */
export function parseAdjtimex(text: string): ClockStatus | null {
  const m = /^(-?\d+) (-?\d+) (-?\d+)\s*$/.exec(text.trim());
  if (!m) return null;
  const [state, status, maxError] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (state < 0) return null;
  return { synchronised: state !== TIME_ERROR && (status & STA_UNSYNC) === 0, via: 'adjtimex', ntpEnabled: null, maxErrorMs: maxError / 1000 };
}

/** Pure: `timedatectl show -p NTPSynchronized -p NTP` ("NTPSynchronized=yes\nNTP=yes"). */
export function parseTimedatectl(text: string): ClockStatus | null {
  const value = (key: string): boolean | null => {
    const m = new RegExp(`^${key}=(yes|no)$`, 'm').exec(text);
    return m ? m[1] === 'yes' : null;
  };
  const synchronised = value('NTPSynchronized');
  if (synchronised === null) return null;
  return { synchronised, via: 'timedatectl', ntpEnabled: value('NTP'), maxErrorMs: null };
}

export interface ClockReadOptions {
  /** sd_booted()'s test: this directory exists only where systemd is the init system. */
  systemdMarker?: string;
  /** PATH to find timedatectl and python3 on. */
  path?: string;
}

/**
 * The honest ways to know, in order: timedatectl where systemd runs (it reads the kernel's flag for us);
 * else the kernel's STA_UNSYNC through adjtimex(2), made by python3. There is no /proc or /sys file that
 * holds the flag, so without either the answer is "could not run", with why.
 */
export async function readClockStatus(options: ClockReadOptions = {}): Promise<ClockStatus | Unavailable> {
  const systemd = existsSync(options.systemdMarker ?? '/run/systemd/system');
  let timedatectlWhy = 'timedatectl needs systemd, which is not running on this machine';
  if (systemd) {
    const run = await runProgram('timedatectl', ['show', '-p', 'NTPSynchronized', '-p', 'NTP'], options.path);
    const status = run.ok ? parseTimedatectl(run.stdout) : null;
    if (status) return status;
    timedatectlWhy = run.ok ? 'timedatectl printed no NTPSynchronized line' : run.why;
  }
  const run = await runProgram('python3', ['-I', '-S', '-c', ADJTIMEX_SCRIPT], options.path);
  const status = run.ok ? parseAdjtimex(run.stdout) : null;
  if (status) return status;
  const adjtimexWhy = run.ok ? `the adjtimex call gave an unexpected answer (${run.stdout.trim().slice(0, 80)})` : run.why;
  return {
    unavailable: `could not run: only the adjtimex system call tells whether the clock is synchronised (no /proc or /sys file does), and Node cannot make it; ${timedatectlWhy}, and python3, which makes the call otherwise, could not (${adjtimexWhy})`,
  };
}
