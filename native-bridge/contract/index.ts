import { appContract } from './app.js';
import { preferencesContract } from './preferences.js';
import { coreContract } from './core.js';
import { memoryContract } from './memory.js';
import { netfilesContract } from './netfiles.js';
import { snapshotContract } from './snapshot.js';
import { processesContract } from './processes.js';
import { systemContract } from './system.js';
import { traceContract } from './trace.js';
import { terminalContract } from './terminal.js';
import { findingsContract } from './findings.js';
import { findingsThresholdsContract } from './findings-thresholds.js';
import { changesContract } from './changes.js';
import { historyContract } from './history.js';
import { recordingContract } from './recording.js';

/**
 * THE API between backend and UI. Every transport (Electron IPC, WebSocket, in-process) walks this
 * object, so adding an endpoint here is the only step needed for all of them to carry it.
 *
 * Schemas with objects, arrays or unions in them are written `z.lazy(() => ...)`: zod builds one only when
 * a message first needs it, so a process validates with what it uses and never holds the rest (issue 16:
 * the ~2,600 zod schemas of the whole contract took 3.3 MiB of every backend's heap, 1.6 MiB lazily, while
 * a dashboard session uses a fraction). Same checks, same errors; a schema whose object methods are used
 * (.extend, .partial, .shape, .strict) stays eager.
 */
export const contract = {
  ...appContract,
  ...preferencesContract,
  ...systemContract,
  ...processesContract,
  ...memoryContract,
  ...netfilesContract,
  ...snapshotContract,
  ...traceContract,
  ...coreContract,
  ...terminalContract,
  ...findingsContract,
  ...findingsThresholdsContract,
  ...changesContract,
  ...historyContract,
  ...recordingContract,
} as const;

export type Contract = typeof contract;

export * from './define.js';
export * from './errors.js';
export * from './app.js';
export * from './preferences.js';
export * from './system.js';
export * from './processes.js';
export * from './memory.js';
export * from './netfiles.js';
export * from './snapshot.js';
export * from './snapshot-history.js';
export * from './trace.js';
export * from './core.js';
export * from './terminal.js';
export * from './wire.js';
export * from './history.js';
export * from './findings-thresholds.js';
export * from './recording.js';
