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
 * Opens the UI like a desktop window: a Chromium-family browser in --app mode when one is installed,
 * otherwise the system's default browser. Returns what was used, for the log.
 */
export function openBrowser(url: string): string {
  const chromium = process.platform === 'linux' ? CHROMIUM_FAMILY.map((n) => findOnPath(n)).find(Boolean) : null;
  const [command, args] = chromium
    ? [chromium, [`--app=${url}`]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['explorer.exe', [url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return command;
}
