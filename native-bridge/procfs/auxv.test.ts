import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AT_CLKTCK, parseAuxv, readClockTicks } from './auxv.js';

describe('auxiliary vector', () => {
  it('parses (type, value) words up to AT_NULL, in either word size and byte order', () => {
    const words64 = new DataView(new ArrayBuffer(48));
    [[6, 4096], [AT_CLKTCK, 100], [0, 0]].forEach(([type, value], i) => {
      words64.setBigUint64(i * 16, BigInt(type!), true);
      words64.setBigUint64(i * 16 + 8, BigInt(value!), true);
    });
    expect(parseAuxv(new Uint8Array(words64.buffer), 8, true)).toEqual(new Map([[6, 4096], [AT_CLKTCK, 100]]));
    const words32 = new DataView(new ArrayBuffer(24));
    [[AT_CLKTCK, 1024], [0, 0], [9, 9]].forEach(([type, value], i) => {
      words32.setUint32(i * 8, type!, false);
      words32.setUint32(i * 8 + 4, value!, false);
    });
    expect(parseAuxv(new Uint8Array(words32.buffer), 4, false)).toEqual(new Map([[AT_CLKTCK, 1024]]));
  });

  it('reads the same clock tick rate as getconf CLK_TCK on this machine', () => {
    const getconf = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    expect(readClockTicks()).toBe(getconf);
  });

  it('says null, not a guess, without <root>/self/auxv', () => {
    const root = mkdtempSync(join(tmpdir(), 'triage-auxv-'));
    try {
      expect(readClockTicks(root)).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
