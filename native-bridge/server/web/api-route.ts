import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connection } from '../dispatcher.js';
import { sendJson } from './headers.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /api/<method> with a JSON body: the contract's methods for scripts (curl with the token header).
 * Same dispatcher as the socket, so the same validation and error shapes.
 */
export async function serveApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  methodName: string,
  connect: (send: (message: unknown) => void) => Connection,
): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendJson(res, 415, { code: 'BAD_MESSAGE', message: 'Send the input as application/json.' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      sendJson(res, 413, { code: 'BAD_MESSAGE', message: 'Request body too large.' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  }
  let input: unknown;
  try {
    input = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    sendJson(res, 400, { code: 'BAD_MESSAGE', message: 'Body is not valid JSON.' });
    return;
  }
  const answer = await new Promise<Record<string, unknown>>((resolve) => {
    const connection = connect((message) => {
      resolve(message as Record<string, unknown>);
      connection.close();
    });
    connection.handle({ type: 'call', id: 1, method: methodName, input });
  });
  if (answer.ok === true) sendJson(res, 200, answer.value);
  else {
    const error = (answer.error ?? {}) as { code?: string };
    const status = error.code === 'UNKNOWN_METHOD' ? 404 : error.code === 'INVALID_INPUT' ? 400 : 500;
    sendJson(res, status, answer.error);
  }
}
