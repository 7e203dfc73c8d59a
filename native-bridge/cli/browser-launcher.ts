import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Launcher {
  /** The file:// URL to hand to the browser: it names a file, holds no secret. */
  fileUrl: string;
  path: string;
  remove(): void;
}

/** $XDG_RUNTIME_DIR when it is ours and private (0700), else the temporary directory. */
function privateBase(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime?.startsWith('/')) {
    try {
      const st = statSync(runtime);
      if (st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o077) === 0) return runtime;
    } catch {
      // not usable: fall back
    }
  }
  return tmpdir();
}

const escapeAttr = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A browser's command line is readable by every local user (/proc/PID/cmdline), so the browser gets a
 * file instead of the URL: a page in a fresh 0700 directory, itself 0600, that redirects to the one-time
 * URL (as Jupyter does). Only this user can read it.
 */
export function writeLauncher(url: string, env: NodeJS.ProcessEnv = process.env): Launcher {
  const dir = mkdtempSync(join(privateBase(env), 'triage-open-'));
  const path = join(dir, 'open.html');
  const target = escapeAttr(url);
  writeFileSync(
    path,
    `<!doctype html>\n<meta charset="utf-8">\n<meta name="referrer" content="no-referrer">\n<meta http-equiv="refresh" content="0;url=${target}">\n<title>Opening Triage…</title>\n<p>Opening Triage… If nothing happens, <a href="${target}">continue</a>.</p>\n`,
    { mode: 0o600, flag: 'wx' },
  );
  return { fileUrl: pathToFileURL(path).href, path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
