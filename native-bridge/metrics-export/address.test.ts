import { describe, expect, it } from 'vitest';
import { isLoopback, parseListenAddress } from './address.js';
import { loopbackHost } from './server.js';

describe('listen address', () => {
  it('reads IPv4, bracketed IPv6 and localhost, and knows which stay on this machine', () => {
    expect(parseListenAddress('127.0.0.1:9720')).toEqual({ host: '127.0.0.1', port: 9720, loopback: true });
    expect(parseListenAddress('[::1]:9720')).toEqual({ host: '::1', port: 9720, loopback: true });
    expect(parseListenAddress('localhost:0')).toEqual({ host: '127.0.0.1', port: 0, loopback: true });
    expect(parseListenAddress('127.8.9.10:1').loopback).toBe(true);
    expect(parseListenAddress('0.0.0.0:9720').loopback).toBe(false);
    expect(parseListenAddress('[::]:9720').loopback).toBe(false);
    expect(parseListenAddress('192.168.1.5:9720').loopback).toBe(false);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('0:0:0:0:0:0:0:1')).toBe(true);
  });

  it('says what is wrong with each bad address', () => {
    const cases: [string, RegExp][] = [
      ['9720', /has no port: give HOST:PORT/],
      ['::1:9720', /IPv6 address without brackets: write it as \[ADDRESS\]:PORT/],
      ['[nonsense]:1', /is not an IPv6 address/],
      [':9720', /has no host/],
      ['metrics.example:9720', /not an IP address: give an address to listen on, not a host name/],
      ['127.0.0.1:', /"" in "127.0.0.1:" is not a port/],
      ['127.0.0.1:70000', /is not a port: give a number from 1 to 65535/],
      ['127.0.0.1:http', /is not a port/],
    ];
    for (const [text, sentence] of cases) expect(() => parseListenAddress(text), text).toThrow(sentence);
  });

  it('answers without a token only requests addressed to loopback on its own port (DNS rebinding)', () => {
    expect(loopbackHost('127.0.0.1:9720', 9720)).toBe(true);
    expect(loopbackHost('localhost:9720', 9720)).toBe(true);
    expect(loopbackHost('[::1]:9720', 9720)).toBe(true);
    for (const host of ['evil.example:9720', '127.0.0.1.nip.io:9720', 'localhost.evil.com:9720', '127.0.0.1:9721', '127.0.0.1', undefined, '']) {
      expect(loopbackHost(host, 9720), String(host)).toBe(false);
    }
  });
});
