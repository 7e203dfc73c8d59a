// Starts net-peers.py (real sockets in the states the findings rules look for) and a blackholed address for
// SYN_SENT. For the socket tests only (the network views and the findings rules about sockets).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const SCRIPT = fileURLToPath(new URL('./net-peers.py', import.meta.url));

export interface NetPeer {
  pid: number;
  /** The line the script prints once the sockets are in the asked state. */
  ready: Promise<string>;
  /** Sends a command ("close") and resolves with its answer line. */
  ask(command: string): Promise<string>;
}

export class NetPeers {
  private readonly all: ChildProcess[] = [];

  start(mode: string, ...args: (string | number)[]): NetPeer {
    const child = spawn('python3', [SCRIPT, mode, ...args.map(String)], { stdio: ['pipe', 'pipe', 'inherit'] });
    if (child.pid === undefined) throw new Error('could not start python3');
    this.all.push(child);
    const waiting: ((line: string) => void)[] = [];
    const early: string[] = [];
    let exited: Error | null = null;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else early.push(line);
    });
    const nextLine = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const line = early.shift();
        if (line !== undefined) return resolve(line);
        if (exited) return reject(exited);
        waiting.push(resolve);
        child.once('exit', (code) => reject(new Error(`net-peers ${mode} exited (${code}) without answering`)));
      });
    child.once('exit', (code) => {
      exited = new Error(`net-peers ${mode} exited (${code})`);
    });
    return {
      pid: child.pid,
      ready: nextLine(),
      ask(command) {
        child.stdin!.write(`${command}\n`);
        return nextLine();
      },
    };
  }

  /** Closing stdin ends each script; SIGKILL is for one that does not. */
  stopAll(): void {
    for (const c of this.all) {
      c.stdin?.end();
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    this.all.length = 0;
  }
}

/**
 * An address whose SYNs are silently dropped: a /32 route via a veth into a fresh network namespace that does
 * not forward, so the SYN arrives and nothing answers (no RST, no ICMP) — connect() stays in SYN_SENT through
 * its retries. Needs root; `skipReason` says why it cannot be made otherwise.
 */
export class Blackhole {
  readonly address = '198.51.100.77'; // TEST-NET-2: never a real host
  private readonly ns = `triage-syn-${process.pid}`;
  private readonly link = `trsyn${process.pid % 100_000}`;

  static skipReason(): string | null {
    if (process.getuid?.() !== 0) return 'creating a network namespace and a veth pair needs root';
    const probe = spawnSync('ip', ['-V'], { encoding: 'utf8' });
    return probe.error ? `the ip command is missing (${probe.error.message})` : null;
  }

  create(): void {
    this.destroy();
    const peer = `${this.link}p`;
    const steps = [
      ['netns', 'add', this.ns],
      ['link', 'add', this.link, 'type', 'veth', 'peer', 'name', peer, 'netns', this.ns],
      ['addr', 'add', '10.254.77.1/30', 'dev', this.link],
      ['link', 'set', this.link, 'up'],
      ['-n', this.ns, 'addr', 'add', '10.254.77.2/30', 'dev', peer],
      ['-n', this.ns, 'link', 'set', peer, 'up'],
      ['route', 'add', `${this.address}/32`, 'via', '10.254.77.2', 'dev', this.link],
    ];
    for (const args of steps) {
      const r = spawnSync('ip', args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr.trim()}`);
    }
  }

  /** Deleting the veth takes its peer and the route with it. */
  destroy(): void {
    spawnSync('ip', ['link', 'del', this.link], { encoding: 'utf8' });
    spawnSync('ip', ['netns', 'del', this.ns], { encoding: 'utf8' });
  }
}
