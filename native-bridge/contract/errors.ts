import * as z from 'zod';
import { ERROR_CODES, TriageError, type TriageErrorShape as ErrorShape } from './triage-error.js';

export { TriageError } from './triage-error.js';

/** Every failure crosses a boundary in this one shape, so each view and the CLI can say the same sentence. */
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const TriageErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: z.string().optional(),
}) satisfies z.ZodType<ErrorShape>;
export type TriageErrorShape = z.infer<typeof TriageErrorShape>;

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
