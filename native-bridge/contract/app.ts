import * as z from 'zod';
import { method } from './define.js';

export const AppInfo = z.lazy(() => z.object({
  name: z.literal('Triage'),
  version: z.string(),
  platform: z.string(),
  mode: z.enum(['electron', 'web', 'cli']),
  pid: z.number().int(),
  intervalMs: z.number().int(),
}));
export type AppInfo = z.infer<typeof AppInfo>;

export const appContract = {
  'app.info': method({ input: z.lazy(() => z.object({}).strict()), output: AppInfo }),
} as const;
