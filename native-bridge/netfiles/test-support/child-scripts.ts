// Scripts the tests and the bench run in child Node processes (`node -e`), so the pids are distinct from Triage's.

/** Listens on 127.0.0.1, ::1 and 0.0.0.0 (random ports) and prints them: "v4 v6 any". */
export const LISTENERS = `
const net = require('node:net');
const listen = (host) => new Promise((r) => { const s = net.createServer(); s.listen(0, host, () => r(s.address().port)); });
Promise.all([listen('127.0.0.1'), listen('::1'), listen('0.0.0.0')]).then((p) => console.log(p.join(' ')));
setInterval(() => {}, 1e6);`;

/**
 * Accepts connections and never closes them, never reads (paused, half-open allowed): when the client
 * closes its end, the server's socket sits in CLOSE_WAIT for as long as this process lives. Prints its port.
 */
export const CLOSE_WAIT_SERVER = `
const net = require('node:net');
const kept = [];
const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (s) => kept.push(s));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
setInterval(() => {}, 1e6);`;

/** Writes argv[1] MiB of non-zero bytes to argv[0], unlinks it, keeps it open, prints "ready". */
export const DELETED_HOLDER = `
const fs = require('node:fs');
const [path, mib] = process.argv.slice(1);
const fd = fs.openSync(path, 'w');
const chunk = Buffer.alloc(1024 * 1024, 0x5a);
for (let i = 0; i < Number(mib); i++) fs.writeSync(fd, chunk);
fs.fsyncSync(fd);
fs.unlinkSync(path);
console.log('ready');
setInterval(() => {}, 1e6);`;

/**
 * Appends to argv[0] at argv[1] bytes per second, paced by elapsed time (a late tick catches up), so any
 * window of a second or more sees the target rate. Appending dirties new pages each time, which is what
 * write_bytes counts; rewriting the same already-dirty pages would not be counted again. Prints "ready"
 * once its first chunk is written and counted in its own /proc/self/io, and paces from that moment.
 */
export const STEADY_WRITER = `
const fs = require('node:fs');
const [path, rate] = process.argv.slice(1);
const fd = fs.openSync(path, 'w');
const chunk = Buffer.alloc(64 * 1024, 0x61);
fs.writeSync(fd, chunk);
if (!/^wchar: [1-9]/m.test(fs.readFileSync('/proc/self/io', 'latin1'))) { console.error('the first write is not counted in /proc/self/io'); process.exit(1); }
const start = Date.now();
let written = 0;
console.log('ready');
setInterval(() => {
  const due = ((Date.now() - start) / 1000) * Number(rate);
  while (written + chunk.length <= due) { fs.writeSync(fd, chunk); written += chunk.length; }
}, 20);`;

/** Opens argv[0] connections to 127.0.0.1:argv[1] and keeps them; prints "ready" once all are up. */
export const MANY_CLIENTS = `
const net = require('node:net');
const [count, port] = process.argv.slice(1).map(Number);
const kept = []; let up = 0;
for (let i = 0; i < count; i++) {
  const s = net.connect(port, '127.0.0.1', () => { if (++up === count) console.log('ready'); });
  s.on('error', (e) => { console.error(e.message); process.exit(1); });
  kept.push(s);
}
setInterval(() => {}, 1e6);`;

/** Accepts and keeps every connection; prints its port. */
export const KEEPING_SERVER = `
const net = require('node:net');
const kept = [];
const server = net.createServer((s) => kept.push(s));
server.listen(0, '127.0.0.1', 4096, () => console.log(server.address().port));
setInterval(() => {}, 1e6);`;

/** Holds argv[0] descriptors open on /dev/null; prints "ready". */
export const FD_HOLDER = `
const fs = require('node:fs');
const kept = [];
for (let i = 0; i < Number(process.argv[1]); i++) kept.push(fs.openSync('/dev/null', 'r'));
console.log('ready');
setInterval(() => {}, 1e6);`;

/**
 * Opens, closes and reopens descriptors on command (one per stdin line), printing the descriptor number each
 * time: "open PATH", "reopen FD PATH" (close FD, open PATH: the lowest free number, so FD again),
 * "connect PORT", "reconnect FD PORT" (close the socket on FD, connect a new one). Prints "ready" first.
 */
export const FD_PLAYGROUND = `
const fs = require('node:fs');
const net = require('node:net');
const sockets = new Map();
const connect = (port) => { const s = net.connect(Number(port), '127.0.0.1', () => { sockets.set(s._handle.fd, s); console.log(s._handle.fd); }); s.on('error', (e) => { console.error(e.message); process.exit(1); }); };
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, a, b] = line.split(' ');
  if (cmd === 'open') console.log(fs.openSync(a, 'r'));
  else if (cmd === 'reopen') { fs.closeSync(Number(a)); console.log(fs.openSync(b, 'r')); }
  else if (cmd === 'connect') connect(a);
  else if (cmd === 'reconnect') { sockets.get(Number(a)).destroy(); sockets.delete(Number(a)); connect(b); }
});
console.log('ready');`;
