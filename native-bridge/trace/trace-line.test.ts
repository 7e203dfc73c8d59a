import { describe, expect, it } from 'vitest';
import { parseTraceLine, type TraceLine } from './trace-line.js';

function call(line: string): Extract<TraceLine, { type: 'call' }> {
  const l = parseTraceLine(line);
  if (l.type !== 'call') throw new Error(`expected a call, got ${l.type}: ${line}`);
  return l;
}

describe('parseTraceLine (strace)', () => {
  it('reads pid, time, name, args, fd annotation on return, duration', () => {
    const l = call('7206  12:40:40.065056 openat(AT_FDCWD</tmp/stx>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000008>');
    expect(l).toMatchObject({
      pid: 7206,
      time: '12:40:40.065056',
      name: 'openat',
      args: ['AT_FDCWD</tmp/stx>', '"/etc/ld.so.cache"', 'O_RDONLY|O_CLOEXEC'],
      ret: '3',
      retAnnotation: '/etc/ld.so.cache',
      errno: null,
      duration: 0.000008,
    });
    expect(l.t).toBeCloseTo(12 * 3600 + 40 * 60 + 40.065056, 6);
  });

  it('reads errno name and text', () => {
    const l = call('7206  12:40:40.065010 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000007>');
    expect(l).toMatchObject({ ret: '-1', errno: 'ENOENT', errnoText: 'No such file or directory', duration: 0.000007 });
  });

  it('handles `= ?` without a duration and restart errors', () => {
    expect(call('7213  12:40:40.206273 exit_group(0)     = ?')).toMatchObject({ ret: '?', duration: null, errno: null });
    expect(call('5 10:00:00.000001 read(0</dev/pts/0<char 136:0>>, 0x7ffd, 4096) = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <1.500000>')).toMatchObject({
      ret: '?',
      errno: 'ERESTARTSYS',
      errnoText: 'To be restarted if SA_RESTART is set',
      duration: 1.5,
      args: ['0</dev/pts/0<char 136:0>>', '0x7ffd', '4096'],
    });
  });

  it('keeps notes after the return value apart from errno', () => {
    expect(call('9 10:00:00.5 poll([{fd=3, events=POLLIN}], 1, 100) = 0 (Timeout) <0.100123>')).toMatchObject({ ret: '0', note: 'Timeout', errno: null, duration: 0.100123 });
    expect(call('9 10:00:00.5 fcntl(3</x>, F_GETFD) = 0x1 (flags FD_CLOEXEC) <0.000002>')).toMatchObject({ ret: '0x1', note: 'flags FD_CLOEXEC' });
  });

  it('respects quoted strings with escapes, commas and parentheses inside, and truncation marks', () => {
    const l = call('1 10:00:00.000001 write(1</dev/pts/0>, "a, b) = 5 \\"quoted\\" \\\\ (x"..., 4096) = 4096 <0.000010>');
    expect(l.args).toEqual(['1</dev/pts/0>', '"a, b) = 5 \\"quoted\\" \\\\ (x"...', '4096']);
    expect(l.ret).toBe('4096');
  });

  it('respects nested {} [] (), `...` inside structs and /* comments */', () => {
    const l = call(
      '1 10:00:00.000001 execve("/usr/bin/ls", ["ls", "a,b", "[x]"], 0x7ffd5f2db688 /* 35 vars, (a, b) */) = 0 <0.000280>',
    );
    expect(l.args).toEqual(['"/usr/bin/ls"', '["ls", "a,b", "[x]"]', '0x7ffd5f2db688 /* 35 vars, (a, b) */']);
    const s = call('1 10:00:00.1 newfstatat(3</usr/lib/libc.so.6>, "", {st_mode=S_IFREG|0755, st_size=1926232, ...}, AT_EMPTY_PATH) = 0 <0.000006>');
    expect(s.args).toHaveLength(4);
    expect(s.args[2]).toBe('{st_mode=S_IFREG|0755, st_size=1926232, ...}');
    const w = call('1 10:00:00.1 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 7214 <0.000100>');
    expect(w.args).toEqual(['-1', '[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]', '0', 'NULL']);
  });

  it('reads -yy socket annotations whose "->" contains a ">"', () => {
    const l = call('3 10:00:00.1 sendto(3<TCP:[127.0.0.1:5000->127.0.0.1:6000]>, "hi", 2, 0, NULL, 0) = 2 <0.000020>');
    expect(l.args[0]).toBe('3<TCP:[127.0.0.1:5000->127.0.0.1:6000]>');
    expect(l.args).toHaveLength(6);
    const v6 = call('3 10:00:00.1 accept4(3<TCPv6:[[::]:80]>, NULL, NULL, SOCK_CLOEXEC) = 4<TCPv6:[[::1]:80->[::1]:5555]> <0.1>');
    expect(v6.retAnnotation).toBe('TCPv6:[[::1]:80->[::1]:5555]');
  });

  it('cuts calls at <unfinished ...> and reads <... resumed> lines', () => {
    expect(parseTraceLine('7212  12:40:40.089100 newfstatat(AT_FDCWD</tmp/stx>, "/root/.pyenv/shims/wc",  <unfinished ...>')).toEqual({
      type: 'unfinished',
      marker: 'unfinished',
      pid: 7212,
      time: '12:40:40.089100',
      t: expect.any(Number),
      name: 'newfstatat',
      partial: 'AT_FDCWD</tmp/stx>, "/root/.pyenv/shims/wc", ',
    });
    expect(parseTraceLine('7212  12:40:40.089137 <... newfstatat resumed>0x7ffddca4fbb0, 0) = -1 ENOENT (No such file or directory) <0.000028>')).toMatchObject({
      type: 'resumed',
      name: 'newfstatat',
      rest: '0x7ffddca4fbb0, 0) = -1 ENOENT (No such file or directory) <0.000028>',
    });
    expect(parseTraceLine('8059  12:41:39.721077 wait4(-1,  <detached ...>')).toMatchObject({ type: 'unfinished', marker: 'detached', partial: '-1, ' });
  });

  it('reads signals, exits, kills with core dumps and stops', () => {
    expect(parseTraceLine('7212  12:40:40.099567 --- SIGSEGV {si_signo=SIGSEGV, si_code=SI_USER, si_pid=7212, si_uid=0} ---')).toMatchObject({
      type: 'signal',
      signal: 'SIGSEGV',
      info: '{si_signo=SIGSEGV, si_code=SI_USER, si_pid=7212, si_uid=0}',
    });
    expect(parseTraceLine('12 10:00:00.1 --- stopped by SIGSTOP ---')).toMatchObject({ type: 'signal', signal: 'SIGSTOP' });
    expect(parseTraceLine('7213  12:40:40.206475 +++ exited with 0 +++')).toMatchObject({ type: 'exit', pid: 7213, code: 0, signal: null });
    expect(parseTraceLine('77 12:00:00.000001 +++ exited with 143 +++')).toMatchObject({ code: 143 });
    expect(parseTraceLine('7212  12:40:40.099672 +++ killed by SIGKILL (core dumped) +++')).toMatchObject({
      type: 'exit',
      code: null,
      signal: 'SIGKILL',
      coreDumped: true,
    });
    expect(parseTraceLine('7 1.0 +++ killed by SIGSEGV +++')).toMatchObject({ coreDumped: false, signal: 'SIGSEGV' });
    expect(parseTraceLine('7 10:00:00.1 +++ superseded by execve in pid 9 +++')).toMatchObject({ type: 'other' });
  });

  it('accepts `[pid N]` prefixes, no pid at all, and unknown text', () => {
    expect(parseTraceLine('[pid  4242] 10:00:00.000001 getpid() = 4242 <0.000001>')).toMatchObject({ type: 'call', pid: 4242, ret: '4242' });
    expect(parseTraceLine('10:00:00.000001 getpid() = 4242 <0.000001>', 99)).toMatchObject({ type: 'call', pid: 99, time: '10:00:00.000001' });
    expect(parseTraceLine('strace: Process 5 attached')).toMatchObject({ type: 'other' });
  });

  it('splits a very long argument list', () => {
    const items = Array.from({ length: 5000 }, (_, i) => `"arg${i}, (x)"`);
    const l = call(`1 10:00:00.1 execve("/bin/true", [${items.join(', ')}], 0x1 /* 1 var */) = 0 <0.001>`);
    expect(l.args).toHaveLength(3);
    expect(l.args[1]!.length).toBeGreaterThan(50_000);
    expect(l.ret).toBe('0');
  });
});

