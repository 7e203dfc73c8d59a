import type { Connection, Finding, Judgement, StateTick } from '../contract/netfiles.js';
import { hysteresisRule, judgedAfterMs, thresholdTable, type NetRuleId, type NetThresholdTable, type Severity } from './finding-thresholds.js';
import { HysteresisTracker } from './hysteresis.js';
import { joinHostPort } from './inet-address.js';
import { processKey } from './state-counts.js';
import { formatBytes, plural } from './units.js';

type Owner = Connection['owners'][number];

/** What one rule measured for one subject on one tick: the number the thresholds apply to, and the words. */
interface Measure {
  value: number;
  owner?: Owner;
  /** Sockets the number rests on (for the peer most of them talk to, the port, …). */
  sockets: Connection[];
  /** The peer most of them talk to, when the sockets are counted rather than listed. */
  peer?: () => string;
}

/**
 * What the live view counts without listing: TIME_WAIT sockets belong to no process, and a load test leaves
 * tens of thousands of them, so the watch passes their number, and their peer only when a sentence needs it.
 */
export interface CountedSockets {
  timeWait: number;
  timeWaitPeer: () => string;
}

const MACHINE = 'machine';
const RULES: readonly NetRuleId[] = ['close-wait', 'syn-sent', 'time-wait', 'receive-queue', 'accept-queue'];

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

const who = (p: { name: string; pid: number }): string => `${p.name} (pid ${p.pid})`;
const peerOf = (sockets: readonly Connection[]): string => mostCommon(sockets.map((s) => joinHostPort(s.remoteAddress, s.remotePort ?? 0)));

/** Per owning process, the sockets in one state that pass `keep`. */
function perProcess(connections: readonly Connection[], state: string, keep: (c: Connection) => boolean = () => true): Map<string, Measure> {
  const map = new Map<string, Measure>();
  for (const c of connections) {
    if (c.state !== state || !keep(c)) continue;
    for (const o of c.owners) {
      const key = processKey(o.pid, o.startTime);
      const entry = map.get(key);
      if (entry) entry.sockets.push(c);
      else map.set(key, { value: 0, owner: o, sockets: [c] });
    }
  }
  return map;
}

/**
 * Each rule's number per subject, from one tick's connections (and the TIME_WAIT sockets counted apart from
 * them, when `counted` is given). Pure; exported for tests of a single look.
 */
