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
} from '../contract/define.js';
import { TriageError, fromErrorShape, type TriageErrorShape } from '../contract/errors.js';
import { ServerMessage, type ClientMessage } from '../contract/wire.js';

/** What a client needs from a transport: send an envelope, hear envelopes back. */
export interface ClientTransport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called with a reason when the transport is gone; pending calls fail with it. */
  onClose?(listener: (reason: string) => void): void;
}

export interface ClientOptions {
  /**
   * Whether a method's result is checked against the contract here (default true). Only a transport whose
   * other end is this process's own dispatcher may turn it off: see in-process.ts for why that is safe.
   * Stream messages are always checked: the dispatcher does not validate them.
   */
  validateResults?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: TriageError): void;
  method: string;
}

/**
 * The one client implementation, used by the renderer (over IPC or WebSocket) and the CLI (in-process).
 * It validates what the server sends against the same contract, so a drifting backend fails loudly.
 */
export function createClient<C extends ContractShape>(contract: C, transport: ClientTransport, options: ClientOptions = {}): ContractClient<C> {
  const validateResults = options.validateResults ?? true;
  const endpoints = new Map(Object.entries(contract));
  const pending = new Map<number, Pending>();
  const streams = new Map<number, { name: string; handlers: StreamHandlers<unknown> }>();
  let nextId = 1;

  transport.onMessage((raw) => {
    const parsed = ServerMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (!message.ok) return call.reject(fromErrorShape(message.error));
      const def = endpoints.get(call.method);
      if (def?.kind === 'method' && !validateResults) return call.resolve(message.value);
      const out = def?.kind === 'method' ? def.output.safeParse(message.value) : undefined;
      if (!out?.success) {
        return call.reject(new TriageError('INVALID_OUTPUT', `The backend sent a malformed answer to ${call.method}.`));
      }
      return call.resolve(out.data);
    }
    if (message.type === 'event') {
      const sub = streams.get(message.id);
      const def = sub ? endpoints.get(sub.name) : undefined;
      if (!sub || def?.kind !== 'stream') return;
      const msg = def.message.safeParse(message.message);
      if (msg.success) sub.handlers.next(msg.data);
      else sub.handlers.error?.({ code: 'INVALID_OUTPUT', message: `The backend sent a malformed ${sub.name} message.` });
      return;
    }
    if (message.type === 'stream-error') {
      const sub = streams.get(message.id);
      streams.delete(message.id);
      sub?.handlers.error?.(message.error);
      return;
    }
    if (message.id !== null) {
      pending.get(message.id)?.reject(fromErrorShape(message.error));
      pending.delete(message.id);
    }
  });

  transport.onClose?.((reason) => {
    const error: TriageErrorShape = { code: 'IO_ERROR', message: `Connection to the Triage backend lost: ${reason}` };
    for (const call of pending.values()) call.reject(fromErrorShape(error));
    pending.clear();
    for (const sub of streams.values()) sub.handlers.error?.(error);
    streams.clear();
  });

  return {
    call<K extends MethodNames<C>>(name: K, input: InputOf<C, K>): Promise<OutputOf<C, K>> {
      const id = nextId++;
      return new Promise<OutputOf<C, K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method: name });
        transport.send({ type: 'call', id, method: name, input });
      });
    },
    subscribe<K extends StreamNames<C>>(
      name: K,
      input: InputOf<C, K>,
      handlers: StreamHandlers<MessageOf<C, K>>,
    ): Unsubscribe {
      const id = nextId++;
      streams.set(id, { name, handlers: handlers as StreamHandlers<unknown> });
      transport.send({ type: 'subscribe', id, stream: name, input });
      return () => {
        if (!streams.delete(id)) return;
        transport.send({ type: 'unsubscribe', id });
      };
    },
  };
}
