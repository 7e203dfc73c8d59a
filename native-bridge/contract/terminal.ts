import * as z from 'zod';
import { method, stream } from './define.js';

/**
 * What any pseudo-terminal streams to the terminal view (trace's program terminal uses the same shape).
 * Data is decoded as UTF-8 and never split inside a character; the view acknowledges what it rendered.
 */
export const TerminalOutputMessage = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('data'), data: z.string() }),
  z.object({ kind: z.literal('exit'), code: z.number().int().nullable(), signal: z.string().nullable() }),
]));
export type TerminalOutputMessage = z.infer<typeof TerminalOutputMessage>;

export const TerminalId = z.string().regex(/^[a-f0-9-]{36}$/, 'not a terminal id');

const FilePath = z.string().min(1).max(4096);
const cols = z.number().int().min(2).max(1000);
const rows = z.number().int().min(1).max(1000);
const byId = z.lazy(() => z.object({ id: TerminalId }).strict());

/**
 * Only what to open, never what to run: the backend builds gdb's command line itself (no init files,
 * no auto-loaded scripts, no symbol downloads) and checks the core like core.open does.
 */
export const OpenGdbOnCoreInput = z
  .object({
    path: FilePath,
    /** The program that crashed; found from the core when left out. */
    exe: FilePath.optional(),
    cols: cols.default(80),
    rows: rows.default(24),
  })
  .strict();
export type OpenGdbOnCoreInput = z.input<typeof OpenGdbOnCoreInput>;

export const OpenedTerminal = z.lazy(() => z.object({
  id: z.string(),
  /** The command line that runs, for display (argv[0] is the tool's absolute path). */
  argv: z.array(z.string()),
}));
export type OpenedTerminal = z.infer<typeof OpenedTerminal>;

export const terminalContract = {
  /** An interactive gdb on a core, in a pseudo-terminal; stream it with terminal.output. */
  'terminal.openGdbOnCore': method({ input: OpenGdbOnCoreInput, output: OpenedTerminal, mutates: true }),
  /** Replays what the terminal printed so far, then streams; ends with an exit message. */
  'terminal.output': stream({ input: byId, message: TerminalOutputMessage }),
  'terminal.input': method({
    input: z.lazy(() => z.object({ id: TerminalId, data: z.string().max(65536) }).strict()),
    output: z.lazy(() => z.object({})),
    mutates: true,
  }),
  'terminal.resize': method({ input: z.lazy(() => z.object({ id: TerminalId, cols, rows }).strict()), output: z.lazy(() => z.object({})) }),
  'terminal.ackOutput': method({
    input: z.lazy(() => z.object({ id: TerminalId, chars: z.number().int().nonnegative().max(1e9) }).strict()),
    output: z.lazy(() => z.object({})),
  }),
  /** Ends the program if it still runs and forgets the terminal. */
  'terminal.close': method({ input: byId, output: z.lazy(() => z.object({})), mutates: true }),
} as const;
