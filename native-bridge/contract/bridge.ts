import type {
  ContractClient,
  ContractShape,
  InputOf,
  MessageOf,
  MethodNames,
  OutputOf,
  StreamHandlers,
  StreamNames,
  Unsubscribe,
} from './define.js';
import { TriageError, TriageErrorShape, fromErrorShape, toErrorShape } from './errors.js';

/** A call's outcome as a value: what crosses Electron's contextBridge, which keeps only `message` of a thrown Error. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: TriageErrorShape };

/**
 * What the preload exposes to the page. Calls resolve to a CallResult and never reject, so `code`
 * and `detail` reach the renderer (electron/electron#25596); stream errors are plain shapes already.
 */
export interface BridgeApi<C extends ContractShape> {
  call<K extends MethodNames<C>>(name: K, input: InputOf<C, K>): Promise<CallResult<OutputOf<C, K>>>;
  subscribe<K extends StreamNames<C>>(name: K, input: InputOf<C, K>, handlers: StreamHandlers<MessageOf<C, K>>): Unsubscribe;
}

/** The preload's side: the contract client with every failure turned into data. */
export function toBridgeApi<C extends ContractShape>(client: ContractClient<C>): BridgeApi<C> {
  return {
    call: (name, input) =>
      client.call(name, input).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error: toErrorShape(error) }),
      ),
    subscribe: (name, input, handlers) =>
      client.subscribe(name, input, {
        next: (message) => handlers.next(message),
        error: (error) => handlers.error?.(toErrorShape(error)),
      }),
  };
}

/** Whatever the page got back where an error shape belongs, as one: a drifting preload fails loudly, not silently. */
function shapeOf(raw: unknown, what: string): TriageErrorShape {
  const parsed = TriageErrorShape.safeParse(raw);
  return parsed.success ? parsed.data : { code: 'INVALID_OUTPUT', message: `The desktop bridge sent a malformed ${what}.` };
}

/** The renderer's side: the same ContractClient as over WebSocket, rejecting with a typed TriageError. */
export function fromBridgeApi<C extends ContractShape>(bridge: BridgeApi<C>): ContractClient<C> {
  return {
    async call(name, input) {
      const result: unknown = await bridge.call(name, input);
      if (typeof result !== 'object' || result === null || !('ok' in result)) {
        throw new TriageError('INVALID_OUTPUT', `The desktop bridge sent a malformed answer to ${String(name)}.`);
      }
      if (result.ok === true && 'value' in result) return result.value as OutputOf<C, typeof name>;
      throw fromErrorShape(shapeOf((result as { error?: unknown }).error, `error for ${String(name)}`));
    },
    subscribe: (name, input, handlers) =>
      bridge.subscribe(name, input, {
        next: (message) => handlers.next(message),
        error: (error) => handlers.error?.(shapeOf(error, `error for the ${String(name)} stream`)),
      }),
  };
}
