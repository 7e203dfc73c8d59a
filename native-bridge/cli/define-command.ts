import type { ParseArgsConfig } from 'node:util';
import type { ContractShape } from '../contract/define.js';
import type { Contract, ContractClient } from '../contract/index.js';
import { TriageError } from '../contract/triage-error.js';
import type { BackendPart } from '../server/backend-part.js';
import type { BackendTuning } from '../server/backend.js';
import { parseCommandArgs } from './args.js';
import { markBackendFailure } from './backend-failure.js';
import { deferredClient } from './deferred-client.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
export type CommandArgs<O extends Options> = ReturnType<typeof parseCommandArgs<WithHelp<O>>>;

export interface CommandContext {
  /**
   * The in-process client, the same contract every transport serves; the backend (and its code) loads on
   * first use, so parsing and `--help` never pay for it; with the tuning given then (this run's pace and
   * spans, never saved as the user's settings).
   */
  client(tuning?: BackendTuning): ContractClient<Contract>;
  /** The program to run and its arguments, for commands that take one (see `splitCommand`). */
  command: string[];
  /**
   * An in-process client over only the part of the backend this command needs (see server/parts/), for
   * quick commands that must not start every service. Closed with the command, like client().
   */
  serve<C extends ContractShape>(part: () => Promise<BackendPart<C>>): Promise<ContractClient<C>>;
}

export interface CommandDefinition<O extends Options> {
  name: string;
  /** The whole `--help` text; its first paragraph is the usage line shown under a usage mistake. */
  help: string;
  /** `--help`/`-h` is added. */
  options: O;
  /**
   * What the positionals may be: a number (exactly that many at most) with the sentence for more, or
   * 'any' when run() checks them itself.
   */
  positionals: { max: number; tooMany: string } | 'any';
  /** parseArgs reads "-5" as an option: set for commands whose positionals may be negative numbers. */
  negativePositionals?: boolean;
  /** For commands that run a program: splits Triage's options from the program's words before parsing. */
  splitCommand?: (argv: string[]) => { options: string[]; command: string[] };
  run(args: CommandArgs<O>, context: CommandContext): Promise<number>;
}

export interface Command {
  readonly help: string;
  run(argv: string[]): Promise<number>;
}

// Negative numbers travel through parseArgs under a marker so the command's own check answers them.
const NEGATIVE = 'negative-number:';

/**
 * One command's prologue, written once: parse (errors as a sentence), `--help`, the positional count,
 * the in-process runtime opened lazily and always closed. Exit status everywhere (see `triage --help`):
 * 0 done, 1 failed or found what was asked about, 2 a usage mistake. Backend failures are thrown as
 * TriageError and main() prints them the same way for every command.
 */
export function defineCommand<O extends Options>(definition: CommandDefinition<O>): Command {
  const options = { ...definition.options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>;
  return {
    help: definition.help,
    async run(argv) {
      const split = definition.splitCommand?.(argv) ?? { options: argv, command: [] };
      const input = definition.negativePositionals ? split.options.map((a) => (/^-\d+$/.test(a) ? `${NEGATIVE}${a}` : a)) : split.options;
      const args = parseCommandArgs(input, options);
      if (definition.negativePositionals) {
        args.positionals = args.positionals.map((p) => (p.startsWith(NEGATIVE) ? p.slice(NEGATIVE.length) : p));
      }
      if ((args.values as { help?: boolean }).help) {
        process.stdout.write(`${definition.help}\n`);
        return 0;
      }
      const limit = definition.positionals;
      if (limit !== 'any' && args.positionals.length > limit.max) {
        throw new TriageError('INVALID_INPUT', limit.tooMany.replace('{arg}', args.positionals[limit.max] ?? ''));
      }
      // Everything opened for the command, closed once it ends (after any open still in flight settles).
      const opened: Promise<{ close(): void } | null>[] = [];
      let client: ContractClient<Contract> | null = null;
      function open<T extends { close(): void }>(start: () => Promise<T>): Promise<T> {
        const opening = start();
        opened.push(opening.catch(() => null));
        return opening;
      }
      try {
        return await definition.run(args, {
          command: split.command,
          client(tuning) {
            if (client) return client;
            const runtime = open(() => import('./runtime.js').then((m) => m.openRuntime('cli', tuning)));
            client = markingFailures(deferredClient(runtime.then((r) => r.client)));
            return client;
          },
          async serve(part) {
            const [{ openPart }, loaded] = await Promise.all([import('./part-runtime.js'), part()]);
            return markingFailures((await open(async () => openPart(loaded))).client);
          },
        });
      } finally {
        for (const runtime of await Promise.all(opened)) runtime?.close();
      }
    },
  };
}

/** The same client, with every call that fails marked as the backend's (see backend-failure.ts). */
function markingFailures<C extends ContractShape>(client: ContractClient<C>): ContractClient<C> {
  return {
    call: (name, input) => client.call(name, input).catch((error: unknown) => Promise.reject(markBackendFailure(error))),
    subscribe: (name, input, handlers) => client.subscribe(name, input, handlers),
  };
}
