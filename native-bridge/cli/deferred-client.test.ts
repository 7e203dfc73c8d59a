import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { method, stream, type ContractClient } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import { createInProcessClient } from '../server/transports/in-process.js';
import { deferredClient } from './deferred-client.js';

const tiny = {
  'echo.say': method({ input: z.object({ text: z.string() }), output: z.string() }),
  'echo.ticks': stream({ input: z.object({}), message: z.number() }),
} as const;

function realClient(subscribed: { count: number }): ContractClient<typeof tiny> {
  return createInProcessClient(tiny, {
    'echo.say': async ({ text }) => text,
    'echo.ticks': (_input, sink) => {
      subscribed.count++;
      sink.next(1);
      return () => undefined;
    },
  }).client;
}

describe('deferredClient', () => {
  it('calls and subscriptions wait for the client, then go through it', async () => {
    const subscribed = { count: 0 };
    let ready!: (client: ContractClient<typeof tiny>) => void;
    const client = deferredClient(new Promise<ContractClient<typeof tiny>>((resolve) => (ready = resolve)));
    const said = client.call('echo.say', { text: 'hi' });
    const got: number[] = [];
    client.subscribe('echo.ticks', {}, { next: (n) => got.push(n) });
    ready(realClient(subscribed));
    expect(await said).toBe('hi');
    await expect.poll(() => got).toEqual([1]);
  });

  it('a subscription dropped before the client is ready never starts', async () => {
    const subscribed = { count: 0 };
    const client = deferredClient(Promise.resolve(realClient(subscribed)));
    client.subscribe('echo.ticks', {}, { next: () => undefined })();
    expect(await client.call('echo.say', { text: 'after' })).toBe('after');
    expect(subscribed.count).toBe(0);
  });

  it('a client that fails to load fails each call and subscription with its error', async () => {
    const client = deferredClient<typeof tiny>(Promise.reject(new TriageError('IO_ERROR', 'The backend could not start.')));
    await expect(client.call('echo.say', { text: 'x' })).rejects.toThrow('The backend could not start.');
    const errors: string[] = [];
    client.subscribe('echo.ticks', {}, { next: () => undefined, error: (e) => errors.push(`${e.code}: ${e.message}`) });
    await expect.poll(() => errors).toEqual(['IO_ERROR: The backend could not start.']);
  });
});
