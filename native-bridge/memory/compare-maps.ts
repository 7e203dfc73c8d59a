import type { MemoryMapsComparison } from '../contract/memory.js';
import type { Mapping, MappingGroup } from './parse-maps.js';

export interface MapsSnapshot {
  snapshotId: number;
  pid: number;
  time: number;
  /** 'smaps' has resident sizes; 'maps' (another user's process) has virtual sizes only. */
  source: 'smaps' | 'maps';
  mappings: Mapping[];
}

export interface GroupTotals {
  group: MappingGroup;
  count: number;
  sizeBytes: number;
  rssBytes: number | null;
}

export type MapsComparison = Omit<MemoryMapsComparison, 'pinId' | 'from' | 'to' | 'samePid'>;
export type GroupDelta = MapsComparison['groups'][number];
export type MappingDelta = MapsComparison['mappings'][number];

const GROUP_ORDER: MappingGroup[] = ['heap', 'anonymous', 'stack', 'library', 'file', 'shared-memory', 'kernel', 'other'];

export function groupTotals(mappings: readonly Mapping[]): GroupTotals[] {
  const totals = new Map<MappingGroup, GroupTotals>();
  for (const group of GROUP_ORDER) totals.set(group, { group, count: 0, sizeBytes: 0, rssBytes: 0 });
  for (const m of mappings) {
    const t = totals.get(m.group)!;
    t.count++;
    t.sizeBytes += m.sizeBytes;
    t.rssBytes = t.rssBytes === null || m.rssBytes === null ? null : t.rssBytes + m.rssBytes;
  }
  return [...totals.values()];
}

/**
 * Named mappings (files, [heap], [stack]) keep their name across snapshots; anonymous regions have
 * only their start address, which holds while a region grows in place (mremap, brk-like growth).
 */
function mappingKey(m: Mapping): string {
  if (m.path === '') return `anon@${m.start.toString(16)}`;
  if (m.group === 'heap' || m.group === 'stack' || m.group === 'kernel') return m.path;
  return `${m.path}|${m.perms}|${m.offset.toString(16)}`;
}

function sumByKey(mappings: readonly Mapping[], measure: 'rss' | 'virtual'): Map<string, { m: Mapping; bytes: number }> {
  const out = new Map<string, { m: Mapping; bytes: number }>();
  for (const m of mappings) {
    const key = mappingKey(m);
    const bytes = measure === 'rss' ? (m.rssBytes ?? 0) : m.sizeBytes;
    const prev = out.get(key);
    if (prev) prev.bytes += bytes;
    else out.set(key, { m, bytes });
  }
  return out;
}

export function compareMapSnapshots(from: MapsSnapshot, to: MapsSnapshot, topMappings = 20): MapsComparison {
  const measure = from.source === 'smaps' && to.source === 'smaps' ? 'rss' : 'virtual';
  const a = groupTotals(from.mappings);
  const b = groupTotals(to.mappings);
  const groups: GroupDelta[] = a.map((ga, i) => {
    const gb = b[i]!;
    const delta = measure === 'rss' ? (gb.rssBytes ?? 0) - (ga.rssBytes ?? 0) : gb.sizeBytes - ga.sizeBytes;
    return {
      group: ga.group,
      fromCount: ga.count,
      toCount: gb.count,
      fromSizeBytes: ga.sizeBytes,
      toSizeBytes: gb.sizeBytes,
      fromRssBytes: ga.rssBytes,
      toRssBytes: gb.rssBytes,
      deltaBytes: delta,
    };
  });
  const before = sumByKey(from.mappings, measure);
  const after = sumByKey(to.mappings, measure);
  const deltas: MappingDelta[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(key);
    const y = after.get(key);
    const fromBytes = x?.bytes ?? 0;
    const toBytes = y?.bytes ?? 0;
    if (fromBytes === toBytes) continue;
    const m = (y ?? x)!.m;
    deltas.push({
      key,
      group: m.group,
      path: m.path,
      perms: m.perms,
      fromBytes,
      toBytes,
      deltaBytes: toBytes - fromBytes,
      change: !x ? 'appeared' : !y ? 'disappeared' : toBytes > fromBytes ? 'grew' : 'shrank',
    });
  }
  deltas.sort((p, q) => Math.abs(q.deltaBytes) - Math.abs(p.deltaBytes));
  return {
    groups,
    mappings: deltas.slice(0, topMappings),
    measure,
    totalDeltaBytes: groups.reduce((s, g) => s + g.deltaBytes, 0),
  };
}
