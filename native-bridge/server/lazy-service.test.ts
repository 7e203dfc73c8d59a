import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { method, stream, type Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import { createInProcessClient } from './transports/in-process.js';
import { lazyService } from './lazy-service.js';

const tiny = {
  'tiny.add': method({ input: z.object({ a: z.number(), b: z.number() }), output: z.number() }),
  'tiny.count': stream({ input: z.object({ from: z.number() }), message: z.number() }),
} as const;

function makeTiny(made: { count: number; stopped: number }): Implementation<typeof tiny> {
  made.count++;
  return {
    'tiny.add': async ({ a, b }) => a + b,
    'tiny.count': ({ from }, sink) => {
      sink.next(from);
      sink.next(from + 1);
      return () => void made.stopped++;
    },
  };
}

describe('lazyService', () => {
  it('makes the service on the first call only, and serves methods and streams through any transport', async () => {
    const made = { count: 0, stopped: 0 };
    const lazy = lazyService(tiny, async () => makeTiny(made));
    expect(made.count).toBe(0);
    expect(lazy.ifLoaded()).toBeNull();
    const { client, close } = createInProcessClient(tiny, lazy.implementation);
    const seen: number[] = [];
    const stop = client.subscribe('tiny.count', { from: 5 }, { next: (n) => seen.push(n) });
    expect(await client.call('tiny.add', { a: 2, b: 3 })).toBe(5);
    await expect.poll(() => seen).toEqual([5, 6]);
    expect(made.count).toBe(1);
    expect(lazy.ifLoaded()).not.toBeNull();
    stop();
    await expect.poll(() => made.stopped).toBe(1);
    close();
  });

  it('a stream dropped while the service loads never starts', async () => {
    const made = { count: 0, stopped: 0 };
    const lazy = lazyService(tiny, async () => makeTiny(made));
    const seen: number[] = [];
    lazy.implementation['tiny.count']({ from: 1 }, { next: (n) => seen.push(n), fail: () => undefined })();
    expect(await lazy.implementation['tiny.add']({ a: 1, b: 1 })).toBe(2);
    expect(seen).toEqual([]);
  });

  it('a load that fails fails that call (and its streams) with the error; the next call loads again', async () => {
    const made = { count: 0, stopped: 0 };
    let attempts = 0;
    const lazy = lazyService(tiny, async () => {
      if (attempts++ === 0) throw new TriageError('TOOL_MISSING', 'node-pty is not installed.');
      return makeTiny(made);
    });
    const failures: unknown[] = [];
    lazy.implementation['tiny.count']({ from: 1 }, { next: () => undefined, fail: (e) => failures.push(e) });
    await expect(lazy.implementation['tiny.add']({ a: 1, b: 2 })).rejects.toThrow('node-pty is not installed.');
    expect(failures).toHaveLength(1);
    expect(await lazy.implementation['tiny.add']({ a: 1, b: 2 })).toBe(3);
    expect(attempts).toBe(2);
  });
});
