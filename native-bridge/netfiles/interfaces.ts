import type { InterfacesResult } from '../contract/netfiles.js';
import { readProcFile } from '../processes/read-proc-file.js';
import { parseNetDev, type NetCounters } from '../system/parse-net-dev.js';

export interface NetDevSample {
  at: number;
  time: number;
  counters: NetCounters[];
}

export const PER_PROCESS_NOTE =
  'Per-process network rates are not shown: Linux counts traffic per interface, not per process, and attributing it needs administrator rights (eBPF or packet capture). Per-interface totals are exact.';

export function sampleNetDev(procRoot: string, at: number, time: number): NetDevSample {
  const text = readProcFile(`${procRoot}/net/dev`);
  return { at, time, counters: typeof text === 'string' ? parseNetDev(text) : [] };
}

export function interfaceRates(previous: NetDevSample | null, current: NetDevSample): InterfacesResult {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  return {
    time: current.time,
    intervalMs: Math.round(seconds * 1000),
    interfaces: current.counters.map((c) => {
      const before = previous?.counters.find((p) => p.name === c.name);
      // A counter that went down (interface re-created) restarts the rate from zero.
      const rate = (now: number, then: number | undefined): number => (seconds > 0 && then !== undefined && now >= then ? (now - then) / seconds : 0);
      return { name: c.name, rxBytes: c.rxBytes, txBytes: c.txBytes, rxBytesPerSec: rate(c.rxBytes, before?.rxBytes), txBytesPerSec: rate(c.txBytes, before?.txBytes) };
    }),
    perProcessNote: PER_PROCESS_NOTE,
  };
}
