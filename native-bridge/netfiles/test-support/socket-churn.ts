// Real socket churn for the descriptor cache's tests: sockets and their owners appear and vanish while a
// sweep runs, which is what made the owner search loop forever (issue 19).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A Python process that, until killed, opens and closes UDP sockets bound on 127.0.0.1 (each shows in
 * /proc/net/udp with its own inode) and forks short-lived children that each hold a few for a few
 * milliseconds and exit: owners that vanish while a sweep walks their descriptors. Paced (a 1 ms pause per
 * round) so it churns hundreds of sockets a second without taking a whole core. Prints "ready" after its
 * first round, once sockets have really come and gone.
 */
const CHURN = `
import os, socket, sys, time
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    return s
parent = os.getppid()
first = True
while os.getppid() == parent:  # ends with whoever started it, even one killed at a deadline
    pid = os.fork()
    if pid == 0:
        held = [udp() for _ in range(3)]
        time.sleep(0.003)
        os._exit(0)
    for _ in range(4):
        udp().close()
    os.waitpid(pid, 0)
    if first:
        print('ready', flush=True)
        first = False
    time.sleep(0.001)
`;

/** Holds one bound UDP socket and prints its port: an owner the test kills while its socket is still wanted. */
const HOLDER = `
import os, socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1], flush=True)
parent = os.getppid()
while os.getppid() == parent:
    time.sleep(0.2)
`;

export interface Started {
  child: ChildProcess;
  pid: number;
  /** The first line it printed. */
  line: string;
}

async function startPython(code: string): Promise<Started> {
  const child = spawn('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error('could not start python3');
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`python3 exited (${code}) before it was ready`)));
  });
  return { child, pid: child.pid, line };
}

export const startChurn = (): Promise<Started> => startPython(CHURN);
export const startSocketHolder = (): Promise<Started> => startPython(HOLDER);

/** SIGKILL and wait until it is reaped (its descriptors, and so its sockets, are gone then). */
export async function killAndReap(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
