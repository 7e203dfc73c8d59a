import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender.js';
import { isAllowedExternalUrl, isAppUrl, mainWindowOptions, secureWebPreferences } from './window-options.js';

describe('Electron window options (security checklist)', () => {
  const prefs = secureWebPreferences('/app/preload.cjs');

  it('isolates and sandboxes the renderer with web security on', () => {
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, webSecurity: true });
  });

  it('turns off Node (also in subframes and workers), insecure content, experiments and webviews', () => {
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('every window the app builds uses those preferences', () => {
    expect(mainWindowOptions('/p.cjs', true).webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
});

describe('navigation and links', () => {
  it.each(['app://triage/index.html', 'app://triage/#/about'])('%s is the app', (url) => expect(isAppUrl(url)).toBe(true));
  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'data:text/html,x', 'nonsense'])(
    '%s is not the app',
    (url) => expect(isAppUrl(url)).toBe(false),
  );
  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalUrl('https://man7.org/linux/man-pages/man2/kill.2.html')).toBe(true);
    expect(isAllowedExternalUrl('http://man7.org/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the app top frame', () => {
    expect(isTrustedSender({ url: 'app://triage/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://triage/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
