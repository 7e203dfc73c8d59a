import { useMemo } from 'react';
import { getClient } from '../../client/index.js';
import { type TerminalChannel, TerminalView } from '../terminal/index.js';

/** The traced program's pseudo-terminal: the shared terminal view bound to the trace.* endpoints. */
export function TraceTerminal({ sessionId }: { sessionId: string }) {
  const channel = useMemo<TerminalChannel>(() => {
    const client = getClient();
    return {
      subscribe: (handlers) => client.subscribe('trace.output', { id: sessionId }, handlers),
      input: (data) => client.call('trace.input', { id: sessionId, data }),
      resize: (cols, rows) => client.call('trace.resize', { id: sessionId, cols, rows }),
      ack: (chars) => client.call('trace.ackOutput', { id: sessionId, chars }),
    };
  }, [sessionId]);
  return <TerminalView channel={channel} title="Terminal" hint="Keys typed here go to the program. Ctrl+Shift+C copies." testIdPrefix="trace" />;
}
