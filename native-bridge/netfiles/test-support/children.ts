// Helpers for this folder's tests only: real child processes that hold real sockets and files.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface NodeChild {
  child: ChildProcess;
  pid: number;
  /** The first line the script prints (its "ready" message). */
  ready: Promise<string>;
}

/** Runs a Node script in a child (argv array, no shell); the script prints one line when it is ready. */
export class NodeChildren {
  private readonly all: ChildProcess[] = [];
  start(script: string, args: string[] = []): NodeChild {
    const child = spawn(process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.pid === undefined) throw new Error('could not start node');
    this.all.push(child);
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
    });
    return { child, pid: child.pid, ready };
  }
  /** A child that takes commands on stdin, one per line, and answers each with one line. */
  startInteractive(script: string): { pid: number; ask(command: string): Promise<string>; child: ChildProcess } {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    if (child.pid === undefined) throw new Error('could not start node');
    this.all.push(child);
    const waiting: ((line: string) => void)[] = [];
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    });
    const nextLine = (): Promise<string> => {
      const line = lines.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    };
    return {
      pid: child.pid,
      child,
      ask(command: string): Promise<string> {
        if (command) child.stdin!.write(`${command}\n`);
        return nextLine();
      },
    };
  }
  killAll(): void {
    for (const c of this.all) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    this.all.length = 0;
  }
}
