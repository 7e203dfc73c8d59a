import { type ContractClient, type ContractShape, type StreamHandlers, type Unsubscribe } from '../../native-bridge/contract/index.js';
import { createClient } from '../../native-bridge/common/client.js';
import { TriageError } from '../../native-bridge/contract/index.js';
import { socketTransport } from './socket-transport.js';

export type ConnectionState = 'connecting' | 'open' | 'lost';

/**
 * What the client reports on every change: the state, and how many times it has tried to get the
 * backend back since it was lost (0 while open and before the first loss).
 */
export type ConnectionListener = (state: ConnectionState, attempt: number) => void;

/** Backoff between reconnection attempts: doubles from the first delay up to the cap. */
export interface ReconnectPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_POLICY: ReconnectPolicy = { firstDelayMs: 500, maxDelayMs: 10_000 };

interface LiveStream {
  name: string;
  input: unknown;
  handlers: StreamHandlers<unknown>;
  stop: Unsubscribe;
}

/** A lost connection is not the stream's end: it comes back on reconnect, so only real errors pass. */
function survivingLoss(stream: LiveStream): StreamHandlers<never> {
  return {
    next: (message) => stream.handlers.next(message),
    error: (error) => {
      if (error.code !== 'IO_ERROR') stream.handlers.error?.(error);
    },
  };
}

/**
 * The contract client over the web-mode WebSocket. Auth rides on the HttpOnly cookie the server set, so
 * the page never sees the token. When the socket drops it reconnects and re-opens every live stream,
 * so a feature's subscription survives a backend restart without the feature knowing.
 */
export function createWebSocketClient<C extends ContractShape>(
  contract: C,
  url: string,
  onState: ConnectionListener = () => undefined,
  policy: ReconnectPolicy = DEFAULT_POLICY,
): ContractClient<C> & { close(): void } {
  let current: { client: ContractClient<C>; socket: WebSocket } | null = null;
  /** Set by close(): no socket is opened again, and no retry stays scheduled. */
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const live = new Set<LiveStream>();
  let retryMs = policy.firstDelayMs;
  /** Attempts since the connection was lost; the UI says "reconnecting… attempt N". */
  let attempt = 0;

  function open(): ContractClient<C> {
    onState('connecting', attempt);
    const socket = new WebSocket(url);
    const client = createClient(
      contract,
      socketTransport(socket, {
        onOpen() {
          retryMs = policy.firstDelayMs;
          attempt = 0;
          onState('open', 0);
        },
        onLost() {
          attempt += 1;
          onState('lost', attempt);
          if (current?.socket === socket) current = null;
          if (closed) return;
          retryTimer = setTimeout(reconnect, retryMs);
          retryMs = Math.min(retryMs * 2, policy.maxDelayMs);
        },
      }),
    );
    current = { client, socket };
    return client;
  }

  /** Opens a socket and re-opens every live stream on it (the features' subscriptions survive a loss). */
  function reconnect(): void {
    retryTimer = null;
    if (current || closed) return;
    const client = open();
    for (const sub of live) sub.stop = client.subscribe(sub.name as never, sub.input as never, survivingLoss(sub));
  }

  /**
   * The open client, or null while the backend is lost: then nothing opens a socket outside the
   * backoff schedule (a click must not hammer a dead port, nor open a socket the live streams miss).
   */
  const active = (): ContractClient<C> | null => current?.client ?? (attempt > 0 || closed ? null : open());

  return {
    call(name, input) {
      const client = active();
      if (!client) {
        return Promise.reject(new TriageError('IO_ERROR', 'The Triage backend is not connected; Triage is reconnecting to it.'));
      }
      return client.call(name, input);
    },
    subscribe(name, input, handlers) {
      const sub: LiveStream = { name, input, handlers: handlers as StreamHandlers<unknown>, stop: () => undefined };
      // While lost, the stream starts with the next reconnection.
      const client = active();
      if (client) sub.stop = client.subscribe(name, input, survivingLoss(sub));
      live.add(sub);
      return () => {
        live.delete(sub);
        sub.stop();
      };
    },
    /** Ends the connection for good (a page or test going away): no reconnect timer outlives it. */
    close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      current?.socket.close();
      current = null;
    },
  };
}
