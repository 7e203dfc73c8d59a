import type { Connection, ProcessStateCounts, StateTick } from '../contract/netfiles.js';
import { countStates } from './connections.js';

export const processKey = (pid: number, startTime: number): string => `${pid}:${startTime}`;

/**
 * Per process, sockets per state (a socket shared after fork counts for each holder); plus machine totals,
 * which add `counted`: sockets counted without being listed (TIME_WAIT, owned by no process).
 * Keyed by pid alone: the owners of one list come from one read of the processes, so a pid names one process.
 */
export function tickOf(time: number, connections: readonly Connection[], counted: Readonly<Record<string, number>> = {}): StateTick {
  const byProcess = new Map<number, ProcessStateCounts>();
  // Should a list ever mix two processes under one pid, the second one is kept apart here, never merged.
  const others = new Map<string, ProcessStateCounts>();
  for (const c of connections) {
    for (const o of c.owners) {
      let row = byProcess.get(o.pid);
      if (row && row.startTime !== o.startTime) row = others.get(processKey(o.pid, o.startTime));
      if (!row) {
        row = { pid: o.pid, startTime: o.startTime, name: o.name, user: o.user, counts: {}, total: 0 };
        if (byProcess.has(o.pid)) others.set(processKey(o.pid, o.startTime), row);
        else byProcess.set(o.pid, row);
      }
      row.counts[c.state] = (row.counts[c.state] ?? 0) + 1;
      row.total++;
    }
  }
  const processes = [...byProcess.values(), ...others.values()].sort((a, b) => b.total - a.total || a.pid - b.pid);
  const totals = countStates(connections);
  for (const [state, n] of Object.entries(counted)) if (n > 0) totals[state] = (totals[state] ?? 0) + n;
  return { time, processes, totals };
}

/** A fixed number of recent ticks, oldest first. */
export class TickRing {
  private readonly items: StateTick[] = [];
  constructor(private readonly capacity: number) {}
  push(tick: StateTick): void {
    this.items.push(tick);
    if (this.items.length > this.capacity) this.items.shift();
  }
  all(): readonly StateTick[] {
    return this.items;
  }
  clear(): void {
    this.items.length = 0;
  }
}
