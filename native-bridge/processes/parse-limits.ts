/** The /proc/PID/limits lines that matter to the helpdesk. null means unlimited. */
export interface LimitFields {
  openFilesSoft: number | null;
  openFilesHard: number | null;
  coreSizeSoft: number | null;
  coreSizeHard: number | null;
}

function limitValue(value: string | undefined): number | null {
  if (value === undefined || value === 'unlimited') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function parseLimits(text: string): LimitFields | null {
  let openFiles: string[] | null = null;
  let core: string[] | null = null;
  for (const line of text.split('\n')) {
    // Columns: "Limit" (padded to 26 chars), "Soft Limit", "Hard Limit", "Units".
    const rest = line.slice(26).trim().split(/\s+/);
    if (line.startsWith('Max open files')) openFiles = rest;
    else if (line.startsWith('Max core file size')) core = rest;
  }
  if (!openFiles && !core) return null;
  return {
    openFilesSoft: limitValue(openFiles?.[0]),
    openFilesHard: limitValue(openFiles?.[1]),
    coreSizeSoft: limitValue(core?.[0]),
    coreSizeHard: limitValue(core?.[1]),
  };
}
