import type { WhyEnded } from '../contract/trace.js';

const SIGNALS: Record<string, string> = {
  SIGSEGV: 'a crash: it touched memory it does not own',
  SIGBUS: 'a crash: a bad memory access (often a truncated file that was mapped)',
  SIGABRT: 'it stopped itself after detecting an internal error (abort)',
  SIGFPE: 'a crash: an arithmetic error such as division by zero',
  SIGILL: 'a crash: an instruction this CPU cannot run',
  SIGKILL: 'it was killed forcibly (by a user, a service manager, or the out-of-memory killer)',
  SIGTERM: 'it was asked to stop',
  SIGINT: 'it was interrupted (Ctrl+C)',
  SIGHUP: 'its terminal went away',
  SIGPIPE: 'it wrote to a pipe or connection nobody was reading anymore',
  SIGQUIT: 'it was asked to quit and dump core',
  SIGTRAP: 'a debugger trap',
  SIGSYS: 'a forbidden system call (seccomp policy)',
  SIGXCPU: 'it used up its CPU time limit',
  SIGXFSZ: 'it exceeded its file size limit',
};

export function describeSignal(signal: string): string {
  return SIGNALS[signal] ?? 'it received a signal that ends programs by default';
}

/**
 * "It exited with status 1, which usually means it failed. The telling failure just before the end: it
 * could not connect to 127.0.0.1:1: connection refused (nothing listens there) (connect → ECONNREFUSED)."
 * The one sentence the CLI, the report and the page all show. `key` is the failure the analysis chose;
 * `network` says it is a failed connection or lookup nothing made up for, worth naming even after status 0.
 */
export function endSentence(end: Omit<WhyEnded, 'sentence'>, key: WhyEnded['lastFailures'][number] | null, network = false): string {
  let head: string;
  if (end.state === 'running') head = 'It has not ended yet.';
  else if (end.state === 'killed') {
    head = `It was killed by ${end.signal} (${describeSignal(end.signal ?? '')})${end.coreDumped ? ' and a core dump was written' : ''}.`;
  } else if (end.code === 0) head = 'It exited normally (status 0).';
  else head = `It exited with status ${end.code ?? '?'}, which usually means it failed.`;
  if (!key) return end.state === 'running' ? head : `${head} No failing calls came before the end.`;
  const where = key.target && !key.sentence.includes(key.target) ? `: ${key.target}` : '';
  const failure = `${key.sentence}${where} (${key.name} → ${key.errno})`;
  if (end.state === 'exited' && end.code === 0) {
    // A program that succeeded did not fail because of a call that failed on the way (a missing dotfile).
    if (!network) return `${head} Some calls failed on the way, as they do in most programs that work; none stopped it.`;
    return `${head.slice(0, -1)}, but on the way ${failure}.`;
  }
  return `${head} ${end.state === 'running' ? 'The latest failure:' : 'The telling failure just before the end:'} ${failure}.`;
}
