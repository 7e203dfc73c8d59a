export type Interner = ReturnType<typeof createInterner>;

/**
 * Shares equal strings between events. A syscall firehose repeats itself (`read(0</dev/zero>, "\0", 1)`
 * a million times): without this, each of the 50,000 stored events carries its own copies of the
 * same name, argument text, argument list and target, and each keeps its whole input line alive.
 * Capped, and simply cleared when full, so varied traces cost one map of at most `max` entries.
 */
export function createInterner(max = 8192) {
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const string = (s: string): string => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    if (strings.size >= max) strings.clear();
    // A flat copy: a slice of the input line would keep the whole line alive for as long as it is shared.
    const own = flatCopy(s);
    strings.set(own, own);
    return own;
  };
  return {
    string,
    nullable: (s: string | null): string | null => (s === null ? null : string(s)),
    /** The shared argument list for this argument text (callers never mutate argument lists). */
    args(argsText: string, args: string[]): string[] {
      const known = lists.get(argsText);
      if (known !== undefined && known.length === args.length && known.every((a, i) => a === args[i])) return known;
      if (lists.size >= max) lists.clear();
      const own = args.map(string);
      lists.set(string(argsText), own);
      return own;
    },
  };
}

/** A string that owns its characters (V8 may otherwise keep a slice's parent alive). */
export function flatCopy(s: string): string {
  // Short strings are copied by slice() already; longer ones go through a Buffer round trip.
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
