import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const APP_ORIGIN = 'app://triage';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The renderer runs like a web page: isolated, sandboxed, no Node, nothing Triage does not need. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Triage',
    show: false,
    backgroundColor: dark ? '#15181d' : '#f7f8fa',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Only the app's own pages; everything else (http, file:, data:, other schemes) is refused. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'triage';
  } catch {
    return false;
  }
}

/** Links a user may open in their browser: https only, to hosts we name. */
const EXTERNAL_ALLOW = new Set(['github.com', 'man7.org', 'www.kernel.org', 'docs.kernel.org']);
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_ALLOW.has(parsed.hostname) && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
