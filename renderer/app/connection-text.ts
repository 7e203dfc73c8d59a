import { useShallow } from 'zustand/react/shallow';
import { useConnection, type ConnectionInfo } from '../client/index.js';
import { formatClock } from './format.js';

/** "Disconnected since 14:25:33 · reconnecting… attempt 3", or null while the backend answers. */
export function disconnectedText(info: Pick<ConnectionInfo, 'lostAt' | 'attempt'>): string | null {
  if (info.lostAt === null) return null;
  return `Disconnected since ${formatClock(info.lostAt)} · reconnecting… attempt ${Math.max(1, info.attempt)}`;
}

/** What a page header says instead of "Live · …" while the backend is gone (null while it answers). */
export function useDisconnectedText(): string | null {
  const info = useConnection(useShallow((s) => ({ lostAt: s.lostAt, attempt: s.attempt })));
  return disconnectedText(info);
}
