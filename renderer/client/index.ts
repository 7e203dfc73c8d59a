import { contract, type Contract, type ContractClient } from '../../native-bridge/contract/index.js';
import { createWebSocketClient, type ConnectionState } from './ws-client.js';

export type TriageClient = ContractClient<Contract>;
export type { ConnectionState };

declare global {
  interface Window {
    /** Set by the Electron preload: the same contract client over IPC. Absent in web mode. */
    triage?: TriageClient;
  }
}

let client: TriageClient | null = null;
const stateListeners = new Set<(state: ConnectionState) => void>();
let lastState: ConnectionState = 'connecting';

/** The one client the whole UI talks through: IPC in Electron, WebSocket in web mode. */
export function getClient(): TriageClient {
  if (client) return client;
  if (window.triage) {
    lastState = 'open';
    client = window.triage;
    return client;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  client = createWebSocketClient(contract, `${scheme}//${location.host}/ws`, (state) => {
    lastState = state;
    for (const listener of stateListeners) listener(state);
  });
  return client;
}

export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  listener(lastState);
  return () => stateListeners.delete(listener);
}

/** Lets component tests talk to a real in-process backend instead of a socket. */
export function setClientForTests(testClient: TriageClient): void {
  client = testClient;
}
