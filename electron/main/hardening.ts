import type { App, Session, WebContents } from 'electron';
import { isAllowedExternalUrl, isAppUrl } from './window-options.js';

/** Applies the Electron security checklist to every web contents the app ever creates. */
export function hardenApp(app: App, openExternal: (url: string) => void, log: (text: string) => void): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) {
        event.preventDefault();
        log(`blocked navigation to ${url}`);
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** Triage needs no camera, microphone, notifications, geolocation…: deny every request and check. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
