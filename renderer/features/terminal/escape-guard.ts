/**
 * A program in a terminal (a traced program, gdb on an untrusted core) writes whatever it likes to it.
 * Two escape sequences act outside the terminal: OSC 52 reads or sets the system clipboard, OSC 8 turns
 * text into a link that opens elsewhere. The program is not trusted to do either, so both are swallowed
 * here; their visible text still prints.
 */

/** OSC numbers refused, with the reason shown to the user once. */
export const REFUSED_OSC: ReadonlyMap<number, string> = new Map([
  [52, 'clipboard access (OSC 52)'],
  [8, 'a hyperlink (OSC 8)'],
]);

/** The part of xterm's Terminal this needs (so a test can hand it a real Terminal). */
export interface OscParserHost {
  parser: { registerOscHandler(ident: number, callback: (data: string) => boolean | Promise<boolean>): { dispose(): void } };
}

/**
 * Registers handlers that claim every refused OSC sequence. xterm tries the newest handler first and
 * stops at one returning true, so these win over its built-in OSC 8 links and over any addon
 * registered earlier. Install after other addons; returns a function that removes the guards.
 */
export function installEscapeGuards(terminal: OscParserHost, onRefused?: (ident: number, what: string) => void): () => void {
  const disposables = [...REFUSED_OSC].map(([ident, what]) =>
    terminal.parser.registerOscHandler(ident, () => {
      onRefused?.(ident, what);
      return true;
    }),
  );
  return () => disposables.forEach((d) => d.dispose());
}
