import type { Connection, ProcessStateCounts, StateTick } from '../contract/netfiles.js';
import { countStates } from './connections.js';

export const processKey = (pid: number, startTime: number): string => `${pid}:${startTime}`;

/** Per process, sockets per state (a socket shared after fork counts for each holder); plus machine totals. */
export function tickOf(time: number, connections: readonly Connection[]): StateTick {
  const byProcess = new Map<string, ProcessStateCounts>();
  for (const c of connections) {
    for (const o of c.owners) {
      const key = processKey(o.pid, o.startTime);
      let row = byProcess.get(key);
      if (!row) {
        row = { pid: o.pid, startTime: o.startTime, name: o.name, user: o.user, counts: {}, total: 0 };
        byProcess.set(key, row);
      }
      row.counts[c.state] = (row.counts[c.state] ?? 0) + 1;
      row.total++;
    }
  }
  const processes = [...byProcess.values()].sort((a, b) => b.total - a.total || a.pid - b.pid);
  return { time, processes, totals: countStates(connections) };
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
