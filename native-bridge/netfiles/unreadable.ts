import type { Unreadable } from '../contract/netfiles.js';
import { plural } from './units.js';

const PRIVILEGE_HINT = 'run Triage with administrator rights (it offers pkexec) to see them';
// Root already has administrator rights: tell it what did stop it instead.
const ROOT_REASON = 'Linux refuses them even to root: they hold privileges Triage lacks (as a container\'s or VM\'s init does) or a security module (AppArmor, SELinux) protects them';

/** Says what a sweep could not see, in one sentence; null sentence when it saw everything. */
export function describeUnreadable(
  deniedProcesses: number,
  items: number,
  noun: 'sockets' | 'files' | 'processes',
  euid: number = process.geteuid?.() ?? -1,
): Unreadable {
  if (deniedProcesses === 0) return { processes: 0, items, sentence: null };
  const hint = euid === 0 ? ROOT_REASON : PRIVILEGE_HINT;
  const who = plural(deniedProcesses, 'process', 'processes');
  const sentence =
    noun === 'processes'
      ? `${who} Triage may not inspect ${deniedProcesses === 1 ? 'is' : 'are'} not shown; ${hint}.`
      : items > 0
        ? `${plural(items, noun.slice(0, -1), noun)} ${items === 1 ? "belongs" : "belong"} to processes Triage may not inspect (${deniedProcesses} of them); ${hint}.`
        : `The ${noun} of ${who} Triage may not inspect are not shown; ${hint}.`;
  return { processes: deniedProcesses, items, sentence };
}
