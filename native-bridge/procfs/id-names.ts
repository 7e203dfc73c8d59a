import { readFileSync } from 'node:fs';
import { parseIdNames } from './parse-passwd.js';

export interface IdNames {
  /** The name for an id, or the id as text when the database has none (as ps does). */
  name(id: number): string;
}

/**
 * /etc/passwd (or /etc/group) parsed once; an id it does not know triggers one re-read, so a user
 * created while Triage runs shows up, and an id that stays unknown does not cost a read per tick.
 */
function loadIdNames(file: string): IdNames {
  let map = new Map<number, string>();
  const retried = new Set<number>();
  const load = (): void => {
    try {
      map = parseIdNames(readFileSync(file, 'utf8'));
    } catch {
      // no database (minimal containers): numeric names
    }
  };
  load();
  return {
    name(id) {
      const known = map.get(id);
      if (known !== undefined) return known;
      if (!retried.has(id)) {
        retried.add(id);
        load();
        const again = map.get(id);
        if (again !== undefined) return again;
      }
      return String(id);
    },
  };
}

const tables = new Map<string, IdNames>();

/** The one table per database file, shared by every capability (the sampler, actions, sockets, the CLI). */
export function idNames(file = '/etc/passwd'): IdNames {
  let table = tables.get(file);
  if (!table) {
    table = loadIdNames(file);
    tables.set(file, table);
  }
  return table;
}
