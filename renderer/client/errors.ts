import { ErrorCode } from '../../native-bridge/contract/index.js';

/**
 * The one way the UI turns a failure into a sentence. What arrives is a TriageError from a call (the
 * same over IPC, WebSocket and in-process), a TriageErrorShape from a stream, or, rarely, anything a
 * bug threw: each gives its own message, never "[object Object]" nor an empty string.
 */
export function describeError(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (error !== undefined && typeof error !== 'object' && String(error).trim() !== '') return String(error);
  return 'Something went wrong and Triage was given no explanation for it.';
}

/** The contract's code of a failure (e.g. 'ESRCH'), or null when it carries none a feature can act on. */
export function errorCode(error: unknown): ErrorCode | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const parsed = ErrorCode.safeParse(code);
  return parsed.success ? parsed.data : null;
}

/** The longer explanation a TriageError may carry (a tool's stderr, say), or null. */
export function errorDetail(error: unknown): string | null {
  const detail = typeof error === 'object' && error !== null ? (error as { detail?: unknown }).detail : undefined;
  return typeof detail === 'string' ? detail : null;
}
