import { isAppUrl } from './window-options.js';

/** The parts of Electron's IPC event we check; typed narrowly so the check is testable without Electron. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/** Only the app's own top-level page may talk to the backend: not an iframe, not a navigated-away page. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
}
