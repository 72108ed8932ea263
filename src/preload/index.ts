/** The sandboxed preload: `window.api` (see src/shared/ipc.ts `Bridge`) and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('api', createBridge(ipcRenderer));
