import { createHash } from 'node:crypto';
import { newToken } from './token.js';

/** A one-time token is for the browser Triage starts itself: it has to arrive within seconds. */
export const ONE_TIME_TTL_MS = 30_000;
/** How long a used or expired one-time token is remembered, so a late second try is reported as such. */
const REMEMBER_MS = 10 * 60_000;

export type Redemption =
  | { ok: true }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface SessionStore {
  /** A token that opens one session, once, within ONE_TIME_TTL_MS. */
  issueOneTime(): string;
  redeemOneTime(token: string): Redemption;
  /** A new random session id for a cookie; it maps to this server's session and to nothing else. */
  openSession(): string;
  isSession(id: string | undefined): boolean;
}

/**
 * Tokens and session ids are looked up by their SHA-256 digest, so a lookup's timing depends on the digest
 * of what was presented, never on how much of a real secret it shares.
 */
const digest = (value: string): string => createHash('sha256').update(value).digest('base64');

export function createSessionStore(now: () => number = Date.now): SessionStore {
  const pending = new Map<string, number>(); // digest -> expiry
  const spent = new Map<string, { reason: 'used' | 'expired'; forgetAt: number }>();
  const sessions = new Set<string>();

  function sweep(time: number): void {
    for (const [key, expiry] of pending) {
      if (expiry <= time) {
        pending.delete(key);
        spent.set(key, { reason: 'expired', forgetAt: time + REMEMBER_MS });
      }
    }
    for (const [key, entry] of spent) if (entry.forgetAt <= time) spent.delete(key);
  }

  return {
    issueOneTime() {
      const token = newToken();
      pending.set(digest(token), now() + ONE_TIME_TTL_MS);
      return token;
    },
    redeemOneTime(token) {
      const time = now();
      sweep(time);
      const key = digest(token);
      if (pending.has(key)) {
        pending.delete(key);
        spent.set(key, { reason: 'used', forgetAt: time + REMEMBER_MS });
        return { ok: true };
      }
      const known = spent.get(key);
      return { ok: false, reason: known ? known.reason : 'unknown' };
    },
    openSession() {
      const id = newToken();
      sessions.add(digest(id));
      return id;
    },
    isSession(id) {
      return typeof id === 'string' && id.length > 0 && sessions.has(digest(id));
    },
  };
}
