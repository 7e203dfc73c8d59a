import type { Unreadable } from '../contract/netfiles.js';

const PRIVILEGE_HINT = 'run Triage with administrator rights (it offers pkexec) to see them';

/** Says what a sweep could not see, in one sentence; null sentence when it saw everything. */
export function describeUnreadable(deniedProcesses: number, items: number, noun: 'sockets' | 'files' | 'processes'): Unreadable {
  if (deniedProcesses === 0) return { processes: 0, items, sentence: null };
  const who = `${deniedProcesses} ${deniedProcesses === 1 ? 'process' : 'processes'} you cannot inspect`;
  const sentence =
    noun === 'processes'
      ? `${who} are not shown; ${PRIVILEGE_HINT}.`
      : items > 0
        ? `${items} ${items === 1 ? noun.slice(0, -1) : noun} belong to processes you cannot inspect (${deniedProcesses} of them); ${PRIVILEGE_HINT}.`
        : `The ${noun} of ${who} are not shown; ${PRIVILEGE_HINT}.`;
  return { processes: deniedProcesses, items, sentence };
}
