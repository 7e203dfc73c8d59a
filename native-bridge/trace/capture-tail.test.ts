import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureTail } from './capture-tail.js';
import { until } from '../../test-support/until.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('createCaptureTail', () => {
  it('follows a growing file, holds back the partial last line and decodes UTF-8 split across writes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-tail-'));
    const path = join(dir, 'cap');
    writeFileSync(path, 'one\ntw');
    const got: string[] = [];
    const tail = createCaptureTail(path, { onLines: (l) => got.push(...l), pollMs: 5, chunkBytes: 4 });
    await tail.start();
    await until(() => got.length === 1, 'the first line');
    expect(tail.partial).toBe('tw');
    const e = Buffer.from('é');
    appendFileSync(path, Buffer.concat([Buffer.from('o '), e.subarray(0, 1)]));
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(path, Buffer.concat([e.subarray(1), Buffer.from('\nthree')]));
    await until(() => got.length === 2, 'the second line');
    await tail.stop();
    expect(got).toEqual(['one', 'two é']);
    expect(tail.partial).toBe('three');
    expect(tail.bytesRead).toBe(Buffer.byteLength('one\ntwo é\nthree'));
  });
});
