import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient } from '../../common/client.js';
import { method, stream, type Implementation } from '../../contract/define.js';
import { processesContract } from '../../contract/processes.js';
import { createDispatcher } from '../dispatcher.js';
import { processListPart } from '../parts/process-list.js';
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

describe('a one-shot in-process client (quick commands: no compiled zod parsers)', () => {
  it('answers exactly as the default client: the same parsed list, the same refusals', async () => {
    // A real process list, then served as a fixed answer so both clients parse the same value.
    const part = processListPart();
    const live = createInProcessClient(part.contract, part.implementation);
    const list = await live.client.call('processes.list', { windowMs: 100 });
    live.close();
    part.close();
    expect(list.rows.length).toBeGreaterThan(0);
    const listContract = { 'processes.list': processesContract['processes.list'] } as const;
    const answer = { ...list, rows: list.rows.map((row) => ({ ...row, internal: 1 })) };
    const fixed = { 'processes.list': async () => structuredClone(answer) };
    const oneShot = createInProcessClient(listContract, fixed, { oneShot: true });
    const usual = createInProcessClient(listContract, fixed);
    const [a, b] = [await oneShot.client.call('processes.list', {}), await usual.client.call('processes.list', {})];
    expect(a).toEqual(b);
    expect(a).toEqual(list);
    for (const client of [oneShot.client, usual.client]) {
      await expect(client.call('processes.list', { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^Invalid input for processes\.list: limit: /) });
    }
    const broken = { 'processes.list': async () => ({ ...list, rows: list.rows.slice(0, 1).map((row) => ({ ...row, pid: -1 })) }) };
    const brokenClient = createInProcessClient(listContract, broken, { oneShot: true });
    await expect(brokenClient.client.call('processes.list', {})).rejects.toMatchObject({ code: 'INVALID_OUTPUT' });
    for (const c of [oneShot, usual, brokenClient]) c.close();
  });
});
