import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraceAnalysis } from '../contract/trace.js';
import { formatTraceSummary } from '../cli/format/trace.js';
import { createTraceEngine } from './trace-engine.js';

/** Analyses lines as the session does: whole lines, then the end of the trace. */
function analyseLines(lines: string[]): TraceAnalysis {
  const engine = createTraceEngine({ tool: 'strace' });
  engine.setPartial(lines.pop() ?? '');
  engine.lines(lines);
  engine.end();
  const a = engine.analysis();
  expect(TraceAnalysis.safeParse(a).success).toBe(true);
  return a;
}

function analyse(fixture: string): TraceAnalysis {
  return analyseLines(readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8').split('\n'));
}

const REFUSED = 'it could not connect to 127.0.0.1:1: connection refused (nothing listens there)';

describe('results the kernel reports after the call (real captures)', () => {
  it.each(['strace-curl-refused.txt', 'strace-curl-refused-network.txt'])(
    '%s: curl connects non-blocking, SO_ERROR says refused: the sentence and the list say so',
    (fixture) => {
      const a = analyse(fixture);
      expect(a.end).toMatchObject({ state: 'exited', code: 7 });
      expect(a.end!.sentence).toContain(REFUSED);
      expect(a.end!.sentence).not.toContain('curlrc');
      expect(a.end!.lastFailures.at(-1)).toMatchObject({ name: 'connect', errno: 'ECONNREFUSED', target: '127.0.0.1:1' });
      const row = a.network.find((n) => n.op === 'connect' && n.address === '127.0.0.1:1')!;
      expect(row).toMatchObject({ outcome: 'refused×1', lastErrno: 'ECONNREFUSED', results: { ok: 0, errors: { ECONNREFUSED: 1 } } });
      expect(row.sentence).toBe(REFUSED);
      // The refusal heads the failures; the missing ~/.curlrc is listed, below it.
      expect(a.failures[0]).toMatchObject({ name: 'connect', errno: 'ECONNREFUSED', target: '127.0.0.1:1', noise: false });
      expect(a.failures[0]!.example).toContain('reported later by getsockopt SO_ERROR');
      const text = formatTraceSummary(a);
      expect(text).toContain('connect 127.0.0.1:1 (AF_INET)  refused×1');
      expect(text).not.toMatch(/127\.0\.0\.1:1 \(AF_INET\)\s+ok×/);
    },
  );

  it('a missing ~/.curlrc ranks below the refusal, and the nscd probe is noise', () => {
    const a = analyse('strace-curl-refused.txt');
    const curlrc = a.failures.find((f) => f.target === '/root/.curlrc')!;
    expect(curlrc.noise).toBe(false);
    expect(curlrc.rank).toBeGreaterThan(a.failures[0]!.rank);
    expect(a.failures.indexOf(curlrc)).toBeGreaterThan(0);
    expect(a.failures.find((f) => f.target === '/var/run/nscd/socket')).toMatchObject({ noise: true });
  });

  it('non-blocking connect, then a send that fails: the connect is refused, counted once', () => {
    const a = analyse('strace-nonblocking-send-refused.txt');
    expect(a.end!.sentence).toContain(REFUSED);
    expect(a.network.map((n) => `${n.op} ${n.address} ${n.outcome}`)).toEqual(['connect 127.0.0.1:1 refused×1']);
    const refusals = a.failures.filter((f) => f.errno === 'ECONNREFUSED');
    expect(refusals).toEqual([expect.objectContaining({ name: 'connect', target: '127.0.0.1:1', count: 1 })]);
    expect(refusals[0]!.example).toContain('reported later by the sendto that followed');
  });

  it('polls that time out, then close: it gave up connecting (ETIMEDOUT), not ok', () => {
    const a = analyse('strace-curl-timeout.txt');
    expect(a.end).toMatchObject({ code: 28 });
    expect(a.end!.sentence).toMatch(/it gave up connecting to 127\.0\.0\.1:\d+ after 2\.0 s without an answer/);
    const row = a.network.find((n) => n.op === 'connect' && n.family === 'AF_INET')!;
    expect(row).toMatchObject({ outcome: 'timed out×1', lastErrno: 'ETIMEDOUT', results: { ok: 0, errors: { ETIMEDOUT: 1 } } });
    expect(a.failures[0]).toMatchObject({ name: 'connect', errno: 'ETIMEDOUT' });
  });

  it('a DNS answer saying NXDOMAIN: could not resolve the name', () => {
    const a = analyse('strace-curl-nxdomain.txt');
    expect(a.end).toMatchObject({ code: 6 });
    expect(a.end!.sentence).toContain('it could not resolve nosuch.example: no such domain');
    expect(a.failures[0]).toMatchObject({ errno: 'NXDOMAIN', target: 'nosuch.example', count: 2 });
    expect(a.network.find((n) => n.op === 'recvfrom')).toMatchObject({ address: '127.0.0.1:53', outcome: 'no such domain×2' });
  });

  it('curl against a port that accepts: connected ok, no failure named as the reason', () => {
    const a = analyse('strace-curl-ok.txt');
    expect(a.end).toMatchObject({ state: 'exited', code: 0 });
    expect(a.end!.sentence).toBe('It exited normally (status 0). Some calls failed on the way, as they do in most programs that work; none stopped it.');
    const row = a.network.find((n) => n.op === 'connect' && n.family === 'AF_INET')!;
    expect(row).toMatchObject({ outcome: 'ok×1', lastErrno: null, results: { ok: 1, errors: {} } });
    expect(a.failures.filter((f) => f.name === 'connect' && !f.noise)).toEqual([]);
  });
});

/** strace lines as `-f -tt -T -yy` writes them, for the cases no real program here produces on demand. */
const L = (pid: number, time: string, rest: string): string => `${pid} 10:00:${time} ${rest}`;
const SOCKET = L(7, '00.000100', 'socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_IP) = 3<TCP:[100]> <0.000010>');
const CONNECT = L(7, '00.000200', 'connect(3<TCP:[100]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("10.0.0.9")}, 16) = -1 EINPROGRESS (Operation now in progress) <0.000010>');

describe('deferred results (recorded line shapes)', () => {
  it('SO_ERROR [0]: the connect succeeded', () => {
    const a = analyseLines([SOCKET, CONNECT, L(7, '00.100000', 'getsockopt(3<TCP:[1.2.3.4:5->10.0.0.9:8080]>, SOL_SOCKET, SO_ERROR, [0], [4]) = 0 <0.000005>'), L(7, '00.200000', 'exit_group(0) = ?'), L(7, '00.200100', '+++ exited with 0 +++'), '']);
    expect(a.network[0]).toMatchObject({ address: '10.0.0.9:8080', outcome: 'ok×1', results: { ok: 1, errors: {} } });
    expect(a.failures.filter((f) => !f.noise)).toEqual([]);
  });

  it('EINPROGRESS and nothing after it: the outcome is not seen, never "ok"', () => {
    const a = analyseLines([SOCKET, CONNECT, L(7, '00.200000', 'exit_group(1) = ?'), L(7, '00.200100', '+++ exited with 1 +++'), '']);
    expect(a.network[0]).toMatchObject({ outcome: 'outcome not seen×1', results: { ok: 0, errors: {} } });
  });

  it('SO_ERROR EHOSTUNREACH with ppoll timeouts before it', () => {
    const a = analyseLines([
      SOCKET,
      CONNECT,
      L(7, '01.000000', 'ppoll([{fd=3<TCP:[100]>, events=POLLOUT}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 0 (Timeout) <1.000100>'),
      L(7, '01.100000', 'getsockopt(3<TCP:[100]>, SOL_SOCKET, SO_ERROR, [EHOSTUNREACH], [4]) = 0 <0.000005>'),
      L(7, '01.200000', 'exit_group(1) = ?'),
      L(7, '01.200100', '+++ exited with 1 +++'),
      '',
    ]);
    expect(a.network[0]).toMatchObject({ outcome: 'no route to host×1' });
    expect(a.end!.sentence).toContain('there is no route to the host 10.0.0.9:8080');
  });

  it('select timeouts then the process ends: it gave up', () => {
    const a = analyseLines([
      SOCKET,
      CONNECT,
      L(7, '05.000300', 'select(4, NULL, [3], NULL, {tv_sec=5, tv_usec=0}) = 0 (Timeout) <5.000100>'),
      L(7, '05.100000', 'exit_group(28) = ?'),
      L(7, '05.100100', '+++ exited with 28 +++'),
      '',
    ]);
    expect(a.network[0]).toMatchObject({ outcome: 'timed out×1' });
    expect(a.end!.sentence).toContain('it gave up connecting to 10.0.0.9:8080 after 5.0 s without an answer');
  });

  it('a refusal the program recovered from (a later connect to the same port works) is not the headline', () => {
    const a = analyseLines([
      L(7, '00.000100', 'connect(3<TCP:[100]>, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused) <0.000010>'),
      L(7, '00.000200', 'connect(4<TCP:[101]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000010>'),
      L(7, '00.000300', 'openat(AT_FDCWD</>, "/srv/app/data.db", O_RDONLY) = -1 EACCES (Permission denied) <0.000010>'),
      L(7, '00.000400', 'exit_group(1) = ?'),
      L(7, '00.000500', '+++ exited with 1 +++'),
      '',
    ]);
    expect(a.end!.sentence).toContain('/srv/app/data.db');
  });

  it('a search-domain NXDOMAIN followed by an answer for the name is noise', () => {
    const nx = '"\\1\\2\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\3foo\\4corp\\7example\\0\\0\\1\\0\\1"';
    const found = '"\\1\\3\\201\\200\\0\\1\\0\\1\\0\\0\\0\\0\\3foo\\0\\0\\1\\0\\1\\300\\f\\0\\1\\0\\1\\0\\0\\0<\\0\\4\\n\\0\\0\\1"';
    const recv = (time: string, payload: string, n: number): string =>
      L(7, time, `recvfrom(5<UDP:[127.0.0.1:4000->127.0.0.53:53]>, ${payload}, 2048, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, [28 => 16]) = ${n} <0.000010>`);
    const a = analyseLines([recv('00.000100', nx, 33), recv('00.000200', found, 37), L(7, '00.000300', 'exit_group(0) = ?'), L(7, '00.000400', '+++ exited with 0 +++'), '']);
    expect(a.failures.find((f) => f.errno === 'NXDOMAIN')).toMatchObject({ target: 'foo.corp.example', noise: true });
    expect(a.end!.sentence).not.toContain('resolve');
  });

  it('DNS over TCP: the two-byte length before the message is skipped', () => {
    const nx = '"\\0\\35\\1\\2\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\3bad\\7example\\0\\0\\1\\0\\1"';
    const a = analyseLines([
      L(7, '00.000100', `recvfrom(5<TCP:[127.0.0.1:4000->127.0.0.53:53]>, ${nx}, 65536, 0, NULL, NULL) = 31 <0.000010>`),
      L(7, '00.000300', 'exit_group(1) = ?'),
      L(7, '00.000400', '+++ exited with 1 +++'),
      '',
    ]);
    expect(a.end!.sentence).toContain('it could not resolve bad.example: no such domain');
  });

  it('a NXDOMAIN in a recvmsg reply, and exit 0 still names the unresolved name', () => {
    const nx = '"\\1\\2\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\3bad\\7example\\0\\0\\1\\0\\1"';
    const a = analyseLines([
      L(7, '00.000100', `recvmsg(5<UDP:[127.0.0.1:4000->127.0.0.53:53]>, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, msg_namelen=28 => 16, msg_iov=[{iov_base=${nx}, iov_len=2048}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 29 <0.000010>`),
      L(7, '00.000300', 'exit_group(0) = ?'),
      L(7, '00.000400', '+++ exited with 0 +++'),
      '',
    ]);
    expect(a.end!.sentence).toBe('It exited normally (status 0), but on the way it could not resolve bad.example: no such domain (recvmsg → NXDOMAIN).');
  });
});
