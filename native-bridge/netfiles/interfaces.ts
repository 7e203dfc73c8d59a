import type { InterfacesResult } from '../contract/netfiles.js';
import { parseNetDev } from '../procfs/parse-net-dev.js';
import { counterRates, type NetDevSample } from './counter-rates.js';
import { namespaceRates, sampleNamespaces, type NamespacesSample } from './net-namespaces.js';
import { readProcText } from '../procfs/read.js';

export type { NetDevSample } from './counter-rates.js';

/** The host's interfaces and every other network namespace's, read together so their rates cover one interval. */
export interface NetSample extends NetDevSample {
  namespaces: NamespacesSample;
}

export const PER_PROCESS_NOTE =
  'Processes in their own network namespace (containers, sandboxes) are shown per namespace: that traffic is exactly theirs. ' +
  "Everything sharing this machine's namespace is shown per interface only: telling those processes' traffic apart needs " +
  'administrator rights (eBPF or packet capture). Per-interface totals are exact.';

export function sampleNetDev(procRoot: string, at: number, time: number): NetDevSample {
  const read = readProcText(`${procRoot}/net/dev`);
  return { at, time, counters: read.ok ? parseNetDev(read.text) : [] };
}

export function sampleNet(procRoot: string, at: number, time: number): NetSample {
  return { ...sampleNetDev(procRoot, at, time), namespaces: sampleNamespaces(procRoot, at, time) };
}

export function interfaceRates(previous: NetSample | null, current: NetSample): InterfacesResult {
  const host = counterRates(previous, current);
  return {
    time: current.time,
    intervalMs: host.intervalMs,
    interfaces: host.interfaces,
    namespaces: namespaceRates(previous?.namespaces ?? null, current.namespaces),
    uninspectable: current.namespaces.uninspectable,
    perProcessNote: PER_PROCESS_NOTE,
  };
}
