/**
 * Errors the backend answered with, as opposed to mistakes in the command line. The backend may refuse
 * an input (a text file given as a core: INVALID_INPUT) after the command line itself was fine: that is a
 * failure (exit 1), not a usage mistake (exit 2 with the usage line). Kept free of imports: main() reads
 * it on every error and must not load zod for `--version`.
 */
const answeredByBackend = new WeakSet<object>();

export function markBackendFailure(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) answeredByBackend.add(error);
  return error;
}

export function isBackendFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && answeredByBackend.has(error);
}
