import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CHROMIUM_FAMILY = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'brave-browser', 'microsoft-edge'];

export function findOnPath(name: string, pathVar = process.env.PATH ?? ''): string | null {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir.startsWith('/')) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Opens a page like a desktop window: a Chromium-family browser in --app mode when one is installed,
 * otherwise the system's default browser. Returns what was used, for the log.
 * The target lands in the browser's argv, which every local user can read: pass a launcher file
 * (browser-launcher.ts), never a URL holding a token.
 */
export function openBrowser(target: string, pathVar = process.env.PATH ?? ''): string {
  const chromium = process.platform === 'linux' ? CHROMIUM_FAMILY.map((n) => findOnPath(n, pathVar)).find(Boolean) : null;
  const [command, args] = chromium
    ? [chromium, [`--app=${target}`]]
    : process.platform === 'darwin'
      ? ['open', [target]]
      : process.platform === 'win32'
        ? ['explorer.exe', [target]]
        : [findOnPath('xdg-open', pathVar) ?? 'xdg-open', [target]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return command;
}
