import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { launchWithCores } from './launch.js';
import { parseCoreLimit } from '../procfs/parse-limits.js';
import { makeTempDir, removeDir } from './test-support/crash-programs.js';

let dir: string | undefined;

beforeAll(async () => {
  dir = await makeTempDir();
});

afterAll(async () => {
  await removeDir(dir);
});

async function outputOf(argv: string[]): Promise<{ text: string; pid: number }> {
  const launched = await launchWithCores(argv, dir!, { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  launched.child.stdout!.setEncoding('utf8').on('data', (s: string) => (text += s));
  await launched.exited;
  await new Promise((r) => (launched.child.stdout!.readableEnded ? r(null) : launched.child.stdout!.once('end', r)));
  return { text, pid: launched.pid };
}

describe('launchWithCores', () => {
  it('raises the core limit for the child only', async () => {
    const own = parseCoreLimit(readFileSync('/proc/self/limits', 'utf8'))!;
    const { text } = await outputOf(['cat', '/proc/self/limits']);
    const childLimit = parseCoreLimit(text)!;
    expect(childLimit.soft).toBe(own.hard);
    // Triage's own limit is untouched.
    expect(parseCoreLimit(readFileSync('/proc/self/limits', 'utf8'))).toEqual(own);
  });

  it('passes shell syntax as plain arguments and resolves the program to an absolute path', async () => {
    const tricky = 'a;b $(id) `whoami` | cat\nnext';
    const { text } = await outputOf(['echo', '-n', tricky]);
    expect(text).toBe(tricky);
  });

  it('refuses bad input with a sentence', async () => {
    const missing = await launchWithCores(['no-such-program-xyz'], dir!).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TriageError);
    expect((missing as TriageError).message).toBe('No program called "no-such-program-xyz" was found on PATH.');
    const relative = await launchWithCores(['true'], 'tmp').catch((e: unknown) => e);
    expect((relative as TriageError).code).toBe('INVALID_INPUT');
    const noDir = await launchWithCores(['true'], `${dir}/missing`).catch((e: unknown) => e);
    expect((noDir as TriageError).code).toBe('NOT_FOUND');
  });
});
