// What other features mount: the terminal view (xterm.js) and the channel that feeds it a pty session.
export { terminalChannel, type TerminalChannel } from './channel.js';
export { TerminalView, type TerminalViewProps } from './TerminalView.js';
export { warmTerminalFonts } from './warm-fonts.js';
