import type { NamespaceRates } from '../../../native-bridge/contract/index.js';

/** "1234 nginx, 1240 php-fpm and 12 more": the listed members, then how many the list leaves out. */
export function describeMembers(ns: Pick<NamespaceRates, 'members' | 'processes'>): string {
  const listed = ns.members.map((m) => (m.name ? `${m.pid} ${m.name}` : String(m.pid))).join(', ');
  const rest = ns.processes - ns.members.length;
  return rest > 0 ? `${listed} and ${rest} more` : listed;
}
