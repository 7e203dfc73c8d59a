import { readdirSync, readFileSync } from 'node:fs';

/** A sysfs attribute's text without its newline, or null when it cannot be read (absent, refused, EIO). */
export function readAttr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    // Some attributes exist but fail on read (an ACPI zone answering EIO): unreadable is treated as absent.
    return null;
  }
}

/** A sysfs attribute as a finite number, else null. */
export function readNumber(path: string): number | null {
  const text = readAttr(path);
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A directory's entries, or the errno code when it cannot be listed. */
export function listDir(path: string): string[] | { errno: string } {
  try {
    return readdirSync(path);
  } catch (error) {
    return { errno: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/** The sentence for a sysfs folder that could not be listed: missing means the machine lacks the thing. */
export function whyNotListed(errno: string, path: string, absent: string): string {
  if (errno === 'ENOENT' || errno === 'ENOTDIR') return `not present on this machine: ${absent}`;
  if (errno === 'EACCES' || errno === 'EPERM') return `not allowed to read ${path}`;
  return `could not read ${path} (${errno})`;
}

/** The cpuN directories under devices/system/cpu, in CPU order, or why there are none. */
export function cpuDirs(sysRoot: string): { cpu: number; dir: string }[] | { errno: string } {
  const base = `${sysRoot}/devices/system/cpu`;
  const names = listDir(base);
  if (!Array.isArray(names)) return names;
  return names
    .flatMap((name) => {
      const m = /^cpu(\d+)$/.exec(name);
      return m ? [{ cpu: Number(m[1]), dir: `${base}/${name}` }] : [];
    })
    .sort((a, b) => a.cpu - b.cpu);
}
