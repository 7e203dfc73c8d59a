/**
 * The error class every layer throws, kept free of zod: a CLI command can fail with a sentence before it
 * has loaded any schema (`triage ps --limit 0` must not pay for zod). The schemas of the same shapes are
 * in errors.ts, built from ERROR_CODES.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'ESRCH',
  'EPERM',
  'EINVAL',
  'PID_REUSED',
  'REFUSED',
  'UNSUPPORTED',
  'TOOL_MISSING',
  'RATE_LIMITED',
  'BAD_MESSAGE',
  'TIMEOUT',
  'IO_ERROR',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every failure crosses a boundary in this one shape, so each view and the CLI can say the same sentence. */
export interface TriageErrorShape {
  code: ErrorCode;
  message: string;
  detail?: string | undefined;
}

export class TriageError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'TriageError';
    this.code = code;
    this.detail = detail;
  }
  toShape(): TriageErrorShape {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}
