// The socket load the `sockets` bench measures against, run in a child (`node -e`) inside the bench's own
// network namespace: what another program's load test leaves on a machine.

/**
 * Keeps about argv[0] sockets in TIME_WAIT: loopback connections that the client closes first (the client's
 * end lingers 60 s in TIME_WAIT), topped up from the kernel's own count (/proc/net/sockstat "tw") every
 * 100 ms, so the number holds while old ones expire. Also holds argv[1] established connections (two
 * sockets each) and argv[2] extra listeners. Prints "ready N" once N ≥ the target.
 */
export const TIME_WAIT_LOAD = `
const net = require('node:net');
const fs = require('node:fs');
const [target, pairs, listeners] = process.argv.slice(1).map(Number);
const tw = () => Number(/\\btw (\\d+)/.exec(fs.readFileSync('/proc/net/sockstat', 'latin1'))[1]);
const kept = [];
const server = net.createServer((s) => { s.on('error', () => {}); kept.push(s); });
server.listen(0, '127.0.0.1', 4096, () => {
  const port = server.address().port;
  for (let i = 0; i < listeners; i++) net.createServer().listen(0, '127.0.0.1');
  for (let i = 0; i < pairs; i++) kept.push(net.connect(port, '127.0.0.1').on('error', () => {}));
  // A second server whose connections the client closes at once: the server answers the FIN with its own.
  const closer = net.createServer((s) => { s.on('error', () => {}); s.resume(); });
  closer.listen(0, '127.0.0.1', 4096, () => {
    const closerPort = closer.address().port;
    let inflight = 0;
    let said = false;
    setInterval(() => {
      const have = tw();
      for (let i = 0; i < Math.min(target - have, 2000) && inflight < 400; i++) {
        inflight++;
        const c = net.connect(closerPort, '127.0.0.1', () => c.end());
        c.on('error', () => {});
        c.on('close', () => inflight--);
      }
      if (!said && have >= target) { said = true; console.log('ready ' + have); }
    }, 100);
  });
});`;
