import { describe, expect, it } from 'vitest';
import { noiseReason } from './explain.js';

describe('noiseReason', () => {
  it.each(['/selinux', '/sys/fs/selinux', '/etc/selinux/config', '/etc/ld.so.preload', '/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libc.so.6'])(
    '%s probes are noise',
    (path) => expect(noiseReason('openat', 'ENOENT', path)).not.toBeNull(),
  );

  it.each(['/home/u/.config/purplebox', '/etc/myapp.conf', '/missing-dir-xyz'])('%s may matter', (path) => {
    expect(noiseReason('openat', 'ENOENT', path)).toBeNull();
  });
});
