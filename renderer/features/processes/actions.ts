import type { IoClass, ProcessAction, SignalName } from '../../../native-bridge/contract/index.js';

export interface SignalAction {
  signal: SignalName;
  label: string;
  /** What it does, in the user's words (button tooltip and dialog). */
  effect: string;
  /** KeyboardEvent.key that triggers it while the table has focus, with Shift when `shift`. */
  key: string;
  shift?: boolean;
  /** Shown in the UI. */
  keyLabel: string;
  danger: boolean;
}

export const SIGNAL_ACTIONS: readonly SignalAction[] = [
  { signal: 'TERM', label: 'Terminate', effect: 'asks it to exit cleanly (it can save its work first)', key: 'Delete', keyLabel: 'Del', danger: true },
  { signal: 'KILL', label: 'Kill', effect: 'ends it at once; unsaved work is lost', key: 'Delete', shift: true, keyLabel: 'Shift+Del', danger: true },
  { signal: 'STOP', label: 'Stop', effect: 'pauses it until it is continued', key: 's', keyLabel: 'S', danger: false },
  { signal: 'CONT', label: 'Continue', effect: 'lets a stopped process run again', key: 'c', keyLabel: 'C', danger: false },
  { signal: 'HUP', label: 'Hang up', effect: 'tells it its terminal went away (many services reload their settings)', key: 'h', keyLabel: 'H', danger: false },
  { signal: 'INT', label: 'Interrupt', effect: 'the same as pressing Ctrl+C in its terminal', key: 'i', keyLabel: 'I', danger: false },
];

export const IO_CLASSES: ReadonlyArray<{ value: IoClass; label: string }> = [
  { value: 'best-effort', label: 'Best effort (normal)' },
  { value: 'idle', label: 'Idle (only when no one else needs the disk)' },
  { value: 'realtime', label: 'Realtime (needs administrator rights)' },
];

/** Keys documented in the UI; the table handles them while it has focus. */
export const KEYBOARD_HELP: ReadonlyArray<[string, string]> = [
  ['/ or Ctrl+F', 'filter'],
  ['↑ ↓ PgUp PgDn Home End', 'move'],
  ['Shift+↑ ↓', 'extend the selection'],
  ['Ctrl+click, Shift+click', 'add to the selection'],
  ['Ctrl+A', 'select all shown'],
  ['← →', 'collapse / expand (tree view)'],
  ...SIGNAL_ACTIONS.map((a): [string, string] => [a.keyLabel, a.label]),
  ['N', 'renice…'],
  ['Enter / Esc', 'confirm / cancel a dialog'],
];

/** Signals whose default action ends the process (what a program that does not handle them gets). */
const ENDS_BY_DEFAULT = new Set<SignalName>(['TERM', 'KILL', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'ABRT', 'ALRM']);

/**
 * Whether confirming may cost the user something: the dialog's button then has the danger colour.
 * The named actions keep the action bar's judgement; other signals are dangerous when they end the
 * process by default.
 */
export function isDangerous(request: ProcessAction): boolean {
  if (request.kind !== 'signal') return false;
  const known = SIGNAL_ACTIONS.find((a) => a.signal === request.signal);
  return known ? known.danger : ENDS_BY_DEFAULT.has(request.signal);
}

/**
 * The warning for signalling pid 1, shown in the dialog before anything is sent (null for other
 * targets or for renice/ionice, which the backend allows on init).
 */
export function initWarning(request: ProcessAction, targets: ReadonlyArray<{ pid: number; name: string }>): string | null {
  if (request.kind !== 'signal') return null;
  const init = targets.find((t) => t.pid === 1);
  if (!init) return null;
  const what = ENDS_BY_DEFAULT.has(request.signal)
    ? 'ending it ends everything else there: a machine shuts down or the kernel panics, a container stops'
    : request.signal === 'CONT' || request.signal === 'WINCH'
      ? 'it usually ignores this signal, but it is the process everything else depends on'
      : 'pausing it can freeze the whole machine or container';
  return `PID 1 (${init.name}) is the first process of this machine or container; ${what}. Triage refuses to signal PID 1 unless you then choose "Force anyway".`;
}

export function actionTitle(request: ProcessAction): string {
  switch (request.kind) {
    case 'signal': {
      const known = SIGNAL_ACTIONS.find((a) => a.signal === request.signal);
      return known ? `${known.label} (${request.signal})` : `Send signal ${request.signal}`;
    }
    case 'renice':
      return `Renice to ${request.nice}`;
    case 'ionice':
      return request.class === 'idle' ? 'Set I/O priority to idle' : `Set I/O priority to ${request.class} ${request.level}`;
  }
}

/** The sentence under the dialog's title. */
export function actionEffect(request: ProcessAction): string {
  switch (request.kind) {
    case 'signal': {
      const known = SIGNAL_ACTIONS.find((a) => a.signal === request.signal);
      return known ? `This ${known.effect}.` : `This sends the ${request.signal} signal; what it does depends on the program.`;
    }
    case 'renice':
      return request.nice < 0
        ? `Nice ${request.nice} gives it more CPU than normal processes (needs administrator rights).`
        : `Nice ${request.nice} gives it ${request.nice === 0 ? 'normal' : 'less'} CPU priority than ${request.nice === 0 ? 'usual' : 'normal processes'}.`;
    case 'ionice':
      return 'This changes how it competes with other processes for the disk.';
  }
}
