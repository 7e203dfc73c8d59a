import type { ContractShape, Implementation, StreamSink, Unsubscribe } from '../contract/define.js';

export interface LazyService<C extends ContractShape, S extends Implementation<C>> {
  /** Serves every endpoint of `contract` at once; the service itself is made on the first call. */
  implementation: Implementation<C>;
  /** The service if a call has made it already (for closing it), else null. */
  ifLoaded(): S | null;
}

/**
 * A service whose code loads on first use: `triage web` with the dashboard open never loads the trace,
 * core-dump, terminal, snapshot, changes or memory code (their modules, schemas of their own and state
 * stay out of the backend's memory) until someone opens one of those pages. A failure to load fails the
 * call that needed it, and the next call tries again.
 */
export function lazyService<C extends ContractShape, S extends Implementation<C>>(contract: C, load: () => Promise<S>): LazyService<C, S> {
  let service: S | null = null;
  let loading: Promise<S> | null = null;
  const ready = (): Promise<S> => {
    if (service) return Promise.resolve(service);
    loading ??= load().then(
      (made) => (service = made),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  // Endpoints are plain functions keyed by name, as the dispatcher calls them; the types are the contract's.
  type Method = (input: unknown) => Promise<unknown>;
  type Stream = (input: unknown, sink: StreamSink<unknown>) => Unsubscribe;
  const endpoints: Record<string, Method | Stream> = {};
  for (const [name, def] of Object.entries(contract)) {
    const of = (made: S) => (made as unknown as Record<string, Method & Stream>)[name]!;
    endpoints[name] =
      def.kind === 'method'
        ? (input: unknown) => ready().then((made) => of(made)(input))
        : (input: unknown, sink: StreamSink<unknown>) => {
            // A stream answers synchronously with its unsubscribe: subscribe once the service is there.
            let unsubscribe: Unsubscribe | null = null;
            let cancelled = false;
            ready().then(
              (made) => {
                if (cancelled) return;
                try {
                  unsubscribe = of(made)(input, sink);
                } catch (error) {
                  sink.fail(error);
                }
              },
              (error: unknown) => {
                if (!cancelled) sink.fail(error);
              },
            );
            return () => {
              cancelled = true;
              unsubscribe?.();
            };
          };
  }
  return { implementation: endpoints as unknown as Implementation<C>, ifLoaded: () => service };
}
