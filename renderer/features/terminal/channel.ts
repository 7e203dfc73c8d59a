import type { StreamHandlers, TerminalOutputMessage } from '../../../native-bridge/contract/index.js';
import type { TriageClient } from '../../client/index.js';

/**
 * What a terminal view needs from the backend: one pty's output stream, and somewhere to send keys,
 * size and acknowledgements. Each pty family (trace.*, terminal.*) binds its own endpoints to this.
 */
export interface TerminalChannel {
  subscribe(handlers: StreamHandlers<TerminalOutputMessage>): () => void;
  input(data: string): Promise<unknown>;
  resize(cols: number, rows: number): Promise<unknown>;
  /** The view has rendered this many characters (the backend pauses the program while it lags). */
  ack(chars: number): Promise<unknown>;
}

/** The terminal.* endpoints of one terminal (gdb on a core, and whatever else opens there later). */
export function terminalChannel(client: TriageClient, id: string): TerminalChannel {
  return {
    subscribe: (handlers) => client.subscribe('terminal.output', { id }, handlers),
    input: (data) => client.call('terminal.input', { id, data }),
    resize: (cols, rows) => client.call('terminal.resize', { id, cols, rows }),
    ack: (chars) => client.call('terminal.ackOutput', { id, chars }),
  };
}
