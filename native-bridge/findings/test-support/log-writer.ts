import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A program that opens `file` for appending (once, as a daemon does), says "ready", then appends `chunk` bytes
 * every `everyMs`; with `total` it stops writing after that many bytes but keeps the file open. The caller kills it.
 */
export function startLogWriter(file: string, chunk: number, everyMs: number, total = Number.POSITIVE_INFINITY): Promise<ChildProcess> {
  const code = `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'a'); const b = Buffer.alloc(${chunk}, 120);
let left = ${Number.isFinite(total) ? total : 'Infinity'}; console.log('ready');
setInterval(() => { if (left > 0) { fs.writeSync(fd, b); left -= b.length; } }, ${everyMs});`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the log writer exited (${code})`)));
  });
}
