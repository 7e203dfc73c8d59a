import type { CoreSignal } from '../contract/core.js';

/** Linux x86/arm numbering (the generic table; alpha/mips/sparc differ and are not supported here). */
const NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE',
  9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
  16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP', 20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU',
  23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ', 26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO',
  30: 'SIGPWR', 31: 'SIGSYS',
};

const MEANINGS: Record<string, string> = {
  SIGSEGV: 'The program accessed memory it may not use (an invalid pointer, often NULL or freed memory).',
  SIGABRT: 'The program aborted itself, usually because an assertion or a library check failed.',
  SIGFPE: 'An arithmetic error, most often an integer division by zero.',
  SIGBUS: 'A bad memory access: a misaligned address or a file that shrank while it was mapped.',
  SIGILL: 'The processor met an illegal instruction: corrupted code, a jump into data, or a CPU feature this machine lacks.',
  SIGTRAP: 'A breakpoint or trap instruction was hit outside a debugger (for example __builtin_trap).',
  SIGQUIT: 'Someone asked the program to quit and dump core (Ctrl+\\ or kill -QUIT).',
  SIGSYS: 'The program made a system call it is not allowed to make (a seccomp filter).',
  SIGXCPU: 'The program used up its CPU time limit.',
  SIGXFSZ: 'The program tried to write a file beyond its file size limit.',
};

/** si_code values, by signal, from the kernel's siginfo.h. */
const FAULT_CODES: Record<string, Record<number, string>> = {
  SIGSEGV: { 1: 'the address is not mapped', 2: 'the memory is mapped but not accessible that way (e.g. writing read-only memory)', 3: 'a bounds check failed', 4: 'a protection key blocked the access' },
  SIGBUS: { 1: 'the address is misaligned', 2: 'the physical address does not exist', 3: 'a hardware error', 4: 'a machine check error (memory failure)', 5: 'a machine check error (memory failure)' },
  SIGFPE: { 1: 'integer divide by zero', 2: 'integer overflow', 3: 'floating-point divide by zero', 4: 'floating-point overflow', 5: 'floating-point underflow', 6: 'floating-point inexact result', 7: 'invalid floating-point operation', 8: 'subscript out of range' },
  SIGILL: { 1: 'illegal opcode', 2: 'illegal operand', 3: 'illegal addressing mode', 4: 'illegal trap', 5: 'privileged opcode', 6: 'privileged register', 7: 'coprocessor error', 8: 'internal stack error' },
  SIGTRAP: { 1: 'a breakpoint', 2: 'a trace trap' },
};

const GENERIC_CODES: Record<number, string> = {
  0: 'it was sent by another process (kill)',
  [-1]: 'it was sent by the kernel on a queue',
  [-6]: 'the program sent it to itself (raise, abort or tgkill)',
  128: 'the kernel sent it',
};

const FAULT_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP']);

export function signalName(signo: number): string {
  return NAMES[signo] ?? `signal ${signo}`;
}

export function signalNumber(name: string): number | null {
  const wanted = name.startsWith('SIG') ? name : `SIG${name}`;
  for (const [num, n] of Object.entries(NAMES)) if (n === wanted) return Number(num);
  return null;
}

export function signalMeaning(signo: number): string {
  return MEANINGS[signalName(signo)] ?? `The program was stopped by ${signalName(signo)}.`;
}

/** Whether si_addr holds a faulting address for this signal and code (user-sent signals carry a pid there). */
export function hasFaultAddress(signo: number, code: number | null): boolean {
  return FAULT_SIGNALS.has(signalName(signo)) && code !== null && code > 0;
}

/** Assembles the signal part of an analysis from the numbers found in the core. */
export function describeSignal(signo: number, code: number | null, address: bigint | null): CoreSignal {
  const name = signalName(signo);
  const codeMeaning =
    code === null ? null : code > 0 ? (FAULT_CODES[name]?.[code] ?? null) : (GENERIC_CODES[code] ?? null);
  const addr = address !== null && hasFaultAddress(signo, code) ? `0x${address.toString(16)}` : null;
  let summary: string;
  if (name === 'SIGSEGV') {
    const nullish = address !== null && address < 4096n;
    summary = addr
      ? `Invalid memory access at address ${addr}${nullish ? ' (a NULL pointer was used)' : ''}.`
      : 'Invalid memory access.';
  } else if (name === 'SIGABRT') {
    summary = 'The program aborted itself (abort() was called, often by a failed assertion).';
  } else if (name === 'SIGFPE') {
    summary = `Arithmetic error${codeMeaning ? `: ${codeMeaning}` : ''}${addr ? ` at instruction ${addr}` : ''}.`;
  } else if (name === 'SIGBUS') {
    summary = `Bad memory access${addr ? ` at address ${addr}` : ''}${codeMeaning ? ` (${codeMeaning})` : ''}.`;
  } else if (name === 'SIGILL') {
    summary = `Illegal instruction${addr ? ` at ${addr}` : ''}${codeMeaning ? ` (${codeMeaning})` : ''}.`;
  } else {
    summary = `The program was stopped by ${name}${codeMeaning ? `: ${codeMeaning}` : ''}.`;
  }
  return { number: signo, name, meaning: signalMeaning(signo), code, codeMeaning, address: addr, summary };
}
