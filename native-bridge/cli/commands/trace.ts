import { createReadStream, constants as fsConstants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { TriageError } from '../../contract/errors.js';
import { RecipeId, type SessionInfo, type StartInput, type TraceAnalysis, type WhyEnded } from '../../contract/trace.js';
import { formatTraceSummary } from '../format/trace.js';
import { parsePid } from '../args.js';
import { defineCommand } from '../define-command.js';
import type { Contract, ContractClient } from '../../contract/index.js';

const traceHelp = `Usage: triage trace [--ltrace] [--recipe ID] [--json] [--out FILE] -- COMMAND [ARGS…]
       triage trace [--recipe ID] [--json] [--out FILE] --attach PID

Run COMMAND under strace (or ltrace) in a terminal, or attach to a running process, then print what
the trace shows: why it ended, what failed, the files and the network endpoints it used.
The program's own output passes through to this terminal. Everything after "--" is the command and
its arguments, exactly as given (nothing there is read as a Triage or strace option).

  --ltrace        trace library calls with ltrace instead of system calls
  --recipe ID     fails-silently (default), files, network, waiting (attach only), library-calls
  --attach PID    trace a running process; Ctrl+C detaches and leaves it running
  --json          print the analysis as JSON on stdout (the program's output goes to stderr)
  --out FILE      keep the raw capture in FILE (a new file, mode 0600; never overwritten)

Exit status: the traced program's own (128 + signal number when a signal killed it).`;

/** Options that take a value: the word after them is theirs, not the start of the command. */
const VALUE_OPTIONS = new Set(['--attach', '--out', '--recipe']);

/**
 * Splits `triage trace` arguments into Triage's options and the traced command. The command starts
 * after `--`, or at the first word that is not an option; a command word beginning with '-' therefore
 * needs `--` in front of it and never becomes an option of Triage or of the tracer.
 */
export function splitTraceArgv(argv: readonly string[]): { options: string[]; command: string[] } {
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return { options, command: argv.slice(i + 1) };
    if (!word.startsWith('-') || word === '-') return { options, command: argv.slice(i) };
    options.push(word);
    if (VALUE_OPTIONS.has(word) && i + 1 < argv.length) options.push(argv[++i]!);
  }
  return { options, command: [] };
}

/** The traced program's exit status as a shell would report it: the code, or 128 + the signal number. */
export function exitStatusOf(end: WhyEnded | null, tracerExit: SessionInfo['tracerExit']): number {
  const fromSignal = (signal: string): number => {
    const n = (osConstants.signals as Record<string, number | undefined>)[signal];
    return n === undefined ? 1 : 128 + n;
  };
  if (end?.state === 'exited') return end.code ?? 1;
  if (end?.state === 'killed') return fromSignal(end.signal ?? '');
  // Still running: an attach that was detached. The process is fine, so is the command.
  if (end?.state === 'running') return 0;
  if (tracerExit?.signal) return fromSignal(tracerExit.signal);
  return tracerExit?.code ?? 1;
}

