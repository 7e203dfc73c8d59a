import { z } from 'zod';

/** Every failure crosses a boundary in this one shape, so each view and the CLI can say the same sentence. */
export const ErrorCode = z.enum([
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
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const TriageErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: z.string().optional(),
});
export type TriageErrorShape = z.infer<typeof TriageErrorShape>;

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

/** Turns anything thrown into the wire shape without leaking stack traces. */
export function toErrorShape(error: unknown): TriageErrorShape {
  if (error instanceof TriageError) return error.toShape();
  const parsed = TriageErrorShape.safeParse(error);
  if (parsed.success) return parsed.data;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : 'Unexpected error' };
}

export function fromErrorShape(shape: TriageErrorShape): TriageError {
  return new TriageError(shape.code, shape.message, shape.detail);
}
