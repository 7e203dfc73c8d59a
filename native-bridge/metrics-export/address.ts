import { BlockList, isIP } from 'node:net';
import { TriageError } from '../contract/errors.js';
import { DEFAULT_EXPORTER_ADDRESS } from '../contract/recording.js';

export const DEFAULT_METRICS_ADDRESS = DEFAULT_EXPORTER_ADDRESS;

export interface ListenAddress {
  /** An IP literal, without brackets. */
  host: string;
  /** 0 asks for a free port. */
  port: number;
  loopback: boolean;
}

const EXAMPLE = 'for example 127.0.0.1:9720 or [::1]:9720';

// The whole 127.0.0.0/8 block and ::1 (also written long, or as an IPv4-mapped address) stay on this machine.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

export function isLoopback(host: string): boolean {
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** "HOST:PORT" → where to listen; every mistake is a sentence with an example. */
export function parseListenAddress(text: string): ListenAddress {
  const input = text.trim();
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(input);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
    if (isIP(host) !== 6) throw new TriageError('INVALID_INPUT', `"${host}" in "${text}" is not an IPv6 address (${EXAMPLE}).`);
  } else {
    const colon = input.lastIndexOf(':');
    if (colon < 0) throw new TriageError('INVALID_INPUT', `"${text}" has no port: give HOST:PORT, ${EXAMPLE}.`);
    if (input.indexOf(':') !== colon) {
      throw new TriageError('INVALID_INPUT', `"${text}" looks like an IPv6 address without brackets: write it as [ADDRESS]:PORT, ${EXAMPLE}.`);
    }
    host = input.slice(0, colon);
    portText = input.slice(colon + 1);
    if (host === 'localhost') host = '127.0.0.1';
    if (host === '') throw new TriageError('INVALID_INPUT', `"${text}" has no host: give HOST:PORT, ${EXAMPLE}.`);
    if (isIP(host) !== 4) {
      throw new TriageError('INVALID_INPUT', `"${host}" is not an IP address: give an address to listen on, not a host name (${EXAMPLE}; 0.0.0.0 for every interface).`);
    }
  }
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new TriageError('INVALID_INPUT', `"${portText}" in "${text}" is not a port: give a number from 1 to 65535 (0 picks a free one).`);
  }
  return { host, port, loopback: isLoopback(host) };
}

/** How a URL writes the host (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
