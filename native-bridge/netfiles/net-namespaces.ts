import type { NamespaceMember, NamespaceRates } from '../contract/netfiles.js';
import { listPids, readProcLink, readProcText, textOrNull, type ProcWhy } from '../procfs/read.js';
import { parseNetDev } from '../procfs/parse-net-dev.js';
import { counterRates, type NetDevSample } from './counter-rates.js';

/** Members listed per namespace; the count says how many there are in all. */
export const MEMBERS_SHOWN = 5;

/** The inode in a /proc/PID/ns/net link (`net:[4026531840]`), or null for anything else. */
export function parseNsLink(link: string): number | null {
  const match = /^net:\[(\d+)\]$/.exec(link);
  return match ? Number(match[1]) : null;
}

/** What reading one process's /proc/PID/ns/net link gave: the namespace inode or why it failed. */
export interface NsLink {
  pid: number;
  ns: number | ProcWhy;
}

export interface NamespaceGroups {
  /** Namespace inode -> its pids, ascending. Triage's own namespace is left out. */
  groups: Map<number, number[]>;
  /** Processes whose link could not be read for lack of permission. */
  uninspectable: number;
}

/** Groups processes by network namespace, leaving out `own` (the host's, as Triage sees it) and vanished processes. */
export function groupByNamespace(links: NsLink[], own: number | null): NamespaceGroups {
  const groups = new Map<number, number[]>();
  let uninspectable = 0;
  for (const { pid, ns } of [...links].sort((a, b) => a.pid - b.pid)) {
    if (ns === 'denied') uninspectable++;
    if (typeof ns !== 'number' || ns === own) continue;
    const pids = groups.get(ns);
    if (pids) pids.push(pid);
    else groups.set(ns, [pid]);
  }
  return { groups, uninspectable };
}

/** One namespace's net/dev at one moment, read through one of its processes. */
export interface NamespaceSample extends NetDevSample {
  id: number;
  processes: number;
  members: NamespaceMember[];
}

export interface NamespacesSample {
  namespaces: NamespaceSample[];
  uninspectable: number;
}

/** Rates per namespace, each against the previous sample of the same namespace inode (first seen: 0). */
export function namespaceRates(previous: NamespacesSample | null, current: NamespacesSample): NamespaceRates[] {
  const out = current.namespaces.map((ns): NamespaceRates => {
    const before = previous?.namespaces.find((p) => p.id === ns.id) ?? null;
    const { interfaces } = counterRates(before, ns);
    return {
      id: ns.id,
      processes: ns.processes,
      members: ns.members,
      rxBytesPerSec: interfaces.reduce((sum, i) => sum + i.rxBytesPerSec, 0),
      txBytesPerSec: interfaces.reduce((sum, i) => sum + i.txBytesPerSec, 0),
      interfaces,
    };
  });
  return out.sort((a, b) => b.rxBytesPerSec + b.txBytesPerSec - (a.rxBytesPerSec + a.txBytesPerSec) || a.id - b.id);
}

function readNsLink(procRoot: string, pid: number | 'self'): number | ProcWhy {
  const link = readProcLink(`${procRoot}/${pid}/ns/net`);
  return link.ok ? (parseNsLink(link.text) ?? 'error') : link.why;
}

function commOf(procRoot: string, pid: number): string {
  return textOrNull(readProcText(`${procRoot}/${pid}/comm`))?.trimEnd() ?? '';
}

/**
 * One pass over /proc/PID/ns/net links (one readlink per process), then one net/dev read per foreign namespace
 * through its first process that still lives in it. A namespace none of whose processes can be read through
 * counts its processes as uninspectable.
 */
export function sampleNamespaces(procRoot: string, at: number, time: number): NamespacesSample {
  const own = readNsLink(procRoot, 'self');
  const links: NsLink[] = [];
  for (const pid of listPids(procRoot)) links.push({ pid, ns: readNsLink(procRoot, pid) });
  const { groups, uninspectable } = groupByNamespace(links, typeof own === 'number' ? own : null);
  const namespaces: NamespaceSample[] = [];
  let unread = 0;
  for (const [id, pids] of groups) {
    let counters = null;
    for (const pid of pids) {
      const text = textOrNull(readProcText(`${procRoot}/${pid}/net/dev`));
      // Re-check the link afterwards: a pid that died and was reused would otherwise show another namespace's traffic.
      if (text !== null && readNsLink(procRoot, pid) === id) {
        counters = parseNetDev(text);
        break;
      }
    }
    if (counters === null) {
      unread += pids.length;
      continue;
    }
    const members = pids.slice(0, MEMBERS_SHOWN).map((pid) => ({ pid, name: commOf(procRoot, pid) }));
    namespaces.push({ id, processes: pids.length, members, at, time, counters });
  }
  return { namespaces, uninspectable: uninspectable + unread };
}
