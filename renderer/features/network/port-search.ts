import type { ListeningPort } from '../../../native-bridge/contract/index.js';
import { formatEndpoint, holderText } from './endpoints.js';

export type PortQuery = { port: number } | { error: string } | null;

/** Accepts "8080", ":8080", "port 8080", "what is on port 8080?": the last whole number is the port. */
export function parsePortQuery(text: string): PortQuery {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const numbers = trimmed.match(/\d+/g);
  const last = numbers?.[numbers.length - 1];
  if (last === undefined || last.length > 5 || Number(last) < 1 || Number(last) > 65_535) {
    return { error: 'Type a port number from 1 to 65535.' };
  }
  return { port: Number(last) };
}

export interface PortAnswer {
  port: number;
  matches: ListeningPort[];
  /** One line per listening socket, or "Nothing listens on port N". */
  lines: string[];
}

/** Who listens, in words: never blank, so a missing owner is said rather than hidden. */
export function ownerWords(p: ListeningPort, separator = ' and '): string {
  if (p.owners.length > 0) return p.owners.map(holderText).join(separator);
  return p.ownerStatus === 'unreadable' ? 'a process you cannot inspect' : 'no visible process';
}

export function answerPort(ports: readonly ListeningPort[], port: number): PortAnswer {
  const matches = ports.filter((p) => p.port === port);
  const lines =
    matches.length === 0
      ? [`Nothing listens on port ${port} (TCP or UDP).`]
      : matches.map((p) => `${ownerWords(p)} listens on ${p.protocol.toUpperCase()} ${formatEndpoint(p.family, p.address, p.port)} — ${p.scopeWords}.`);
  return { port, matches, lines };
}

/** Listening ports by port number, TCP before UDP, IPv4 before IPv6: the order people scan for. */
export function sortPorts(ports: readonly ListeningPort[]): ListeningPort[] {
  return [...ports].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || a.family.localeCompare(b.family));
}
