import type { ProcessRow } from '../contract/processes.js';

/**
 * Name, command line or user contains the text (case-insensitive), or the text is exactly the pid.
 * Shared by the backend query (CLI, processes.list) and the UI table so a filter finds the same rows.
 */
export function matchesFilter(row: ProcessRow, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  if (/^\d+$/.test(needle) && row.pid === Number(needle)) return true;
  return (
    row.name.toLowerCase().includes(needle) ||
    row.cmdline.toLowerCase().includes(needle) ||
    row.user.toLowerCase().includes(needle)
  );
}
