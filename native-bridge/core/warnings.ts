/** gdb warnings that say nothing to a user (a newer CPU's register set than gdb knows, for example). */
const NOISE = [/Unexpected size of section `\.reg-xstate/, /^Missing auto-load script/i];

/** Pure: the distinct "warning: ..." messages from gdb's log stream, minus known noise. */
export function gdbWarnings(log: string): string[] {
  const out: string[] = [];
  // gdb prints "\nwarning: " and the message as separate log records, so join first and split after.
  for (const m of log.matchAll(/warning: ([^\n]+)/g)) {
    const text = m[1]!.trim();
    if (text === '' || NOISE.some((re) => re.test(text)) || out.includes(text)) continue;
    out.push(text);
    if (out.length >= 20) break;
  }
  return out;
}
