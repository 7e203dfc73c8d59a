/** The one IPC channel the contract travels on; its own file so the bundled preload pulls in nothing else from main/. */
export const RPC_CHANNEL = 'triage:rpc';
