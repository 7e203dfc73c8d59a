import type { SignalName } from '../contract/processes.js';

/** Plain sentences for every outcome of an action, in one place so the UI and CLI say the same thing. */

export const label = (name: string, pid: number): string => `${name} (pid ${pid})`;

const SIGNAL_DONE: Partial<Record<SignalName, string>> = {
  TERM: 'Asked {t} to terminate (TERM).',
  KILL: 'Killed {t} (KILL).',
  STOP: 'Stopped {t} (STOP); continue it to let it run again.',
  CONT: 'Continued {t} (CONT).',
  HUP: 'Sent hang-up (HUP) to {t}.',
  INT: 'Interrupted {t} (INT).',
};

export function signalDone(signal: SignalName, target: string): string {
  return (SIGNAL_DONE[signal] ?? `Sent ${signal} to {t}.`).replace('{t}', target);
}

export const alreadyExited = (pid: number): string => `Process ${pid} already exited, so nothing was done.`;

export const pidReused = (pid: number, nowName: string): string =>
  `Process ${pid} is not the one you selected: that one exited and the number now belongs to ${nowName}. Nothing was done.`;

export function protectedSentence(kind: 'init' | 'self' | 'ancestor' | 'own-child', target: string): string {
  const why = {
    init: `${target} is the system's init process: stopping or ending it takes the whole machine down.`,
    self: `${target} is Triage itself.`,
    ancestor: `${target} is a parent of Triage (its terminal, session or launcher): this would likely end Triage too.`,
    'own-child': `${target} is one of Triage's own processes.`,
  }[kind];
  // The same sentence reaches the UI and the CLI: name both ways to force, each as the user sees it.
  return `${why} Refused; nothing was done. Force it only if you really mean it: "Force anyway…" in Triage, or --force on the command line.`;
}

export const otherUser = (target: string, owner: string, what: string, command: string): string =>
  `${target} belongs to another user: ${owner}. ${what} needs administrator rights; you can run: ${command}`;

export const notAllowed = (target: string, what: string, command: string): string =>
  `The system does not let Triage do this to ${target} (it runs with other privileges). ${what} needs administrator rights; you can run: ${command}`;

export const raisePriority = (target: string, nice: number, current: number, command: string): string =>
  `Raising the priority of ${target} (nice ${nice}, below its current ${current}) needs administrator rights; you can run: ${command}`;

export const invalidArgument = (target: string, what: string): string => `The system rejected ${what} for ${target} as invalid.`;

export const toolMissing = (tool: string, pkg: string): string =>
  `The ${tool} program is not installed; install it with: sudo apt-get install ${pkg}`;
