import { useEffect, useState } from 'react';
import { useConnection } from '../client/index.js';
import { useDisconnectedText } from './connection-text.js';
import { formatClock } from './format.js';

/** How long "reconnected" stays up after the backend came back. */
export const RECONNECTED_NOTICE_MS = 6000;

/**
 * Says the backend is gone (and that actions wait for it) until it is back, then that it is back and
 * the live data resumed. The client reconnects on its own; this only reports it.
 */
export function ConnectionBanner() {
  const lost = useDisconnectedText();
  const reconnectedAt = useConnection((s) => s.reconnectedAt);
  const [noticeOver, setNoticeOver] = useState<number | null>(null);
  useEffect(() => {
    if (reconnectedAt === null) return;
    const timer = setTimeout(() => setNoticeOver(reconnectedAt), Math.max(0, reconnectedAt + RECONNECTED_NOTICE_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [reconnectedAt]);

  if (lost) {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-banner">
        The Triage backend is not answering. {lost}. Actions are disabled until it is back.
      </div>
    );
  }
  if (reconnectedAt !== null && noticeOver !== reconnectedAt) {
    return (
      <div className="connection-banner ok" role="status" data-testid="connection-banner">
        Reconnected to the Triage backend at {formatClock(reconnectedAt)}; live data resumed.
      </div>
    );
  }
  return null;
}
