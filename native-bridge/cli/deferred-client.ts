import type { ContractClient, ContractShape, Unsubscribe } from '../contract/define.js';
import { TriageError } from '../contract/triage-error.js';

/**
 * A client usable at once whose real client is still loading: calls wait for it, a subscription starts
 * when it is there (and never, if unsubscribed first). A failure to load fails each call with its error.
 */
export function deferredClient<C extends ContractShape>(ready: Promise<ContractClient<C>>): ContractClient<C> {
  // Attach a handler now: a load failure nobody has called into yet must not become an unhandled rejection.
  ready.catch(() => undefined);
  return {
    call: (name, input) => ready.then((client) => client.call(name, input)),
    subscribe(name, input, handlers) {
      let unsubscribe: Unsubscribe | null = null;
      let cancelled = false;
      ready.then(
        (client) => {
          if (!cancelled) unsubscribe = client.subscribe(name, input, handlers);
        },
        (error: unknown) => {
          if (cancelled) return;
          const shape = error instanceof TriageError ? error.toShape() : { code: 'INTERNAL' as const, message: error instanceof Error ? error.message : String(error) };
          handlers.error?.(shape);
        },
      );
      return () => {
        cancelled = true;
        unsubscribe?.();
      };
    },
  };
}