export function measure(rule: NetRuleId, connections: readonly Connection[], counted?: CountedSockets): Map<string, Measure> {
  switch (rule) {
    case 'close-wait':
    case 'syn-sent': {
      const map = perProcess(connections, rule === 'close-wait' ? 'CLOSE_WAIT' : 'SYN_SENT');
      for (const m of map.values()) m.value = m.sockets.length;
      return map;
    }
    case 'time-wait': {
      const sockets = connections.filter((c) => c.state === 'TIME_WAIT');
      if (!counted?.timeWait) return new Map([[MACHINE, { value: sockets.length, sockets }]]);
      return new Map([[MACHINE, { value: sockets.length + counted.timeWait, sockets, peer: counted.timeWaitPeer }]]);
    }
    case 'receive-queue': {
      const map = perProcess(connections, 'ESTABLISHED', (c) => c.protocol === 'tcp' && c.receiveQueue > 0);
      for (const m of map.values()) m.value = m.sockets.reduce((sum, s) => sum + s.receiveQueue, 0);
      return map;
    }
    case 'accept-queue': {
      // One subject per listening socket: two ports of one server fill up independently.
      const map = new Map<string, Measure>();
      for (const c of connections) {
        if (c.state !== 'LISTEN' || c.protocol !== 'tcp') continue;
        for (const o of c.owners) map.set(`${processKey(o.pid, o.startTime)}|${joinHostPort(c.localAddress, c.localPort ?? 0)}`, { value: c.receiveQueue, owner: o, sockets: [c] });
      }
      return map;
    }
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** The sentence of one rule about one subject: what is wrong, why it matters. */
function describe(rule: NetRuleId, m: Measure): string {
  const n = m.value;
  const o = m.owner;
  switch (rule) {
    case 'close-wait':
      return `${who(o!)} holds ${plural(n, 'connection')} its peers have closed; it is not closing them — a leak of sockets in the program.`;
    case 'syn-sent':
      return `${who(o!)} has ${plural(n, 'connection attempt')} with no answer yet (SYN_SENT), most to ${peerOf(m.sockets)}: the peer is unreachable, down, or a firewall drops the packets.`;
    case 'time-wait':
      return `${n} connections are in TIME_WAIT, most of them with ${m.peer ? m.peer() : peerOf(m.sockets)}: something opens and closes connections very fast; reusing connections (keep-alive, a connection pool) avoids running out of local ports.`;
    case 'receive-queue':
      return `${who(o!)} has ${formatBytes(n)} received on ${plural(m.sockets.length, 'connection')} that it has not read: it is stuck or too slow to read them (its receive queues are filling up).`;
    case 'accept-queue':
      return `${who(o!)} has ${plural(n, 'connection')} waiting to be accepted on port ${m.sockets[0]?.localPort ?? '?'}: it is not accepting them fast enough.`;
  }
}

function finding(rule: NetRuleId, id: string, m: Measure, severity: Finding['severity'], sentence: string, extra: Partial<Finding> = {}): Finding {
  return {
    kind: rule,
    severity,
    ...(m.owner ? { pid: m.owner.pid, startTime: m.owner.startTime, name: m.owner.name } : {}),
    count: m.value,
    growing: false,
    sentence,
    id: `${rule}|${id}`,
    ...extra,
  };
}

const severityRank = { critical: 0, warning: 1, info: 2 } as const;
const bySeverity = (a: Finding, b: Finding): number => severityRank[a.severity] - severityRank[b.severity] || b.count - a.count;

/**
 * One look, no history (nothing was watching): conditions at or above a level right now, said as such — at
 * severity "info", because whether they last is exactly what one look cannot tell.
 */
export function snapshotFindings(connections: readonly Connection[], overrides: Partial<NetThresholdTable> = {}): Finding[] {
  const table = thresholdTable(overrides);
  const out: Finding[] = [];
  for (const rule of RULES) {
    const row = table[rule];
    const first = row.levels[0]!;
    for (const [id, m] of measure(rule, connections)) {
      if (m.value < first.at) continue;
      const sentence = `One look, not watched over time (a finding needs ${duration(first.forMs)}): ${describe(rule, m)}`;
      out.push(finding(rule, id, m, 'info', sentence));
    }
  }
  return out.sort(bySeverity);
}

export interface NetFindingsEngine {
  /** Findings after the tick `ring.at(-1)` (its connections given, and what was counted apart from them), at time `now` (ms). */
  update(
    ring: readonly StateTick[],
    connections: readonly Connection[],
    now: number,
    exited?: (pid: number, startTime: number) => boolean,
    counted?: CountedSockets,
  ): Finding[];
  judgement(now: number): Judgement;
  clear(): void;
}

/**
 * The live rules: each rule's number per subject goes through its own hysteresis (from the threshold table),
 * so a finding appears only after its condition has held for its minimum duration, escalates only on a
 * sustained worse condition, and stays until the condition has been gone for the clear time.
 */
export function createNetFindings(overrides: Partial<NetThresholdTable> = {}): NetFindingsEngine {
  const table = thresholdTable(overrides);
  const trackers = new Map(RULES.map((rule) => [rule, new HysteresisTracker<string>(hysteresisRule(table[rule]))]));
  /** The last words known for a subject, so a finding that is clearing can still say who it is about. */
  const lastSeen = new Map<string, Measure>();
  let firstAt: number | null = null;
  const needed = judgedAfterMs(table);

  return {
    update(ring, connections, now, exited, counted) {
      firstAt ??= now;
      const out: Finding[] = [];
      for (const rule of RULES) {
        const tracker = trackers.get(rule)!;
        const measures = measure(rule, connections, counted);
        if (exited) {
          for (const id of tracker.keys()) {
            const owner = lastSeen.get(`${rule}|${id}`)?.owner;
            if (owner && exited(owner.pid, owner.startTime)) tracker.forget(id);
          }
        }
        const values = new Map([...measures].map(([id, m]) => [id, m.value]));
        for (const t of tracker.observe(values, now)) {
          const key = `${rule}|${t.key}`;
          const m = measures.get(t.key) ?? { ...(lastSeen.get(key) ?? { sockets: [] }), value: t.value };
          // Every subject but the machine is a process; without its words there is no honest sentence.
          if (!m.owner && t.key !== MACHINE) continue;
          const severity: Severity = table[rule].levels[t.level - 1]!.severity;
          let growing = false;
          let sentence = `${describe(rule, m)} For ${duration(now - t.since)}.`;
          if (rule === 'close-wait' && m.owner) {
            const start = countAt(ring, m.owner, t.since);
            growing = start !== null && m.value > start;
            if (growing) sentence = `${describe(rule, m)} The number rose from ${start} to ${m.value} over ${duration(now - t.since)}.`;
          }
          if (t.clearingSince !== null) {
            sentence += ` Below the threshold for ${duration(now - t.clearingSince)}; this finding clears after ${duration(table[rule].clearAfterMs)} below it.`;
          }
          out.push(finding(rule, t.key, m, severity, sentence, { growing, since: t.since }));
        }
        // Remember the words only for subjects the tracker still follows (few: those near or in a finding).
        const followed = new Set(tracker.keys());
        for (const [id, m] of measures) if (followed.has(id)) lastSeen.set(`${rule}|${id}`, m);
        for (const key of lastSeen.keys()) if (key.startsWith(`${rule}|`) && !followed.has(key.slice(rule.length + 1))) lastSeen.delete(key);
      }
      return out.sort(bySeverity);
    },
    judgement: (now) => ({ watchedMs: firstAt === null ? 0 : now - firstAt, neededMs: needed }),
    clear() {
      for (const t of trackers.values()) t.clear();
      lastSeen.clear();
      firstAt = null;
    },
  };
}

/** A process's CLOSE_WAIT count at the first tick at or after `time` (null when the ring does not reach back). */
function countAt(ring: readonly StateTick[], owner: Owner, time: number): number | null {
  const tick = ring.find((t) => t.time >= time);
  if (!tick) return null;
  return tick.processes.find((p) => p.pid === owner.pid && p.startTime === owner.startTime)?.counts.CLOSE_WAIT ?? 0;
}
