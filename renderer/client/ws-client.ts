import {
  createClient,
  type ContractClient,
  type ContractShape,
  type StreamHandlers,
  type Unsubscribe,
} from '../../native-bridge/contract/index.js';
import type { ClientMessage } from '../../native-bridge/contract/index.js';

export type ConnectionState = 'connecting' | 'open' | 'lost';

/**
 * The contract client over the web-mode WebSocket. Auth rides on the HttpOnly cookie the server set, so
 * the page never sees the token. When the socket drops it reconnects and re-opens every live stream,
 * so a feature's subscription survives a backend restart without the feature knowing.
 */
export function createWebSocketClient<C extends ContractShape>(
  contract: C,
  url: string,
  onState: (state: ConnectionState) => void = () => undefined,
): ContractClient<C> {
  let current: { client: ContractClient<C>; socket: WebSocket } | null = null;
  const live = new Set<{ name: string; input: unknown; handlers: StreamHandlers<unknown>; stop: Unsubscribe }>();
  let retryMs = 500;

  function open(): ContractClient<C> {
    onState('connecting');
    const socket = new WebSocket(url);
    const queue: ClientMessage[] = [];
    const messageListeners: Array<(message: unknown) => void> = [];
    const closeListeners: Array<(reason: string) => void> = [];
    socket.addEventListener('open', () => {
      retryMs = 500;
      onState('open');
      for (const message of queue.splice(0)) socket.send(JSON.stringify(message));
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      for (const listener of messageListeners) listener(parsed);
    });
    socket.addEventListener('close', (event) => {
      onState('lost');
      for (const listener of closeListeners) listener(event.reason || `closed (${event.code})`);
      if (current?.socket === socket) current = null;
      setTimeout(reconnect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
    const client = createClient(contract, {
      send(message) {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
        else if (socket.readyState === WebSocket.CONNECTING) queue.push(message);
      },
      onMessage: (listener) => messageListeners.push(listener),
      onClose: (listener) => closeListeners.push(listener),
    });
    current = { client, socket };
    return client;
  }

  function reconnect(): void {
    if (current) return;
    const client = open();
    for (const sub of live) sub.stop = client.subscribe(sub.name as never, sub.input as never, wrap(sub));
  }

  function wrap(sub: { handlers: StreamHandlers<unknown> }): StreamHandlers<never> {
    // A lost connection is not the stream's end: it comes back on reconnect, so only real errors pass.
    return {
      next: (message) => sub.handlers.next(message),
      error: (error) => {
        if (error.code !== 'IO_ERROR') sub.handlers.error?.(error);
      },
    };
  }

  const active = (): ContractClient<C> => current?.client ?? open();

  return {
    call: (name, input) => active().call(name, input),
    subscribe(name, input, handlers) {
      const sub = { name, input: input as unknown, handlers: handlers as StreamHandlers<unknown>, stop: (() => undefined) as Unsubscribe };
      sub.stop = active().subscribe(name, input, wrap(sub));
      live.add(sub);
      return () => {
        live.delete(sub);
        sub.stop();
      };
    },
  };
}
