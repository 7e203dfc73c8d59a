import { readProcFile } from '../processes/read-proc-file.js';

/**
 * readProcFile answers a failure as a string ('gone', 'denied', 'error'), so `typeof text === 'string'` does not
 * tell success apart; this does. /proc text always ends in a newline, so no real content equals those words.
 */
export function readProcText(path: string): string | null {
  const text = readProcFile(path);
  return text === 'gone' || text === 'denied' || text === 'error' ? null : text;
}
