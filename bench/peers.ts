import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A terminal monitor running in a pty of a fixed size, its output drained as a terminal would. */
export interface Peer {
  name: string;
  pid: number;
  stop(): void;
}

interface PeerSpec {
  name: string;
  file: string;
  args: string[];
  /** Writes the program's default config into the fresh $HOME (so a user's own config never applies). */
  configure?(home: string): void;
}

/** top at 1 s, htop at 1 s (-d is in tenths), btop at 1 s: each the tool's own 1 Hz. */
const SPECS: PeerSpec[] = [
  { name: 'top -d 1', file: '/usr/bin/top', args: ['-d', '1'] },
  { name: 'htop -d 10', file: '/usr/bin/htop', args: ['-d', '10'] },
  {
    name: 'btop (update_ms 1000)',
    file: '/usr/bin/btop',
    args: ['--utf-force'],
    configure(home) {
      mkdirSync(join(home, '.config', 'btop'), { recursive: true });
      writeFileSync(join(home, '.config', 'btop', 'btop.conf'), 'update_ms = 1000\n');
    },
  },
];

const COLS = 200;
const ROWS = 50;

/** Starts every peer installed here (top and htop are required; btop when present). */
export async function startPeers(): Promise<{ peers: Peer[]; missing: string[] }> {
  const pty = await import('node-pty');
  const peers: Peer[] = [];
  const missing: string[] = [];
  for (const spec of SPECS) {
    if (!existsSync(spec.file)) {
      missing.push(spec.name);
      continue;
    }
    const home = mkdtempSync(join(tmpdir(), 'triage-bench-peer-'));
    spec.configure?.(home);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
    };
    const term = pty.spawn(spec.file, spec.args, { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: home, env });
    // A terminal reads everything the program writes; an unread pty would block the peer and flatter it.
    term.onData(() => undefined);
    peers.push({
      name: spec.name,
      pid: term.pid,
      stop() {
        term.kill('SIGTERM');
        rmSync(home, { recursive: true, force: true });
      },
    });
  }
  return { peers, missing };
}
