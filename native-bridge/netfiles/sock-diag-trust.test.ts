import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helperAllowedFor } from './sock-diag.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-sockdiag-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sock_diag helper run as root', () => {
  it('is run only when no other user could have planted it; any other user runs what it could write itself', () => {
    // A copy in a folder another user owns: root must not run it (that user could replace it at any time).
    const planted = join(dir, 'user', 'triage-sockdiag');
    mkdirSync(join(dir, 'user'));
    copyFileSync('/bin/true', planted);
    chmodSync(planted, 0o755);
    chownSync(join(dir, 'user'), 65534, 65534);
    expect(helperAllowedFor(planted, 0)).toBeNull();
    expect(helperAllowedFor(planted, 1000)).toBe(planted);
    // Root-owned all the way up and writable by nobody else: allowed.
    expect(helperAllowedFor('/usr/bin/env', 0)).toBe('/usr/bin/env');
    expect(helperAllowedFor(null, 0)).toBeNull();
  });
});
