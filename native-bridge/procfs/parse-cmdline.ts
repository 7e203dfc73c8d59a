/** /proc/PID/cmdline: arguments separated (and usually ended) by NUL; empty for kernel threads and zombies. */
export function parseCmdline(text: string): string[] {
  if (text.length === 0) return [];
  const body = text.endsWith('\0') ? text.slice(0, -1) : text;
  return body.split('\0');
}

/** One line for the table: arguments joined with spaces (trailing blanks from a rewritten title dropped). */
export function joinCmdline(argv: readonly string[]): string {
  return argv.join(' ').trimEnd();
}
