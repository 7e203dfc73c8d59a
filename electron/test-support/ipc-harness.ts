import { EventEmitter } from 'node:events';
import type { BridgeApi } from '../../native-bridge/contract/bridge.js';
import { fromBridgeApi } from '../../native-bridge/contract/bridge.js';
import type { ContractClient, ContractShape, Implementation } from '../../native-bridge/contract/define.js';
import { createDispatcher } from '../../native-bridge/server/dispatcher.js';
import { bridgeIpc, type IpcEventLike, type IpcMainLike } from '../main/ipc-bridge.js';
import { createIpcApi } from '../preload/ipc-api.js';

/**
 * What contextBridge does to values crossing from the preload to the page, as documented
 * (electron/electron#25596): arguments and resolved values are copied like structured clones, and a
 * rejection keeps only the Error's `message` (no code, no detail, no class). Callbacks are proxied.
 */
export function acrossContextBridge<C extends ContractShape>(api: BridgeApi<C>): BridgeApi<C> {
  const strip = (error: unknown): Error => new Error(error instanceof Error ? error.message : String(error));
  return {
    call: (name, input) =>
      api.call(name, structuredClone(input)).then(
        (result) => structuredClone(result),
        (error: unknown) => Promise.reject(strip(error)),
      ),
    subscribe: (name, input, handlers) =>
      api.subscribe(name, structuredClone(input), {
        next: (message) => handlers.next(structuredClone(message)),
        error: (error) => handlers.error?.(structuredClone(error)),
      }),
  };
}

export interface IpcHarness<C extends ContractShape> {
  /** The renderer's client exactly as renderer/client builds it from window.triage. */
  client: ContractClient<C>;
  /** Every envelope main sent to the window, as it went over IPC. */
  sent: unknown[];
  close(): void;
}

/**
 * The whole desktop path without the Electron binary: renderer client ← contextBridge ← the real preload
 * API over a modelled ipcRenderer ← IPC ← the real main-side bridge and dispatcher ← the implementation.
 * Only Electron's two IPC objects are stood in for (EventEmitters with their event shape).
 */
export function ipcHarness<C extends ContractShape>(contract: C, implementation: Implementation<C>): IpcHarness<C> {
  const ipcMain = new EventEmitter();
  const toRenderer = new EventEmitter();
  const dispatcher = createDispatcher(contract, implementation);
  const destroyed = new EventEmitter();
  bridgeIpc(ipcMain as unknown as IpcMainLike, (send) => dispatcher.connect({ send }));
  const sent: unknown[] = [];
  const sender = {
    id: 1,
    send: (channel: string, message: unknown) => {
      sent.push(message);
      // IPC serialises with the structured clone algorithm and delivers asynchronously.
      const copy = structuredClone(message);
      queueMicrotask(() => toRenderer.emit(channel, {}, copy));
    },
    isDestroyed: () => false,
    once: (_event: 'destroyed', listener: () => void) => void destroyed.once('destroyed', listener),
  };
  const ipcRenderer = {
    send: (channel: string, message: unknown) => {
      const event: IpcEventLike = { sender, senderFrame: { url: 'app://triage/index.html', parent: null } };
      const copy = structuredClone(message);
      queueMicrotask(() => ipcMain.emit(channel, event, copy));
    },
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => toRenderer.on(channel, listener),
  };
  const api = createIpcApi(ipcRenderer, contract);
  return { client: fromBridgeApi(acrossContextBridge(api)), sent, close: () => void destroyed.emit('destroyed') };
}
