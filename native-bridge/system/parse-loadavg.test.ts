import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixtures.js';
import { parseLoadavg } from './parse-loadavg.js';
import { parseUptime } from './parse-uptime.js';

describe('parseLoadavg', () => {
  it('reads a real /proc/loadavg', () => {
    expect(parseLoadavg(fixture('loadavg.txt'))).toEqual({ one: 1.39, five: 0.69, fifteen: 0.33, runnable: 1, entities: 88 });
  });

  it('rejects text that is not load averages', () => {
    expect(() => parseLoadavg('')).toThrow(/three load averages/);
    expect(() => parseLoadavg('a b c 1/2 3')).toThrow();
  });
});

describe('parseUptime', () => {
  it('reads a real /proc/uptime', () => {
    expect(parseUptime(fixture('uptime.txt'))).toEqual({ uptimeSec: 742.41, idleSec: 1242.67 });
  });

  it('rejects text that is not a number', () => {
    expect(() => parseUptime('up\n')).toThrow(/number/);
  });
});
