import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient } from '../../common/client.js';
import { method, stream, type Implementation } from '../../contract/define.js';
import { createDispatcher } from '../dispatcher.js';
import { createInProcessClient } from './in-process.js';

// The in-process client leaves result validation to the dispatcher (one parse, not two): these pin down
// that a result still reaches the CLI only as the contract shapes it, and a bad one never reaches it.
const contract = {
  'test.row': method({ input: z.object({ pid: z.number().int().min(1) }), output: z.object({ pid: z.number(), name: z.string() }) }),
  'test.ticks': stream({ input: z.object({}), message: z.object({ n: z.number() }) }),
} as const;

function serving(row: unknown, tick: unknown): Implementation<typeof contract> {
  return {
    'test.row': async () => row as { pid: number; name: string },
    'test.ticks': (_input, sink) => {
      sink.next(tick as { n: number });
      return () => undefined;
    },
  };
}

describe('the in-process client', () => {
  it('returns the result as the contract parses it: a field the service added does not leak out', async () => {
    const { client, close } = createInProcessClient(contract, serving({ pid: 7, name: 'sleep', secret: 'x' }, { n: 1 }));
    expect(await client.call('test.row', { pid: 7 })).toEqual({ pid: 7, name: 'sleep' });
    close();
  });

  it('fails a malformed result with INVALID_OUTPUT (the dispatcher checks it)', async () => {
    const { client, close } = createInProcessClient(contract, serving({ pid: 'seven' }, { n: 1 }));
    await expect(client.call('test.row', { pid: 7 })).rejects.toMatchObject({ code: 'INVALID_OUTPUT' });
    close();
  });

  it('still refuses invalid input', async () => {
    const { client, close } = createInProcessClient(contract, serving({ pid: 7, name: 'sleep' }, { n: 1 }));
    await expect(client.call('test.row', { pid: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    close();
  });

  it('still checks stream messages, which the dispatcher passes through', async () => {
    const { client, close } = createInProcessClient(contract, serving({ pid: 7, name: 'sleep' }, { n: 'one' }));
    const error = await new Promise((resolve) => {
      client.subscribe('test.ticks', {}, { next: () => resolve('a message'), error: resolve });
    });
    expect(error).toMatchObject({ code: 'INVALID_OUTPUT' });
    close();
  });
});

describe('a client across a process boundary', () => {
  it('checks results itself: a backend that sends a malformed answer fails loudly', async () => {
    // A dispatcher of an older contract, whose answer lacks a field this client's contract requires.
    const older = { 'test.row': method({ input: z.object({ pid: z.number() }), output: z.object({ pid: z.number() }) }) } as const;
    const connection = createDispatcher(older, { 'test.row': async ({ pid }) => ({ pid }) }).connect({
      send: (message) => queueMicrotask(() => deliver(JSON.parse(JSON.stringify(message)))),
    });
    let deliver: (message: unknown) => void = () => undefined;
    const client = createClient(contract, {
      send: (message) => queueMicrotask(() => connection.handle(JSON.parse(JSON.stringify(message)))),
      onMessage: (listener) => {
        deliver = listener;
      },
    });
    await expect(client.call('test.row', { pid: 7 })).rejects.toMatchObject({ code: 'INVALID_OUTPUT' });
    connection.close();
  });
});
