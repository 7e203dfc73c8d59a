import { hostname as osHostname, release, type as osType, userInfo } from 'node:os';
import type { Inventory } from '../contract/system.js';
import {
  Snapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type RedactOptions,
  type RedactionReport,
  type SnapshotMeta,
  type SnapshotNotes,
  type SnapshotParts,
} from '../contract/snapshot.js';
import { TriageError } from '../contract/errors.js';
import { TRIAGE_VERSION } from '../shared/version.js';
import type { CoreAnalysisLog } from './core-log.js';
import { redactValue, summaryOf, type Identity } from './redact.js';

export interface Captured {
  snapshot: Snapshot;
  redaction: RedactionReport;
}

const SKIP_REDACTION = new Set(['format', 'version', 'meta.capturedAt', 'meta.window', 'meta.redaction']);

/**
 * The last step of every capture (the last minutes or a recorded window): redact with the user's rules,
 * then check the result against the format, so both kinds of snapshot are redacted exactly alike.
 */
export function sealSnapshot(raw: Snapshot, redact: RedactOptions): Captured {
  const { value, report } = redactValue(raw, redact, identityOf(raw), SKIP_REDACTION);
  value.meta.redaction = summaryOf(report);
  // Never write what this Triage could not read back.
  const checked = Snapshot.safeParse(value);
  if (!checked.success) {
    throw new TriageError('INTERNAL', 'The snapshot Triage put together does not match its own format.', checked.error.message.slice(0, 2000));
  }
  return { snapshot: checked.data, redaction: report };
}

interface Finish {
  window: SnapshotMeta['window'];
  capturedAt: number;
  inventory: Inventory | undefined;
  problems: NonNullable<SnapshotMeta['problems']>;
  redact: RedactOptions;
  notes: SnapshotNotes | undefined;
  cores: CoreAnalysisLog | undefined;
}

/** What both captures end with: the window's core dumps and the notes join the parts, then the meta, then the seal. */
export function finishSnapshot(parts: SnapshotParts, { window, capturedAt, inventory, problems, redact, notes, cores }: Finish): Captured {
  const inWindow = cores?.between(window.from, window.to);
  if (inWindow && inWindow.length > 0) parts.cores = inWindow;
  const cleaned = cleanNotes(notes);
  if (cleaned) parts.notes = cleaned;
  const meta: SnapshotMeta = {
    host: inventory?.hostname || osHostname(),
    os: describeOs(inventory),
    kernel: inventory?.os.kernel || release(),
    triageVersion: TRIAGE_VERSION,
    capturedAt,
    window,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    redaction: { secrets: redact.secrets, host: redact.host, users: redact.users, homes: redact.homes, total: 0, counts: {} },
    ...(problems.length > 0 ? { problems } : {}),
  };
  return sealSnapshot({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, meta, parts }, redact);
}

function describeOs(inventory: Inventory | undefined): string {
  if (inventory && inventory.os.distro) return [inventory.os.distro, inventory.os.release].filter(Boolean).join(' ');
  return `${osType()} ${release()}`;
}

function cleanNotes(notes: SnapshotNotes | undefined): SnapshotNotes | null {
  if (!notes) return null;
  const out: SnapshotNotes = {};
  for (const key of ['tryingToDo', 'steps', 'expected', 'actual'] as const) {
    const text = notes[key]?.trim();
    if (text) out[key] = text;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Host names and the names of people (not system accounts) that the optional rules hide. */
export function identityOf(snapshot: Snapshot): Identity {
  const hostnames = [snapshot.meta.host, snapshot.parts.inventory?.hostname ?? '', osHostname()];
  // The short name too: "build-7" when the host is "build-7.corp.example".
  for (const name of [...hostnames]) if (name.includes('.')) hostnames.push(name.split('.')[0] ?? '');
  const people = new Set<string>();
  const isPerson = (uid: number | null): boolean => uid !== null && uid >= 1000 && uid !== 65534;
  const rows = [...(snapshot.parts.processes?.rows ?? []), ...(snapshot.parts.history?.frames.list.flatMap((f) => f.rows) ?? [])];
  for (const row of rows) if (isPerson(row.uid)) people.add(row.user);
  for (const entry of snapshot.parts.audit ?? []) if (isPerson(entry.user.uid)) people.add(entry.user.name);
  try {
    const me = userInfo();
    if (isPerson(me.uid)) people.add(me.username);
  } catch {
    // No passwd entry for this uid (a container): nothing more to add.
  }
  // A numeric "name" is a uid without a passwd entry; hiding digits would blank out numbers everywhere.
  return { hostnames: hostnames.filter(Boolean), userNames: [...people].filter((name) => !/^\d+$/.test(name)) };
}
