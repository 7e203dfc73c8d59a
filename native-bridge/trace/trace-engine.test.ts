import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../contract/trace.js';
import { createTraceEngine, type BatchMessage } from './trace-engine.js';

/** `count` getppid calls from one pid, a microsecond apart, then its exit. */
function floodLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const us = String(i).padStart(6, '0');
    lines.push(`4242  12:00:00.${us} getppid()                 = 4241 <0.000003>`);
  }
  lines.push('4242  12:00:01.000000 +++ exited with 0 +++');
  return lines;
}

describe('trace engine batching', () => {
  it('sends the newest events of a flood, counts the rest as omitted, and never drops the last ones', async () => {
    const batches: BatchMessage[] = [];
    const engine = createTraceEngine({ tool: 'strace', batchMs: 5, maxBatchEvents: 100, onBatch: (b) => batches.push(b) });
    const lines = floodLines(5000);
    // Fed in one go: all of it lands in one batch window.
    engine.lines(lines);
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThan(0);
    engine.end();
    const sent = batches.flatMap((b) => b.events);
    const omitted = batches.reduce((sum, b) => sum + b.omitted, 0);
    expect(sent.length + omitted).toBe(engine.store.total);
    expect(batches.every((b) => b.events.length <= 100)).toBe(true);
    // The first batch holds the end of the flood, in order; the exit is the very last event sent.
    const first = batches[0]!.events;
    expect(first.map((e) => e.seq)).toEqual(first.map((_, i) => engine.store.total - first.length + i));
    const last: TraceEvent = sent.at(-1)!;
    expect(last.kind).toBe('exit');
    engine.dispose();
  });

  it('sends everything when the rate is below the cap', async () => {
    const batches: BatchMessage[] = [];
    const engine = createTraceEngine({ tool: 'strace', batchMs: 5, maxBatchEvents: 100, onBatch: (b) => batches.push(b) });
    const lines = floodLines(80).slice(0, 80);
    const sentCount = () => batches.reduce((n, b) => n + b.events.length, 0);
    engine.lines(lines.slice(0, 40));
    await expect.poll(sentCount, { timeout: 10_000 }).toBe(40);
    engine.lines(lines.slice(40));
    await expect.poll(sentCount, { timeout: 10_000 }).toBe(80);
    engine.end();
    const sent = batches.flatMap((b) => b.events);
    expect(sent.map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(batches.reduce((sum, b) => sum + b.omitted, 0)).toBe(0);
    engine.dispose();
  });
});
