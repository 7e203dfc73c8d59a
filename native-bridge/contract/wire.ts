import * as z from 'zod';
import { TriageErrorShape } from './errors.js';

/** The envelope every message-based transport (WebSocket, Electron IPC, in-process) carries. */
const Id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Name = z.string().min(1).max(100);

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: Id, method: Name, input: z.unknown() }).strict(),
  z.object({ type: z.literal('subscribe'), id: Id, stream: Name, input: z.unknown() }).strict(),
  z.object({ type: z.literal('unsubscribe'), id: Id }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ type: z.literal('result'), id: Id, ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), id: Id, ok: z.literal(false), error: TriageErrorShape }),
  z.object({ type: z.literal('event'), id: Id, message: z.unknown() }),
  z.object({ type: z.literal('stream-error'), id: Id, error: TriageErrorShape }),
  /** A message the server could not even read (bad JSON, wrong envelope): no id to answer to. */
  z.object({ type: z.literal('error'), id: Id.nullable(), error: TriageErrorShape }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
