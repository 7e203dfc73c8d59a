import type { IoClass, SignalName } from '../../../native-bridge/contract/index.js';

export type ActionRequest =
  | { kind: 'signal'; signal: SignalName }
  | { kind: 'renice'; nice: number }
  | { kind: 'ionice'; ioClass: IoClass; level: number };

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

export function actionTitle(request: ActionRequest): string {
  switch (request.kind) {
    case 'signal': {
      const known = SIGNAL_ACTIONS.find((a) => a.signal === request.signal);
      return known ? `${known.label} (${request.signal})` : `Send signal ${request.signal}`;
    }
    case 'renice':
      return `Renice to ${request.nice}`;
    case 'ionice':
      return request.ioClass === 'idle' ? 'Set I/O priority to idle' : `Set I/O priority to ${request.ioClass} ${request.level}`;
  }
}

/** The sentence under the dialog's title. */
export function actionEffect(request: ActionRequest): string {
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
