import { contract as appContract, type Contract, type ContractShape } from '../../native-bridge/contract/index.js';
import { createClient } from '../../native-bridge/common/client.js';
import { toBridgeApi, type BridgeApi } from '../../native-bridge/contract/bridge.js';
import { RPC_CHANNEL } from '../main/rpc-channel.js';

/** The parts of ipcRenderer the preload uses; typed narrowly so the same code runs in tests without Electron. */
export interface IpcRendererLike {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

/**
 * What the preload hands to contextBridge: the contract client over IPC, its calls resolving to
 * `{ok, value} | {ok: false, error}` because the bridge would strip `code` from a thrown error.
 */
export function createIpcApi(ipcRenderer: IpcRendererLike): BridgeApi<Contract>;
export function createIpcApi<C extends ContractShape>(ipcRenderer: IpcRendererLike, contract: C): BridgeApi<C>;
export function createIpcApi(ipcRenderer: IpcRendererLike, contract: ContractShape = appContract): BridgeApi<ContractShape> {
  const client = createClient(contract, {
    send: (message) => ipcRenderer.send(RPC_CHANNEL, message),
    onMessage: (listener) => {
      ipcRenderer.on(RPC_CHANNEL, (_event, message) => listener(message));
    },
  });
  return toBridgeApi(client);
}
