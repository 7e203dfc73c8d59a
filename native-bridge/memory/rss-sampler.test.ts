import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPageSize as pageSize } from '../procfs/page-size.js';
import { RssSampler, topConsumersNow } from './rss-sampler.js';
import { findByName } from './name-match.js';
import { buildMemhog, startHog } from './test-support/memhog.js';
import { MiB } from './units.js';
import { until } from '../../test-support/until.js';

let hog: ReturnType<typeof buildMemhog>;
beforeAll(() => {
  hog = buildMemhog();
});
afterAll(() => hog?.dispose());

describe('all-process RSS sampler (real /proc)', () => {
  it('samples every user process, skips kernel threads and drops processes that exit', async () => {
    const child = await startHog(hog.binary, ['hold', '40']);
    const sampler = new RssSampler({ minIntervalMs: 1 });
    const statmRss = (): number => Number(readFileSync(`/proc/${child.pid}/statm`, 'latin1').split(' ')[1]) * pageSize();
    try {
      // memhog says ready once its block is touched; a loaded machine may still be faulting the last pages in.
      await until(() => statmRss() > 40 * MiB, 'the 40 MiB block to be resident', 30_000);
      expect(sampler.sample(1000)).toBe(true);
      expect(sampler.sample(1000)).toBe(false); // younger than the minimum interval
      expect(sampler.sample(2000)).toBe(true);
      const byPid = new Map([...sampler.series()].map((s) => [s.pid, s]));
      const mine = byPid.get(child.pid)!;
      expect(mine.ring.size).toBe(2);
      expect(mine.name).toBe('memhog');
      expect(Math.abs(mine.ring.last('rss') - statmRss())).toBeLessThan(MiB);
      expect(mine.ring.last('rss')).toBeGreaterThan(40 * MiB);
      expect(byPid.get(process.pid)!.ring.last('rss')).toBeGreaterThan(10 * MiB);
      expect(byPid.get(2)?.ring.size ?? 0).toBe(0); // kthreadd
      expect(sampler.top(3).map((c) => c.rssBytes)).toEqual([...sampler.top(3).map((c) => c.rssBytes)].sort((a, b) => b - a));

      await child.stop();
      sampler.sample(3000);
      expect([...sampler.series()].some((s) => s.pid === child.pid)).toBe(false);
    } finally {
      sampler.close();
      await child.stop();
    }
  });

  it('works past its open-file cap by reopening per sample', async () => {
    const sampler = new RssSampler({ minIntervalMs: 1, maxOpenFiles: 2 });
    try {
      sampler.sample(1);
      sampler.sample(2);
      const withTwo = [...sampler.series()].filter((s) => s.ring.size === 2);
      expect(withTwo.length).toBeGreaterThan(5);
    } finally {
      sampler.close();
    }
  });

  it('lists top consumers without the sampler, and finds programs by name', async () => {
    const top = topConsumersNow('/proc', 5);
    expect(top).toHaveLength(5);
    expect(top[0]!.rssBytes).toBeGreaterThanOrEqual(top[4]!.rssBytes);
    const child = await startHog(hog.copyAs('NameFinder'), ['hold', '1']);
    try {
      const matches = findByName('/proc', 'namefinder', new Set());
      expect(matches.map((m) => m.pid)).toEqual([child.pid]);
      expect(findByName('/proc', 'namefinder', new Set([child.pid]))).toEqual([]);
    } finally {
      await child.stop();
    }
  });
});

describe('the memhog fixture', () => {
  it('"hold" says ready only once its whole block is resident', async () => {
    const child = await startHog(hog.binary, ['hold', '256']);
    try {
      // Read at once, no poll: this is the promise the other tests rely on.
      const rss = Number(readFileSync(`/proc/${child.pid}/statm`, 'latin1').split(' ')[1]) * pageSize();
      expect(rss).toBeGreaterThan(256 * MiB);
    } finally {
      await child.stop();
    }
  });
});
