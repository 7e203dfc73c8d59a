// What other features mount: the process detail panel's Connections and Open files tabs.
export { ConnectionsTab, OpenFilesTab, type ProcessTabProps } from './ProcessTabs.js';
