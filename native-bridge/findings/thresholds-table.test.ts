import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { thresholdsTable } from './thresholds-table.js';

it("the README's findings table is the thresholds table (regenerate: npx tsx -e \"import('./native-bridge/findings/thresholds-table.ts').then(m => console.log(m.thresholdsTable()))\")", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(thresholdsTable());
});
