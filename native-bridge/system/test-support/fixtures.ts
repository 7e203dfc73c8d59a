import { readFileSync } from 'node:fs';

/** Text of a file in ./fixtures (tests only). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}
