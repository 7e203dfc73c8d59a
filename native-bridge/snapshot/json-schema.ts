import * as z from 'zod';
import { CoreAnalysis, CoreStackFrame, CoreThreadStack } from '../contract/core.js';
import { LeakSuspect, MemoryAlert, MemoryBreakdown, MemoryPinInfo, MemoryVerdict } from '../contract/memory.js';
import { AuditEntry, ProcessRow } from '../contract/processes.js';
import { CorePart, ProcessSeries, RedactionSummary, SNAPSHOT_VERSION, Snapshot, SnapshotMeta, SnapshotNotes, TracePart } from '../contract/snapshot.js';
import { HistoryPart, RecordedFrame } from '../contract/snapshot-history.js';
import { CpuTimes, Inventory, Pressure, SystemSample } from '../contract/system.js';
import { CallEvent, FailureGroup, SessionInfo, TraceAnalysis } from '../contract/trace.js';

/** Schemas that get a readable name under $defs (the rest is inlined where used). */
const NAMED: Array<[z.ZodType, string]> = [
  [SnapshotMeta, 'Meta'],
  [RedactionSummary, 'RedactionSummary'],
  [SnapshotNotes, 'Notes'],
  [Inventory, 'Inventory'],
  [SystemSample, 'SystemSample'],
  [CpuTimes, 'CpuTimes'],
  [Pressure, 'Pressure'],
  [ProcessRow, 'ProcessRow'],
  [ProcessSeries, 'ProcessSeries'],
  [MemoryPinInfo, 'MemoryPin'],
  [MemoryBreakdown, 'MemoryBreakdown'],
  [MemoryVerdict, 'MemoryVerdict'],
  [LeakSuspect, 'LeakSuspect'],
  [MemoryAlert, 'MemoryAlert'],
  [TracePart, 'Trace'],
  [SessionInfo, 'TraceSession'],
  [TraceAnalysis, 'TraceAnalysis'],
  [FailureGroup, 'TraceFailureGroup'],
  [CallEvent, 'TraceCall'],
  [CorePart, 'Core'],
  [CoreAnalysis, 'CoreAnalysis'],
  [CoreThreadStack, 'CoreThread'],
  [CoreStackFrame, 'CoreFrame'],
  [AuditEntry, 'AuditEntry'],
  [HistoryPart, 'History'],
  [RecordedFrame, 'RecordedFrame'],
];

/**
 * The published JSON Schema of the snapshot file (docs/snapshot.schema.json), generated from the zod
 * schema the reader uses. Input mode: objects allow extra properties, as readers ignore unknown parts.
 */
export function snapshotJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED) registry.add(schema, { id });
  const schema = z.toJSONSchema(Snapshot, { io: 'input', unrepresentable: 'any', metadata: registry }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://triage.invalid/snapshot.schema.json',
    title: `Triage snapshot (format triage-snapshot, version ${SNAPSHOT_VERSION}; readers also open version 1), gzip-compressed JSON`,
    ...schema,
  };
}

export function snapshotJsonSchemaText(): string {
  return `${JSON.stringify(snapshotJsonSchema(), null, 2)}\n`;
}
