import type { ClientTransport } from '../../native-bridge/common/client.js';
import type { ClientMessage } from '../../native-bridge/contract/index.js';

interface SocketLifecycle {
  /** Runs before the messages queued while connecting are sent. */
  onOpen(): void;
  /** Runs before pending calls and streams hear that the transport is gone. */
  onLost(): void;
}

/**
 * One WebSocket as a contract client's transport: what is sent while it connects waits in a queue, and
 * frames that are not JSON text are dropped.
 */
export function socketTransport(socket: WebSocket, lifecycle: SocketLifecycle): ClientTransport {
  const queue: ClientMessage[] = [];
  const messageListeners: Array<(message: unknown) => void> = [];
  const closeListeners: Array<(reason: string) => void> = [];
  socket.addEventListener('open', () => {
    lifecycle.onOpen();
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
    lifecycle.onLost();
    for (const listener of closeListeners) listener(event.reason || `closed (${event.code})`);
  });
  return {
    send(message) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(message);
    },
    onMessage: (listener) => messageListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
  };
}
