import { createClient, type ClientTransport } from '../../common/client.js';
import type { ContractClient, ContractShape, Implementation } from '../../contract/define.js';
import { createDispatcher } from '../dispatcher.js';

/**
 * The CLI's transport: no socket, but the same envelope, validation and error shapes as IPC and WebSocket.
 * Messages are cloned on the way, so neither side can share mutable objects with the other.
 */
export function createInProcessClient<C extends ContractShape>(
  contract: C,
  implementation: Implementation<C>,
  options: { oneShot?: boolean } = {},
): { client: ContractClient<C>; close(): void } {
  // A one-shot command parses each schema about once: see DispatcherOptions.jitless.
  const dispatcher = createDispatcher(contract, implementation, { jitless: options.oneShot ?? false });
  let deliver: (message: unknown) => void = () => undefined;
  const connection = dispatcher.connect({
    send: (message) => queueMicrotask(() => deliver(structuredClone(message))),
  });
  const transport: ClientTransport = {
    send: (message) => queueMicrotask(() => connection.handle(structuredClone(message))),
    onMessage: (listener) => {
      deliver = listener;
    },
  };
  // Results are validated once, by the dispatcher above: it parses every method's result with this same
  // contract object before sending it, and answers INVALID_OUTPUT instead when it does not conform. What
  // arrives here is a structured clone of that parsed value, so parsing it again against the same schema
  // in the same process could only repeat the same verdict (a one-shot `triage ps --json` spent ~10 ms on
  // it). Inputs are still validated by the dispatcher, and stream messages by the client, as on every
  // transport; only clients across a process boundary (IPC, WebSocket) keep checking results themselves.
  return { client: createClient(contract, transport, { validateResults: false }), close: () => connection.close() };
}
