import { expect } from 'vitest';
import { TriageError } from '../../contract/errors.js';

/** The TriageError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<TriageError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TriageError);
  return error as TriageError;
}
