import { create } from 'zustand';
import type { ConnectionState } from './ws-client.js';

/**
 * The backend connection as every feature sees it: one store, so the header, the banner and every
 * action button read the same fact. It changes only when the connection does, never per tick.
 */
export interface ConnectionInfo {
  status: ConnectionState;
  /** Reconnection attempts since the backend was lost; 0 while connected. */
  attempt: number;
  /** When the backend was lost (ms since the epoch); null while connected. Kept through the attempts. */
  lostAt: number | null;
  /** When it came back after a loss; the banner says "reconnected" for a moment after it. */
  reconnectedAt: number | null;
}

export const useConnection = create<ConnectionInfo>()(() => ({ status: 'connecting', attempt: 0, lostAt: null, reconnectedAt: null }));

/** Folds one report of the client into the store. */
export function reportConnection(status: ConnectionState, attempt: number, now = Date.now()): void {
  const previous = useConnection.getState();
  if (status === 'open') {
    useConnection.setState({ status, attempt: 0, lostAt: null, reconnectedAt: previous.lostAt !== null ? now : previous.reconnectedAt });
  } else {
    // A backend that never answered is as gone as one that dropped: both are "disconnected since".
    const lostAt = previous.lostAt ?? (status === 'lost' ? now : null);
    useConnection.setState({ status, attempt, lostAt });
  }
}

/**
 * The one flag action buttons read: acting needs a backend that answers. While connecting for the
 * first time it is also false, so nothing is sent into a socket that may never open.
 */
export const selectCanAct = (s: ConnectionInfo): boolean => s.status === 'open';

export function useCanAct(): boolean {
  return useConnection(selectCanAct);
}
