import type { WebServer } from '../server/web/server.js';
import { ONE_TIME_TTL_MS } from '../server/web/sessions.js';
import { writeLauncher } from './browser-launcher.js';
import { openBrowser } from './open-browser.js';

export interface OpenedUi {
  /** The browser command used, for the log. */
  command: string;
  /** The launcher page (0600, in a private 0700 folder); removed once its one-time token has expired. */
  launcherPath: string;
  remove(): void;
}

/**
 * Opens the web UI in a browser without a secret on anyone's command line: the browser gets a private
 * launcher file, the file redirects with a one-time token that works once and for 30 seconds, and the
 * session cookie that redemption sets is a fresh id, not the printed token.
 */
export function openUiInBrowser(server: Pick<WebServer, 'oneTimeUrl'>, options: { pathVar?: string; env?: NodeJS.ProcessEnv } = {}): OpenedUi {
  const launcher = writeLauncher(server.oneTimeUrl(), options.env);
  const command = openBrowser(launcher.fileUrl, options.pathVar);
  // The token inside is dead after ONE_TIME_TTL_MS; the file has no use after that.
  const timer = setTimeout(() => launcher.remove(), ONE_TIME_TTL_MS + 5_000);
  timer.unref();
  return {
    command,
    launcherPath: launcher.path,
    remove() {
      clearTimeout(timer);
      launcher.remove();
    },
  };
}

/** Whether a browser window can appear at all: on Linux (and other X11/Wayland systems) only with a display. */
export function hasDisplay(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The one line `triage web` says about the browser: which one it opened, or why it opened none. */
export function browserNotice(opened: Pick<OpenedUi, 'command'> | null, display: boolean): string {
  if (!display) return 'no display here (DISPLAY and WAYLAND_DISPLAY are unset), so no browser was opened: open the URL above in one.';
  if (!opened) return 'not opening a browser (--no-open): open the URL above in one.';
  return `opened the UI in ${opened.command.split('/').pop() ?? opened.command}.`;
}
