import type { Holder } from '../contract/netfiles.js';
import type { ProcessFacts } from './process-facts.js';
import type { FdRef } from './sweep.js';

/** Descriptor references grouped into one Holder per live process, ordered by pid. */
export function holdersOf(refs: readonly FdRef[], facts: (pid: number) => ProcessFacts | null): Holder[] {
  if (refs.length === 1) {
    // Nearly every socket has one holder: no grouping (2,000 of these each second in the live view).
    const f = facts(refs[0]!.pid);
    return f ? [{ pid: f.pid, startTime: f.startTime, name: f.name, user: f.user, fds: [refs[0]!.fd] }] : [];
  }
  const byPid = new Map<number, number[]>();
  for (const ref of refs) {
    const fds = byPid.get(ref.pid);
    if (fds) fds.push(ref.fd);
    else byPid.set(ref.pid, [ref.fd]);
  }
  const out: Holder[] = [];
  for (const [pid, fds] of [...byPid].sort((a, b) => a[0] - b[0])) {
    const f = facts(pid);
    if (f) out.push({ pid, startTime: f.startTime, name: f.name, user: f.user, fds: fds.sort((a, b) => a - b) });
  }
  return out;
}
