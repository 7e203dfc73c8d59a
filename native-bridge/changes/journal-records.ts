/** The records of `journalctl -o json` output (one JSON object a line); a line that is not one is skipped. */
export function* journalRecords(text: string): Generator<Record<string, unknown>> {
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
  }
}

/** A journal field as text; the journal writes binary fields as arrays, which are not text. */
export function journalField(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' ? value : null;
}
