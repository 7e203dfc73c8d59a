import type { Connection } from '../../native-bridge/server/dispatcher.js';
import type { ServerMessage } from '../../native-bridge/contract/wire.js';
import { RPC_CHANNEL } from './rpc-channel.js';
import { isTrustedSender, type SenderFrameLike } from './sender.js';

export { RPC_CHANNEL };

export interface IpcSenderLike {
  id: number;
  send(channel: string, message: ServerMessage): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): void;
}
export interface IpcEventLike {
  sender: IpcSenderLike;
  senderFrame: SenderFrameLike | null;
}
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, message: unknown) => void): void;
}

/**
 * The contract over Electron IPC: one dispatcher connection per window, the sender frame checked on
 * every message, the payload validated by the dispatcher like on every other transport. Failures leave
 * here as `{ok: false, error}` envelopes (the dispatcher's toErrorShape: code and message, never a
 * stack); the preload keeps them as data across the contextBridge (see createIpcApi).
 */
export function bridgeIpc(
  ipcMain: IpcMainLike,
  connect: (send: (message: ServerMessage) => void) => Connection,
  onRefused: (url: string) => void = () => undefined,
): void {
  const connections = new Map<number, Connection>();
  ipcMain.on(RPC_CHANNEL, (event, message) => {
    if (!isTrustedSender(event.senderFrame)) {
      onRefused(event.senderFrame?.url ?? '(no frame)');
      return;
    }
    const sender = event.sender;
    let connection = connections.get(sender.id);
    if (!connection) {
      const created = connect((reply) => {
        if (!sender.isDestroyed()) sender.send(RPC_CHANNEL, reply);
      });
      connection = created;
      connections.set(sender.id, created);
      sender.once('destroyed', () => {
        created.close();
        connections.delete(sender.id);
      });
    }
    connection.handle(message);
  });
}
