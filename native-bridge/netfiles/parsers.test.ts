import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHexAddress, formatIpv6 } from './inet-address.js';
import { parseFdinfo } from './parse-fdinfo.js';
import { parseFdTarget, socketInodeOf } from './parse-fd-target.js';
import { parseInetSockets } from './parse-inet-sockets.js';
import { mountOfPath, parseMountinfo, splitDevice } from '../procfs/parse-mountinfo.js';
import { parseUnixSockets } from './parse-unix-sockets.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('/proc/net/tcp and udp', () => {
  it('decodes little-endian IPv4 words, hex ports, states, queues, uid and inode', () => {
    const rows = parseInetSockets(fixture('tcp.txt'), 'tcp');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      protocol: 'tcp', family: 'ipv4', localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0,
      state: 'LISTEN', txQueue: 0, rxQueue: 3, uid: 1000, inode: 12345,
    });
    expect(rows[1]).toMatchObject({ localAddress: '10.0.2.15', localPort: 50000, remoteAddress: '192.168.1.46', remotePort: 443, state: 'CLOSE_WAIT', txQueue: 16, rxQueue: 512 });
    expect(rows[2]).toMatchObject({ state: 'TIME_WAIT', inode: 0, localPort: 40960, remotePort: 8080 });
  });

  it('reads a line whose widths differ from the kernel\'s usual ones (scanned field by field) the same way', () => {
    const header = 'sl local_address rem_address st tx_queue rx_queue tr tm->when retrnsmt uid timeout inode\n';
    const usual = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 12345 1 0 100 0 0 10 0\n';
    const odd = '10000:  0100007F:1F90   00000000:0000 0A 00000000:00000003 00:00000000 00000000 1000 0 12345\n';
    const [a] = parseInetSockets(header + usual, 'tcp');
    const [b] = parseInetSockets(header + odd, 'tcp');
    expect(a).toMatchObject({ localAddress: '127.0.0.1', localPort: 8080, state: 'LISTEN', rxQueue: 3, uid: 1000, inode: 12345 });
    expect(b).toEqual(a);
  });

  it('decodes IPv6 per 32-bit word, IPv4-mapped addresses and RFC 5952 compression', () => {
    const rows = parseInetSockets(fixture('tcp6.txt'), 'tcp6');
    expect(rows.map((r) => [r.family, r.localAddress, r.localPort, r.remoteAddress, r.remotePort, r.state])).toEqual([
      ['ipv6', '::1', 8080, '::', 0, 'LISTEN'],
      ['ipv6', '::ffff:127.0.0.1', 8080, '::ffff:10.0.2.15', 54321, 'ESTABLISHED'],
      ['ipv6', '2001:db8::1', 80, 'fe80::2ff:0:fe', 57344, 'SYN_SENT'],
    ]);
    expect(rows[2]).toMatchObject({ txQueue: 1, uid: 33, inode: 22224 });
  });

  it('names UDP states as ss does: UNCONN for bound sockets, ESTABLISHED for connected ones', () => {
    const rows = parseInetSockets(fixture('udp.txt'), 'udp');
    expect(rows.map((r) => [r.protocol, r.localAddress, r.localPort, r.state, r.rxQueue, r.uid])).toEqual([
      ['udp', '0.0.0.0', 68, 'UNCONN', 0, 0],
      ['udp', '127.0.0.1', 53, 'ESTABLISHED', 256, 101],
    ]);
  });

  it('formats addresses the way people read them', () => {
    expect(decodeHexAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeHexAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeHexAddress('XYZ')).toBeNull();
    expect(decodeHexAddress('0100007G')).toBeNull();
    expect(formatIpv6([0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1])).toBe('2001:db8:0:1::1');
    // a single zero group is not compressed
    expect(formatIpv6([0, 1, 0, 2, 0, 0, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7])).toBe('1:2:0:3:4:5:6:7');
  });
});

