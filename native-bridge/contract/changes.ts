import * as z from 'zod';
import { method } from './define.js';

/** The widest window one request may ask for: older logs are rotated away on most machines anyway. */
export const CHANGES_MAX_WINDOW_MS = 31 * 24 * 3_600_000;
/** What "what changed?" looks at when no window is given. */
export const CHANGES_DEFAULT_WINDOW_MS = 2 * 3_600_000;

/** resume: the machine woke from sleep; process: one of the top consumers started or ended. */
export const ChangeKind = z.enum(['boot', 'resume', 'package', 'unit', 'kernel', 'config', 'process', 'triage-action']);
export type ChangeKind = z.infer<typeof ChangeKind>;

/** One thing that changed on the machine, from whichever log said so. */
export const ChangeEvent = z.lazy(() => z.object({
  /** ms since the epoch. */
  time: z.number(),
  kind: ChangeKind,
  /** One line, for a list or a chart marker's tooltip. */
  title: z.string(),
  /** The source's own words (the log line, the path and its mtime…), for the details. */
  detail: z.string(),
}));
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/** read: looked at (it may hold nothing in the window); anything else means its changes are unknown, not none. */
export const ChangeSourceStatus = z.enum(['read', 'absent', 'denied', 'error']);
export type ChangeSourceStatus = z.infer<typeof ChangeSourceStatus>;

export const ChangeSource = z.lazy(() => z.object({
  name: z.string(),
  status: ChangeSourceStatus,
  /** Why it could not be read, or a limit met while reading it (null when read whole). */
  why: z.string().nullable(),
}));
export type ChangeSource = z.infer<typeof ChangeSource>;

export const ChangesInput = z
  .object({ sinceMs: z.number().nonnegative().optional(), untilMs: z.number().nonnegative().optional() })
  .strict();
export type ChangesInput = z.infer<typeof ChangesInput>;

export const ChangesList = z.lazy(() => z.object({
  sinceMs: z.number(),
  untilMs: z.number(),
  /** Newest first. */
  events: z.array(ChangeEvent),
  /** Events beyond the cap, left out (the oldest ones). */
  omitted: z.number().int().nonnegative(),
  sources: z.array(ChangeSource),
}));
export type ChangesList = z.infer<typeof ChangesList>;

export const changesContract = {
  /** What changed in a window (default: the last 2 h; at most 31 days), and which sources could not be read. */
  'changes.list': method({ input: ChangesInput, output: ChangesList }),
} as const;
export type ChangesContract = typeof changesContract;
