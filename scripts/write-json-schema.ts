import { writeFileSync } from 'node:fs';
import { snapshotJsonSchemaText } from '../native-bridge/snapshot/json-schema.js';

// Regenerate docs/snapshot.schema.json: npx tsx scripts/write-json-schema.ts
const target = new URL('../docs/snapshot.schema.json', import.meta.url);
writeFileSync(target, snapshotJsonSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);
