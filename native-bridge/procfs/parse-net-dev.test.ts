import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixture.js';
import { parseNetDev } from './parse-net-dev.js';

describe('parseNetDev', () => {
  it('reads every interface of a real /proc/net/dev', () => {
    const net = parseNetDev(fixture('net-dev.txt'));
    expect(net.map((n) => n.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(net[3]).toEqual({ name: 'eth0', rxBytes: 458914680, rxErrors: 0, rxDrops: 0, txBytes: 962413, txErrors: 0, txDrops: 0 });
  });

  it('reads errors and drops, and a counter wide enough to touch the colon', () => {
    const net = parseNetDev(fixture('net-dev-errors.txt'));
    expect(net.find((n) => n.name === 'wlp2s0')).toEqual({
      name: 'wlp2s0',
      rxBytes: 9876543210,
      rxErrors: 17,
      rxDrops: 42,
      txBytes: 1234567890,
      txErrors: 5,
      txDrops: 9,
    });
    expect(net.map((n) => n.name)).toEqual(['lo', 'wlp2s0', 'enp0s31f6']);
  });

  it('skips the headers and lines without all counters', () => {
    expect(parseNetDev('Inter-|   Receive\n face |bytes\n  eth0: 1 2 3\n')).toEqual([]);
  });
});
