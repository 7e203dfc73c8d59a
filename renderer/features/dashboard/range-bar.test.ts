import { describe, expect, it } from 'vitest';
import type { TriageClient } from '../../client/index.js';
import { until } from '../../../test-support/until.js';
import { createHistoryStore } from '../history/store.js';
import { parseRangeAddress, rangeParams } from './range-address.js';
import { choiceOf, createRangeBar } from './range-bar.js';

// The range bar never asks the backend itself: a client that throws proves it.
const noClient = () => {
  throw new Error('the range bar must not call the backend');
};

// A moment opened from the address asks the backend for its parts: this one refuses each, as a stopped backend would.
const refusingClient = () => ({ call: () => Promise.reject(new Error('no backend here')) }) as unknown as TriageClient;

function setup(now = 1_800_000_000_000, client: () => TriageClient = noClient) {
  const history = createHistoryStore(client, () => now);
  const bar = createRangeBar(history);
  const choice = () => choiceOf(bar.getState(), history.getState().range.preset);
  return { history, bar, choice };
}

describe('range bar state', () => {
  it('starts live, and a preset leaves live for a recorded window ending now', () => {
    const { history, bar, choice } = setup();
    expect(choice()).toBe('live');
    bar.getState().showPreset('24h');
    expect(bar.getState().live).toBe(false);
    expect(choice()).toBe('24h');
    expect(history.getState().range).toEqual({ preset: '24h', from: 1_800_000_000_000 - 86_400_000, to: 1_800_000_000_000 });
    bar.getState().goLive();
    expect(choice()).toBe('live');
  });

  it('a custom window that ends before it starts is refused with a message and changes nothing', () => {
    const { history, bar, choice } = setup();
    bar.getState().openCustom();
    expect(choice()).toBe('custom');
    const before = history.getState().range;
    expect(bar.getState().showWindow(2_000_000, 1_000_000)).toMatch(/must come after its start/);
    expect(bar.getState().live).toBe(true);
    expect(history.getState().range).toBe(before);
    expect(bar.getState().showWindow(Number.NaN, 1_000_000)).toMatch(/both ends/);
    expect(bar.getState().showWindow(1_000_000, 1_000_000 + 600_000)).toBeNull();
    expect(bar.getState().live).toBe(false);
    expect(history.getState().range).toEqual({ preset: null, from: 1_000_000, to: 1_600_000 });
    expect(choice()).toBe('custom');
  });

  it('a brushed zoom on a preset reads as Custom; picking the preset again returns to it', () => {
    const { history, bar, choice } = setup();
    bar.getState().showPreset('1h');
    history.getState().chooseWindow(1_800_000_000_000 - 1_800_000, 1_800_000_000_000 - 600_000);
    expect(choice()).toBe('custom');
    bar.getState().showPreset('1h');
    expect(choice()).toBe('1h');
  });

  it('opens the range named in the address, ignores names it does not know, and going live closes a picked moment', () => {
    const { history, bar, choice } = setup();
    const open = (hash: string) => {
      const address = parseRangeAddress(new URLSearchParams(hash));
      if (address) bar.getState().openAddress(address);
    };
    open('range=1h');
    expect(choice()).toBe('1h');
    open('range=2y');
    expect(choice()).toBe('1h');
    history.setState({ moment: { at: 1, table: { status: 'idle', data: null, error: null }, top: { status: 'idle', data: null, error: null }, events: { status: 'idle', data: null, error: null } } });
    open('range=live');
    expect(choice()).toBe('live');
    expect(history.getState().moment).toBeNull();
    bar.getState().showPreset('7d');
    bar.getState().goLive();
    expect(history.getState().moment).toBeNull();
  });

  it('an address with a window and a moment opens both; a window that ends before it starts changes nothing', async () => {
    const { history, bar, choice } = setup(1_800_000_000_000, refusingClient);
    const address = parseRangeAddress(new URLSearchParams('from=2026-12-05T10:00:00.000Z&to=2026-12-05T11:00:00.000Z&at=2026-12-05T10:31:00.000Z'))!;
    bar.getState().openAddress(address);
    expect(choice()).toBe('custom');
    expect(history.getState().range).toEqual({ preset: null, from: Date.parse('2026-12-05T10:00:00Z'), to: Date.parse('2026-12-05T11:00:00Z') });
    // The moment is asked for, and its parts say the backend refused.
    expect(history.getState().moment?.at).toBe(Date.parse('2026-12-05T10:31:00Z'));
    await until(() => history.getState().moment?.table.status === 'error', 'the refused table');
    expect(history.getState().moment?.table.error).toMatch(/no backend here/);
    const before = history.getState().range;
    bar.getState().openAddress(parseRangeAddress(new URLSearchParams('from=2026-12-05T12:00:00Z&to=2026-12-05T11:00:00Z'))!);
    expect(history.getState().range).toBe(before);
    expect(history.getState().moment?.at).toBe(Date.parse('2026-12-05T10:31:00Z'));
  });
});

describe('the range in the address', () => {
  const parse = (query: string) => parseRangeAddress(new URLSearchParams(query));

  it('reads presets, windows in ISO or epoch milliseconds, and a moment; nothing it does not know', () => {
    expect(parse('')).toBeNull();
    expect(parse('range=2y')).toBeNull();
    expect(parse('from=yesterday&to=today')).toBeNull();
    expect(parse('from=2026-12-05T10:00:00Z')).toBeNull();
    expect(parse('range=live&at=5')).toEqual({ kind: 'live' });
    expect(parse('range=24h')).toEqual({ kind: 'preset', preset: '24h', at: null });
    expect(parse('range=1h&at=1800000000000')).toEqual({ kind: 'preset', preset: '1h', at: 1_800_000_000_000 });
    expect(parse('from=1000&to=2000&at=junk')).toEqual({ kind: 'window', from: 1000, to: 2000, at: null });
  });

  it('writes what is shown so that reading it back shows the same thing', () => {
    expect(rangeParams({ live: true, preset: '1h', from: 1, to: 2, at: 5 })).toEqual({});
    const preset = rangeParams({ live: false, preset: '7d', from: 1, to: 2, at: null });
    expect(preset).toEqual({ range: '7d' });
    const shown = { live: false, preset: null, from: Date.parse('2026-12-05T10:00:00Z'), to: Date.parse('2026-12-05T11:00:00Z'), at: Date.parse('2026-12-05T10:31:00Z') };
    const written = rangeParams(shown);
    expect(written).toEqual({ from: '2026-12-05T10:00:00.000Z', to: '2026-12-05T11:00:00.000Z', at: '2026-12-05T10:31:00.000Z' });
    expect(parse(new URLSearchParams(written).toString())).toEqual({ kind: 'window', from: shown.from, to: shown.to, at: shown.at });
  });
});