describe('/proc/net/unix', () => {
  it('reads type, listening flag, state, inode and paths with spaces or abstract names', () => {
    expect(parseUnixSockets(fixture('unix.txt'))).toEqual([
      { type: 'stream', state: 'LISTEN', listening: true, inode: 11111, path: '/run/dbus/system_bus_socket' },
      { type: 'dgram', state: 'UNCONN', listening: false, inode: 11112, path: '@/tmp/.X11-unix/X0' },
      { type: 'stream', state: 'CONNECTED', listening: false, inode: 11113, path: '' },
      { type: 'seqpacket', state: 'LISTEN', listening: true, inode: 11114, path: '/tmp/with space/sock' },
    ]);
  });
});

describe('descriptor links and fdinfo', () => {
  it('tells sockets, pipes, anonymous inodes, memfd, devices and deleted files apart', () => {
    expect(parseFdTarget('socket:[4242]')).toEqual({ type: 'socket', path: null, deleted: false, inode: 4242 });
    expect(parseFdTarget('pipe:[77]')).toEqual({ type: 'pipe', path: null, deleted: false, inode: 77 });
    expect(parseFdTarget('anon_inode:[eventpoll]').type).toBe('anon');
    expect(parseFdTarget('anon_inode:inotify').type).toBe('anon');
    expect(parseFdTarget('/memfd:v8 (deleted)')).toMatchObject({ type: 'memfd', deleted: true });
    expect(parseFdTarget('/dev/pts/3').type).toBe('device');
    expect(parseFdTarget('/dev/shm/x (deleted)')).toEqual({ type: 'file', path: '/dev/shm/x', deleted: true, inode: null });
    expect(parseFdTarget('/var/log/app.log (deleted)')).toEqual({ type: 'file', path: '/var/log/app.log', deleted: true, inode: null });
    expect(parseFdTarget('/home/a b/file')).toEqual({ type: 'file', path: '/home/a b/file', deleted: false, inode: null });
    expect(parseFdTarget('net:[4026531840]').type).toBe('other');
    expect(socketInodeOf('socket:[123456]')).toBe(123456);
    expect(socketInodeOf('pipe:[123456]')).toBe(-1);
    expect(socketInodeOf('/socket:[1]')).toBe(-1);
  });

  it('turns octal flags into r/w/rw and reads the position', () => {
    expect(parseFdinfo(fixture('fdinfo-rw.txt'))).toEqual({ position: 4096, flags: 0o102002, mode: 'rw', mountId: 27 });
    expect(parseFdinfo(fixture('fdinfo-w.txt'))).toMatchObject({ position: 0, mode: 'w', mountId: 24 });
    expect(parseFdinfo('pos:\t0\nflags:\t0100000\n')).toMatchObject({ mode: 'r', mountId: null });
    expect(parseFdinfo('nonsense')).toBeNull();
  });
});

describe('/proc/self/mountinfo', () => {
  const mounts = parseMountinfo(fixture('mountinfo.txt'));
  it('reads device numbers, bind roots, escaped mount points and the fields after the dash', () => {
    expect(mounts).toHaveLength(4);
    expect(mounts[2]).toEqual({ id: 30, parentId: 27, major: 254, minor: 1, root: '/srv/data', mountPoint: '/mnt/my data', fsType: 'ext4', source: '/dev/vda1' });
    expect(mounts[3]).toMatchObject({ mountPoint: '/tmp', fsType: 'tmpfs', source: 'tmpfs' });
  });

  it('finds the filesystem a path sits on by the longest mount point, not a prefix of a name', () => {
    expect(mountOfPath('/tmp/x/y', mounts)?.mountPoint).toBe('/tmp');
    expect(mountOfPath('/tmpfoo/x', mounts)?.mountPoint).toBe('/');
    expect(mountOfPath('/mnt/my data/z', mounts)?.mountPoint).toBe('/mnt/my data');
  });

  it('splits a dev_t into major and minor like the kernel', () => {
    expect(splitDevice(0xfe01)).toEqual({ major: 254, minor: 1 });
    expect(splitDevice(0x28)).toEqual({ major: 0, minor: 40 });
    // minor above 255 spills into bits 20+
    expect(splitDevice((0x1 << 20) | (8 << 8) | 0x10)).toEqual({ major: 8, minor: 0x110 });
  });
});
