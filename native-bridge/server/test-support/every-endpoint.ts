// For the "implements every endpoint" tests: each endpoint of a contract is called through the in-process
// transport (the CLI's: same envelope, validation and error shapes as IPC and WebSocket), and what comes
// back is returned for the test to check. The probe table is typed by the contract, so a new endpoint
// without a probe does not compile.
import { TriageError } from '../../contract/errors.js';
import type { ContractShape, Implementation } from '../../contract/define.js';
import { createInProcessClient } from '../transports/in-process.js';

/** What one endpoint answered: a valid output (or first stream message), or an error with its code and sentence. */
export type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string };

type LooseClient = {
  call(name: string, input: unknown): Promise<unknown>;
  subscribe(name: string, input: unknown, handlers: { next(m: unknown): void; error(e: { code: string; message: string }): void }): () => void;
};

function answerOf(error: unknown): Answer {
  if (error instanceof TriageError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'NOT_A_TRIAGE_ERROR', message: String(error) };
}

/**
 * Calls every endpoint with its probe input (a stream answers with its first message or its failure,
 * within `timeoutMs`). The transport validates inputs and outputs against the contract on both sides.
 */
export async function callEveryEndpoint<C extends ContractShape>(
  contract: C,
  implementation: Implementation<C>,
  probes: { readonly [K in keyof C]: unknown },
  timeoutMs = 30_000,
): Promise<Record<keyof C & string, Answer>> {
  const { client, close } = createInProcessClient(contract, implementation);
  const loose = client as unknown as LooseClient; // the probe inputs are checked by the transport, not by TypeScript
  const answers = {} as Record<keyof C & string, Answer>;
  try {
    for (const name of Object.keys(contract) as Array<keyof C & string>) {
      const input = probes[name];
      if (contract[name]!.kind === 'method') {
        answers[name] = await loose.call(name, input).then((value): Answer => ({ ok: true, value }), answerOf);
      } else {
        answers[name] = await new Promise<Answer>((resolve) => {
          const timer = setTimeout(() => resolve({ ok: false, code: 'NO_ANSWER', message: `no message within ${timeoutMs} ms` }), timeoutMs);
          const stop = loose.subscribe(name, input, {
            next: (value) => {
              clearTimeout(timer);
              stop();
              resolve({ ok: true, value });
            },
            error: (shape) => {
              clearTimeout(timer);
              resolve({ ok: false, code: shape.code, message: shape.message });
            },
          });
        });
      }
    }
  } finally {
    close();
  }
  return answers;
}

/** The answers as `name: CODE` (or `name: ok`), for one readable comparison. */
export function outcomes(answers: Record<string, Answer>): Record<string, string> {
  return Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.ok ? 'ok' : a.code]));
}
