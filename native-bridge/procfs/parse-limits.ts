/** One resource limit in the kernel's units; null means unlimited. */
export interface Limit {
  soft: number | null;
  hard: number | null;
}

/** "unlimited" → null; a number → itself; anything else → undefined (unparseable). */
function limitValue(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'unlimited') return null;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** One line of /proc/PID/limits by its name; null when the kernel does not list it or its values do not parse. */
export function parseLimit(text: string, name: string): Limit | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    // Columns: "Limit" (padded to 26 chars), "Soft Limit", "Hard Limit", "Units".
    const [soft, hard] = line.slice(name.length).trim().split(/\s+/).map(limitValue);
    return soft === undefined || hard === undefined ? null : { soft, hard };
  }
  return null;
}

export const parseCoreLimit = (text: string): Limit | null => parseLimit(text, 'Max core file size');

/** The /proc/PID/limits lines that matter to the helpdesk. null means unlimited. */
export interface LimitFields {
  openFilesSoft: number | null;
  openFilesHard: number | null;
  coreSizeSoft: number | null;
  coreSizeHard: number | null;
}

export function parseLimits(text: string): LimitFields | null {
  const openFiles = parseLimit(text, 'Max open files');
  const core = parseCoreLimit(text);
  if (!openFiles && !core) return null;
  return {
    openFilesSoft: openFiles?.soft ?? null,
    openFilesHard: openFiles?.hard ?? null,
    coreSizeSoft: core?.soft ?? null,
    coreSizeHard: core?.hard ?? null,
  };
}
