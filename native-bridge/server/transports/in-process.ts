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
): { client: ContractClient<C>; close(): void } {
  const dispatcher = createDispatcher(contract, implementation);
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
  return { client: createClient(contract, transport), close: () => connection.close() };
}
