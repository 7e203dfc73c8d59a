import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session, shell, Menu } from 'electron';
import { join } from 'node:path';
import { contract } from '../../native-bridge/contract/index.js';
import { createBackend } from '../../native-bridge/server/backend.js';
import { createDispatcher } from '../../native-bridge/server/dispatcher.js';
import { rendererRoot } from '../../native-bridge/server/renderer-root.js';
import { createSystemCollector } from '../../native-bridge/platform/system-collector.js';
import { denyAllPermissions, hardenApp } from './hardening.js';
import { bridgeIpc, type IpcMainLike } from './ipc-bridge.js';
import { createAppProtocolHandler } from './protocol.js';
import { APP_ENTRY, mainWindowOptions } from './window-options.js';

const log = (text: string): void => void process.stderr.write(`triage: ${text}\n`);

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
]);
app.enableSandbox();

async function start(): Promise<void> {
  await app.whenReady();
  const backend = createBackend({ mode: 'electron', system: createSystemCollector(), onError: (e) => log(String(e)) });
  const dispatcher = createDispatcher(contract, backend.implementation, { onInternalError: (e) => log(String(e)) });

  void backend.metrics.prime();
  protocol.handle('app', createAppProtocolHandler(rendererRoot(__dirname)));
  denyAllPermissions(session.defaultSession);
  hardenApp(app, (url) => void shell.openExternal(url), log);
  bridgeIpc(ipcMain as unknown as IpcMainLike, (send) => dispatcher.connect({ send }), (url) => log(`refused IPC from ${url}`));
  Menu.setApplicationMenu(null);

  const window = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), nativeTheme.shouldUseDarkColors));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY);

  app.on('window-all-closed', () => {
    backend.close();
    app.quit();
  });
}

start().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
