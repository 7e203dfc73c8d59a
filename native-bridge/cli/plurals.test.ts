// Walks the text output of the real CLI commands for counts that disagree with their noun ("1 sockets").
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriage } from '../../test-support/run-triage.js';

// A count of one, maybe an adjective ("1 deleted files"), then the plural of a noun the CLI counts.
const NOUNS = 'sockets|files|threads|processes|descriptors|samples|suspects|connections|cores|events|devices|pipes|ports|calls|failures|errors|directories|frames|restarts|attempts|inodes|interfaces|filesystems';
const ONE_PLURAL = new RegExp(`(?<![\\d.,])\\b1 (?:[a-z]+ )?(?:${NOUNS})\\b`, 'g');

let child: ChildProcess;
let pid: number;

beforeAll(async () => {
  // One process with exactly one socket, one deleted file and a marker in its command line, so counts of one occur.
  const script = [
    'import os,socket,tempfile,time',
    "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen()",
    "f=tempfile.NamedTemporaryFile(delete=False); f.write(b'x'*65536); f.flush(); os.unlink(f.name)",
    "print('ready', flush=True); time.sleep(600)",
  ].join('\n');
  child = spawn('python3', ['-c', script, 'plural-walk-marker'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((ok) => child.stdout!.once('data', () => ok()));
  pid = child.pid!;
});
afterAll(() => child.kill('SIGKILL'));

describe('CLI text says "1 socket", never "1 sockets"', () => {
  it.each([
    ['sample'],
    ['ps', '--filter', 'plural-walk-marker'],
    ['net'],
    ['net', '--pid', 'PID'],
    ['net', '--listen'],
    ['files', '--pid', 'PID'],
    ['files', '--deleted'],
    ['files', '--deleted', '--pid', 'PID'],
    ['io'],
    ['stack', 'PID'],
    ['watch', '--pid', 'PID', '--duration', '2s', '--interval', '500ms'],
    ['leaks', '--duration', '5s'],
    ['trace', '--', 'true'],
  ])('triage %s', async (...args: string[]) => {
    const r = await runTriage(...args.map((a) => (a === 'PID' ? String(pid) : a)));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect([...`${r.stdout}\n${r.stderr}`.matchAll(ONE_PLURAL)].map((m) => m[0])).toEqual([]);
  });

  it('the pattern itself catches what it must and spares singular nouns ending in s', () => {
    expect('it holds 1 sockets and 1 process, 0.1 files, 21 files, 1 deleted files, 1 file is'.match(ONE_PLURAL)).toEqual(['1 sockets', '1 deleted files']);
  });
});
