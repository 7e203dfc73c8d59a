import { contextBridge, ipcRenderer } from 'electron';
import { contract, createClient } from '../../native-bridge/contract/index.js';

const RPC_CHANNEL = 'triage:rpc';

// One typed client, nothing else: no raw ipcRenderer, no Node, reaches the page.
const client = createClient(contract, {
  send: (message) => ipcRenderer.send(RPC_CHANNEL, message),
  onMessage: (listener) => {
    ipcRenderer.on(RPC_CHANNEL, (_event, message: unknown) => listener(message));
  },
});

contextBridge.exposeInMainWorld('triage', {
  call: client.call,
  subscribe: client.subscribe,
});