/** Creates FILE for the capture before the trace starts, so a bad path costs nothing: new, 0600, no symlinks. */
export async function createOutFile(path: string): Promise<FileHandle> {
  const full = resolve(path);
  try {
    return await open(full, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY | fsConstants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new TriageError('REFUSED', `${full} already exists; Triage never overwrites a file. Choose a new name or remove it first.`);
    }
    if (code === 'ELOOP') throw new TriageError('REFUSED', `${full} is a symbolic link; Triage does not write through links.`);
    if (code === 'ENOENT') throw new TriageError('NOT_FOUND', `The folder for ${full} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new TriageError('EPERM', `Triage may not create ${full} (no permission to write in that folder).`);
    }
    throw new TriageError('IO_ERROR', `Triage could not create ${full}.`, (error as Error).message);
  }
}

interface Ended {
  session: SessionInfo;
  analysis: TraceAnalysis;
}

/** Runs one trace through the contract client until it ends; the program's terminal is this one. */
async function runTrace(
  client: ContractClient<Contract>,
  start: StartInput,
  programOut: NodeJS.WriteStream,
  started: { id: string | null },
): Promise<Ended> {
  const session = await client.call('trace.start', start);
  const id = session.id;
  started.id = id;
  const stdin = process.stdin;
  const interactive = session.mode === 'launch' && stdin.isTTY === true;
  const cleanups: (() => void)[] = [];

  if (session.mode === 'attach') {
    process.stderr.write(`triage: tracing process ${session.pid ?? '?'} (${session.command.join(' ')}); press Ctrl+C to detach.\n`);
  }

  const offOutput = client.subscribe('trace.output', { id }, {
    next(message) {
      if (message.kind !== 'data') return;
      const chars = message.data.length;
      // Acknowledged once the stream took it: a slow terminal pauses the program instead of filling memory.
      programOut.write(message.data, () => void client.call('trace.ackOutput', { id, chars }).catch(() => undefined));
    },
  });
  cleanups.push(offOutput);

  if (interactive) {
    stdin.setRawMode(true);
    stdin.resume();
    const onInput = (chunk: Buffer) => void client.call('trace.input', { id, data: chunk.toString('utf8') }).catch(() => undefined);
    stdin.on('data', onInput);
    cleanups.push(() => {
      stdin.off('data', onInput);
      stdin.setRawMode(false);
      stdin.pause();
    });
  }
  if (programOut.isTTY) {
    const onResize = () => {
      if (programOut.columns > 1 && programOut.rows > 0) {
        void client.call('trace.resize', { id, cols: programOut.columns, rows: programOut.rows }).catch(() => undefined);
      }
    };
    programOut.on('resize', onResize);
    cleanups.push(() => programOut.off('resize', onResize));
  }
  // Without a raw terminal, Ctrl+C and kill reach Triage: stop the trace (launch: kill the program;
  // attach: detach) and still print what was found.
  const onSignal = () => void client.call('trace.stop', { id }).catch(() => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  cleanups.push(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });

  try {
    return await new Promise<Ended>((done, fail) => {
      const off = client.subscribe('trace.events', { id }, {
        next(message) {
          if (message.kind !== 'ended') return;
          off();
          done({ session: message.session, analysis: message.analysis });
        },
        error: (error) => fail(new TriageError(error.code, error.message, error.detail)),
      });
      cleanups.push(off);
    });
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

export const trace = defineCommand({
  name: 'trace',
  help: traceHelp,
  options: {
    ltrace: { type: 'boolean' },
    recipe: { type: 'string' },
    attach: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  },
  positionals: { max: 0, tooMany: 'Unexpected "{arg}"; put the command after "--".' },
  splitCommand: splitTraceArgv,
  run: async ({ values }, context) => {
    const command = context.command;
    const recipeParse = RecipeId.safeParse(values.recipe ?? (values.ltrace ? 'library-calls' : values.attach ? 'waiting' : 'fails-silently'));
    if (!recipeParse.success) {
      throw new TriageError('INVALID_INPUT', `"${values.recipe}" is not a recipe; use one of: ${RecipeId.options.join(', ')}.`);
    }
    const recipe = recipeParse.data;
    if (values.ltrace && recipe !== 'library-calls') throw new TriageError('INVALID_INPUT', '--ltrace goes with the library-calls recipe only.');
    const pid = values.attach === undefined ? null : parsePid(values.attach);
    if (pid !== null && command.length > 0) {
      throw new TriageError('INVALID_INPUT', 'Give either --attach PID or a command after "--", not both.');
    }
    if (pid === null && command.length === 0) {
      throw new TriageError('INVALID_INPUT', 'Say what to trace: a command after "--" (triage trace -- ls /tmp) or --attach PID.');
    }
    if (pid === null && recipe === 'waiting') throw new TriageError('INVALID_INPUT', 'The "waiting" recipe attaches to a running process: use --attach PID.');

    const out = values.out === undefined ? null : { path: resolve(values.out), handle: await createOutFile(values.out) };
    const programOut = values.json ? process.stderr : process.stdout;
    const client = context.client();
    const started: { id: string | null } = { id: null };
    let kept = false;
    try {
      const start: StartInput =
        pid === null
          ? {
              mode: 'launch' as const,
              command: command[0]!,
              args: command.slice(1),
              cwd: process.cwd(),
              recipe,
              cols: programOut.isTTY && programOut.columns > 1 ? Math.min(programOut.columns, 1000) : 80,
              rows: programOut.isTTY && programOut.rows > 0 ? Math.min(programOut.rows, 1000) : 24,
            }
          : { mode: 'attach' as const, pid, recipe };
      const { session, analysis } = await runTrace(client, start, programOut, started);
      if (out) {
        for await (const chunk of createReadStream(session.capturePath)) await out.handle.write(chunk as Buffer);
        kept = true;
      }
      // Whatever the program printed last may lack a newline: start the report on a line of its own.
      await new Promise<void>((done) => programOut.write('\n', () => done()));
      const exitStatus = exitStatusOf(analysis.end, session.tracerExit);
      if (values.json) {
        const report = {
          command: session.command,
          tool: session.tool,
          recipe: session.recipe,
          pid: session.pid,
          exitStatus,
          capture: out?.path ?? null,
          analysis,
        };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const capturePath = out ? out.path : 'not kept (add --out FILE to keep it)';
        process.stdout.write(formatTraceSummary(analysis, { command: session.command, tool: session.tool, capturePath }));
      }
      return exitStatus;
    } finally {
      await out?.handle.close();
      if (out && !kept) await unlink(out.path).catch(() => undefined);
      if (started.id) await client.call('trace.discard', { id: started.id }).catch(() => undefined);
    }
  },
});
