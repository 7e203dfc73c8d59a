import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../history/store.js';
import { choiceOf, createRangeBar } from './range-bar.js';

// The range bar never asks the backend itself: a client that throws proves it.
const noClient = () => {
  throw new Error('the range bar must not call the backend');
};

function setup(now = 1_800_000_000_000) {
  const history = createHistoryStore(noClient, () => now);
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
    bar.getState().openFromRoute('1h');
    expect(choice()).toBe('1h');
    bar.getState().openFromRoute('2y');
    expect(choice()).toBe('1h');
    history.setState({ moment: { at: 1, table: { status: 'idle', data: null, error: null }, top: { status: 'idle', data: null, error: null }, events: { status: 'idle', data: null, error: null } } });
    bar.getState().openFromRoute('live');
    expect(choice()).toBe('live');
    bar.getState().showPreset('7d');
    bar.getState().goLive();
    expect(history.getState().moment).toBeNull();
  });
});
