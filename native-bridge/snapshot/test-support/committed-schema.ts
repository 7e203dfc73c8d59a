import { readFileSync } from 'node:fs';
import * as z from 'zod';

export const committedSchemaPath = new URL('../../../docs/snapshot.schema.json', import.meta.url);

/** The committed schema as a validator (independent of the zod schema it was generated from). */
export function committedSchema(): z.ZodType {
  return z.fromJSONSchema(JSON.parse(readFileSync(committedSchemaPath, 'utf8')));
}
