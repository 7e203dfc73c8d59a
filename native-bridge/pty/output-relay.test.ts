import { describe, expect, it } from 'vitest';
import type { TerminalOutputMessage } from '../contract/terminal.js';
import { createOutputRelay } from './output-relay.js';

describe('output relay', () => {
  it('acknowledges output nobody watches, replays the scrollback to a late viewer, then streams and ends', () => {
    const acked: number[] = [];
    const relay = createOutputRelay({ scrollbackChars: 8, ackUnwatched: (n) => acked.push(n) });
    relay.data('hello ');
    relay.data('world');
    expect(acked).toEqual([6, 5]);

    const seen: TerminalOutputMessage[] = [];
    const off = relay.subscribe((m) => seen.push(m));
    expect(seen).toEqual([{ kind: 'data', data: 'lo world' }]);
    relay.data('!');
    expect(acked).toEqual([6, 5]);
    relay.exit({ code: 0, signal: null });
    relay.exit({ code: 1, signal: null });
    expect(seen.slice(1)).toEqual([
      { kind: 'data', data: '!' },
      { kind: 'exit', code: 0, signal: null },
    ]);
    off();
    expect(relay.listeners).toBe(0);

    const late: TerminalOutputMessage[] = [];
    relay.subscribe((m) => late.push(m));
    expect(late).toEqual([
      { kind: 'data', data: 'o world!' },
      { kind: 'exit', code: 0, signal: null },
    ]);
  });
});
