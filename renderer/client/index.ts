import { contract, type Contract, type ContractClient } from '../../native-bridge/contract/index.js';
import { fromBridgeApi, type BridgeApi } from '../../native-bridge/contract/bridge.js';
import { reportConnection } from './connection.js';
import { createWebSocketClient, type ConnectionState } from './ws-client.js';

export type TriageClient = ContractClient<Contract>;
export type { ConnectionState };
export { useConnection, useCanAct, selectCanAct, type ConnectionInfo } from './connection.js';

declare global {
  interface Window {
    /** Set by the Electron preload: the contract over IPC, failures as values (see fromBridgeApi). Absent in web mode. */
    triage?: BridgeApi<Contract>;
  }
}

let client: TriageClient | null = null;

/** The one client the whole UI talks through: IPC in Electron, WebSocket in web mode. */
export function getClient(): TriageClient {
  if (client) return client;
  if (window.triage) {
    // IPC lives and dies with the window: it is connected for as long as there is a page to show.
    reportConnection('open', 0);
    // Unwrapped here, so a feature catches the same typed TriageError (with its code) as over WebSocket.
    client = fromBridgeApi(window.triage);
    return client;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  client = createWebSocketClient(contract, `${scheme}//${location.host}/ws`, (state, attempt) => reportConnection(state, attempt));
  return client;
}

/**
 * Lets component tests talk to a real backend instead of the page's socket. An in-process client is
 * connected by construction ('open'); a real WebSocket client reports its own state (pass null).
 */
export function setClientForTests(testClient: TriageClient, state: ConnectionState | null = 'open'): void {
  client = testClient;
  if (state) reportConnection(state, state === 'open' ? 0 : 1);
}

export { reportConnection };
export { describeError, errorCode, errorDetail } from './errors.js';
