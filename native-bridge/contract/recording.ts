import * as z from 'zod';
import { method } from './define.js';
import { HistoryStatus } from './history.js';

/** Where `/metrics` listens unless the user says otherwise: loopback only. */
export const DEFAULT_EXPORTER_ADDRESS = '127.0.0.1:9720';

export const AutostartKind = z.enum(['systemd-unit', 'xdg-autostart']);
export type AutostartKind = z.infer<typeof AutostartKind>;

export const AutostartInstalled = z.lazy(() => z.object({ kind: AutostartKind, path: z.string() }));
export type AutostartInstalled = z.infer<typeof AutostartInstalled>;

/** What "Record always…" would do, shown before it is confirmed: the file, its text, the command and whose rights. */
export const AutostartPlan = z.lazy(() => z.object({
  kind: AutostartKind,
  /** The file that will be written. */
  path: z.string(),
  /** The command it starts (this installation's Node and bin/triage.js, by absolute path). */
  argv: z.array(z.string()),
  /** The file's whole text. */
  content: z.string(),
  /** The user the recorder will run as. */
  runsAs: z.object({ uid: z.number().int(), name: z.string() }),
  /** One sentence: what is written, and when recording starts. */
  effect: z.string(),
}));
export type AutostartPlan = z.infer<typeof AutostartPlan>;

export const ExporterState = z.lazy(() => z.object({
  on: z.boolean(),
  /** HOST:PORT as asked (port 0 means the system chose one: see `url`); null when off. */
  address: z.string().nullable(),
  /** Where Prometheus scrapes, with the port actually used; null when off. */
  url: z.string().nullable(),
  /** The bearer token's file (its path only: the token itself never leaves the backend); null without one. */
  tokenFile: z.string().nullable(),
  /** Why the exporter is not serving what the settings ask (a port taken at start, a token file gone), or why the choice was not saved. */
  problem: z.string().nullable(),
  /** Whether this backend can serve metrics at all (a one-shot CLI command cannot: `triage record --metrics` does). */
  available: z.boolean(),
}));
export type ExporterState = z.infer<typeof ExporterState>;

export const RecordingStatus = z.lazy(() => z.object({
  /** Who records, since when, how much is stored where, and why nothing records (the history's own status). */
  history: HistoryStatus,
  autostart: z.object({
    /** What is installed now, and where; null when recording does not start at login. */
    installed: AutostartInstalled.nullable(),
    /** What "Record always…" would write; null when it cannot be planned (see `refused`). */
    plan: AutostartPlan.nullable(),
    /** Why installing is refused here, in one sentence; null when it is allowed. */
    refused: z.string().nullable(),
  }),
  exporter: ExporterState,
}));
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** HOST:PORT with an IP literal (IPv6 in brackets) or localhost; the backend checks the address itself. */
export const ListenAddressText = z
  .string()
  .trim()
  .max(60)
  .regex(/^(?:\[[0-9A-Fa-f:.]+\]|[0-9.]+|localhost):\d{1,5}$/, 'Give the address as HOST:PORT with an IP address, for example 127.0.0.1:9720 or [::1]:9720.');

/** A file named by its absolute path (a relative one would depend on where the backend was started). */
export const AbsolutePath = z
  .string()
  .max(4096)
  .refine((path) => path.startsWith('/'), 'Give the token file as an absolute path, starting with /.')
  .refine((path) => !path.includes('\0'), 'A file path cannot contain a NUL character.');

export const ExporterChoice = z.lazy(() => z.discriminatedUnion('on', [
  z.object({ on: z.literal(false) }).strict(),
  z.object({ on: z.literal(true), address: ListenAddressText, tokenFile: AbsolutePath.optional() }).strict(),
]));
export type ExporterChoice = z.infer<typeof ExporterChoice>;

export const AutostartResult = z.lazy(() => z.object({
  /** What was done, in sentences. */
  lines: z.array(z.string()),
  status: RecordingStatus,
}));
export type AutostartResult = z.infer<typeof AutostartResult>;

export const recordingContract = {
  /** The history's recording, whether it starts at login (and what installing would write), and the metrics exporter. */
  'recording.status': method({ input: z.lazy(() => z.object({}).strict()), output: RecordingStatus }),
  /** Writes the autostart entry (a systemd user unit where one runs, else an XDG autostart entry) that runs `triage record`. */
  'recording.installAutostart': method({ input: z.lazy(() => z.object({}).strict()), output: AutostartResult, mutates: true }),
  /** Removes what installAutostart wrote. */
  'recording.uninstallAutostart': method({ input: z.lazy(() => z.object({}).strict()), output: AutostartResult, mutates: true }),
  /**
   * Starts, moves or stops the metrics exporter of this backend and saves the choice for its next start.
   * Beyond loopback a token file is required (the backend refuses otherwise, in a sentence).
   */
  'recording.setExporter': method({ input: ExporterChoice, output: ExporterState, mutates: true }),
} as const;
export type RecordingContract = typeof recordingContract;
