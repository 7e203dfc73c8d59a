import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixture.js';
import { parseMeminfo } from './parse-meminfo.js';

describe('parseMeminfo', () => {
  it('reads a real /proc/meminfo in bytes', () => {
    const mem = parseMeminfo(fixture('meminfo.txt'));
    expect(mem.totalBytes).toBe(24731708 * 1024);
    expect(mem.freeBytes).toBe(22363644 * 1024);
    expect(mem.availableBytes).toBe(24279844 * 1024);
    expect(mem.buffersBytes).toBe(79392 * 1024);
    expect(mem.cachedBytes).toBe(1989996 * 1024);
    expect(mem.swapTotalBytes).toBe(0);
  });

  it('estimates available on kernels without MemAvailable, as free does', () => {
    const mem = parseMeminfo(fixture('meminfo-old-kernel.txt'));
    expect(mem.availableBytes).toBe((512000 + 128000 + 256000 + 32000) * 1024);
    expect(mem.swapTotalBytes - mem.swapFreeBytes).toBe(256000 * 1024);
  });

  it('rejects text without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 12 kB\n')).toThrow(/MemTotal/);
  });

  it("agrees with an independent read of this machine's /proc/meminfo and with os.totalmem()", () => {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const independent = Number(text.match(/^MemTotal:\s+(\d+) kB$/m)![1]) * 1024;
    expect(parseMeminfo(text).totalBytes).toBe(independent);
    expect(parseMeminfo(text).totalBytes).toBe(totalmem());
  });
});
