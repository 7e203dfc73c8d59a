import { statSync } from 'node:fs';
import type { FindingsReport } from '../contract/findings.js';
import type { AuditEntry } from '../contract/processes.js';
import type { NewEvent } from './writer.js';

/**
 * Findings as events: raised when a key first appears in a report, cleared when it is gone from one.
 * The first report after recording starts raises what is open then (with its own "since" in the sentence).
 */
export class FindingEvents {
  private open = new Map<string, { sentence: string; pid: number | null }>();

  take(report: FindingsReport): NewEvent[] {
    const events: NewEvent[] = [];
    const now = new Map<string, { sentence: string; pid: number | null }>();
    for (const f of report.findings) {
      const info = { sentence: f.sentence, pid: f.culprits[0]?.pid ?? null };
      now.set(f.key, info);
      if (!this.open.has(f.key)) events.push({ wall: report.time, kind: 'finding-raised', pid: info.pid, summary: `${f.severity}: ${f.sentence}` });
    }
    for (const [key, info] of this.open) {
      if (!now.has(key)) events.push({ wall: report.time, kind: 'finding-cleared', pid: info.pid, summary: `No longer: ${info.sentence}` });
    }
    this.open = now;
    return events;
  }
}

export interface AuditSource {
  path: string;
  read(): { entries: AuditEntry[] };
}

/**
 * The audit log's new lines as events. The log is read only when its size or time changed; the newest
 * entry taken is remembered in the database (meta), so a restart does not record the same action twice.
 */
export class AuditTail {
  private seen: string | null = null;

  constructor(private readonly source: AuditSource, private lastTime: string | null) {}

  /** New entries' events, and the newest time to remember, or null when nothing changed. */
  poll(): { events: NewEvent[]; lastTime: string } | null {
    let signature: string;
    try {
      const st = statSync(this.source.path);
      signature = `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
    if (signature === this.seen) return null;
    this.seen = signature;
    const fresh = this.source.read().entries.filter((e) => this.lastTime === null || e.time > this.lastTime);
    if (fresh.length === 0) return null;
    this.lastTime = fresh[fresh.length - 1]!.time;
    const events = fresh.map((e): NewEvent => ({
      wall: Date.parse(e.time) || Date.now(),
      kind: 'action',
      pid: e.target.pid > 0 ? e.target.pid : null,
      summary: `${e.action}${e.result.ok ? '' : ' (failed)'}: ${e.result.message}`,
    }));
    return { events, lastTime: this.lastTime };
  }
}
