import { createInterface } from 'node:readline/promises';
import type { Contract, ContractClient } from '../contract/index.js';
import { TriageError } from '../contract/errors.js';
import type { ActionResult, ActionTarget, ProcessAction } from '../contract/processes.js';
import { formatActionResult, sanitizeForTerminal } from './format/processes.js';

export function targetLine(t: ActionTarget): string {
  return `${sanitizeForTerminal(t.name)} (pid ${t.pid}, user ${sanitizeForTerminal(t.user)}): ${sanitizeForTerminal(t.cmdline || `[${t.name}]`)}`;
}

/**
 * Asks on the terminal; refuses when there is none, so a script never acts without an explicit --yes.
 * The question goes to stderr, so stdout stays clean for whatever reads it.
 */
export async function confirmOnTerminal(command: string, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new TriageError(
      'REFUSED',
      `Refused: triage ${command} asks for confirmation and stdin is not a terminal; add --yes to confirm from a script. Nothing was done.`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question}\nProceed? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * The CLI's side of a process action, as the UI does it: identify the pid (binding the action to that
 * process's start time), ask, act through the contract, and print the backend's sentence. Exit 0 when
 * done, 1 when cancelled, refused or failed.
 */
export async function confirmAndAct(
  client: ContractClient<Contract>,
  request: { command: string; pid: number; action: ProcessAction; question: (target: string) => string; yes: boolean; force: boolean },
): Promise<number> {
  const target = await client.call('processes.identify', { pid: request.pid });
  if (!(await confirmOnTerminal(request.command, request.question(targetLine(target)), request.yes))) {
    process.stderr.write('Cancelled; nothing was done.\n');
    return 1;
  }
  const result: ActionResult = await client.call('processes.act', {
    pid: request.pid,
    startTime: target.startTime,
    action: request.action,
    ...(request.force ? { force: true } : {}),
  });
  (result.ok ? process.stdout : process.stderr).write(formatActionResult(result));
  return result.ok ? 0 : 1;
}
