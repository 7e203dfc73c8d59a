// Unit tests import modules that import 'electron' for types or wiring; the real package would try to
// download its binary. This stand-in only has to exist: tests assert on our own code, never on it.
export const app = {};
export const BrowserWindow = class {};
export const ipcMain = {};
export const ipcRenderer = {};
export const contextBridge = {};
export const protocol = {};
export const session = {};
export const shell = {};
export const nativeTheme = {};
export const Menu = {};
export default {};