describe('parseTraceLine (ltrace)', () => {
  it('reads library calls, string returns, <void>, unfinished, resumed, no return, exits and signals', () => {
    expect(parseTraceLine('7306 12:40:54.347303 setlocale(LC_ALL, "")       = "C.UTF-8" <0.002212>')).toMatchObject({
      type: 'call',
      name: 'setlocale',
      args: ['LC_ALL', '""'],
      ret: '"C.UTF-8"',
      duration: 0.002212,
    });
    expect(parseTraceLine('7335 12:40:56.458554 <... free resumed> )        = <void> <0.000103>')).toMatchObject({ type: 'resumed', name: 'free' });
    expect(parseTraceLine('7312 12:40:54.364787 sigaction(SIGCHLD, { 0x56022ef73dc0, ~<31-32>, 0, 0 } <unfinished ...>')).toMatchObject({
      type: 'unfinished',
      partial: 'SIGCHLD, { 0x56022ef73dc0, ~<31-32>, 0, 0 }',
    });
    expect(parseTraceLine('7337 12:40:56.482997 dup2(3, 0 <no return ...>')).toMatchObject({ type: 'unfinished', marker: 'noreturn' });
    expect(parseTraceLine('7306 12:40:54.354580 +++ exited (status 2) +++')).toMatchObject({ type: 'exit', code: 2 });
    expect(parseTraceLine('7334 12:40:56.516495 --- SIGSEGV (Segmentation fault) ---')).toMatchObject({ type: 'signal', signal: 'SIGSEGV', info: '(Segmentation fault)' });
    expect(parseTraceLine('7336 12:40:56.483034 --- Called exec() ---')).toMatchObject({ type: 'other' });
  });
});
