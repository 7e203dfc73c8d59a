import { contextBridge, ipcRenderer } from 'electron';
import { createIpcApi } from './ipc-api.js';

// One typed client, nothing else: no raw ipcRenderer, no Node, reaches the page.
contextBridge.exposeInMainWorld('triage', createIpcApi(ipcRenderer));
