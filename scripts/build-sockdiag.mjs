// Compiles the sock_diag helper of the live connections view (native-bridge/netfiles/sockdiag/) into
// dist/native/. Optional: without a C compiler the view reads /proc/net/tcp* instead (dearer on a machine
// with many TIME_WAIT sockets, just as exact), so a failed build is a note, not an error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SOCKDIAG_SOURCE = 'native-bridge/netfiles/sockdiag/triage-sockdiag.c';
export const SOCKDIAG_BINARY = 'dist/native/triage-sockdiag';

/** Builds the helper under `root` unless it is newer than its source; returns its path, or null with the reason printed. */
export function buildSockDiag(root, log = (line) => process.stderr.write(`${line}\n`)) {
  const source = join(root, SOCKDIAG_SOURCE);
  const binary = join(root, SOCKDIAG_BINARY);
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  if (process.platform !== 'linux') return null;
  mkdirSync(dirname(binary), { recursive: true });
  const cc = process.env.CC || 'cc';
  const r = spawnSync(cc, ['-O2', '-Wall', '-o', binary, source], { encoding: 'utf8' });
  if (r.status !== 0) {
    log(`note: the sock_diag helper was not built (${r.error ? `${cc}: ${r.error.message}` : r.stderr.trim()}); the connections view will read /proc/net/tcp instead`);
    return null;
  }
  return binary;
}
