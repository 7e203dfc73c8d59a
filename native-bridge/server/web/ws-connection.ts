import type { WebSocket } from 'ws';
import type { Connection } from '../dispatcher.js';

export const MAX_FRAME_BYTES = 1024 * 1024;
/** Messages per second a client may send; a UI sends a handful. */
const RATE_PER_SECOND = 200;
const BURST = 1000;
/** A client this far behind on reading gets disconnected rather than growing our memory without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Carries one dispatcher connection over one WebSocket, with a token-bucket rate limit. */
export function serveSocket(socket: WebSocket, connect: (send: (message: unknown) => void) => Connection): void {
  const connection = connect((message) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(JSON.stringify(message));
  });
  let tokens = BURST;
  let refilledAt = Date.now();
  let lastLimitNotice = 0;

  socket.on('message', (data, isBinary) => {
    const now = Date.now();
    tokens = Math.min(BURST, tokens + ((now - refilledAt) / 1000) * RATE_PER_SECOND);
    refilledAt = now;
    if (tokens < 1) {
      if (now - lastLimitNotice > 1000) {
        lastLimitNotice = now;
        socket.send(JSON.stringify({ type: 'error', id: null, error: { code: 'RATE_LIMITED', message: 'Too many messages; some were dropped.' } }));
      }
      return;
    }
    tokens -= 1;
    if (isBinary) {
      socket.send(JSON.stringify({ type: 'error', id: null, error: { code: 'BAD_MESSAGE', message: 'Binary messages are not accepted.' } }));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      socket.send(JSON.stringify({ type: 'error', id: null, error: { code: 'BAD_MESSAGE', message: 'Message is not valid JSON.' } }));
      return;
    }
    connection.handle(parsed);
  });
  socket.on('close', () => connection.close());
  socket.on('error', () => connection.close());
}
