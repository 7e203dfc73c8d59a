import { TriageError } from '../contract/errors.js';
import { checkPastWindow } from '../snapshot/past-window.js';
import { parseTimeArg } from './time-arg.js';

export interface PastWindowArgs {
  from?: string;
  to?: string;
  duration?: string;
}

/**
 * `--from T [--to T]` in `triage ps --at`'s time syntax, or null when neither is given (a snapshot of the
 * next minutes). --to defaults to now; --to alone and --duration with --from are usage mistakes.
 */
export function pastWindowOf(args: PastWindowArgs, now: number = Date.now()): { from: number; to: number } | null {
  if (args.from === undefined) {
    if (args.to !== undefined) throw new TriageError('INVALID_INPUT', '--to needs --from: give the start of the recorded window too.');
    return null;
  }
  if (args.duration !== undefined) {
    throw new TriageError('INVALID_INPUT', '--duration is for watching from now; a recorded window takes --from and --to, not --duration.');
  }
  const from = parseTimeArg(args.from, now, '--from');
  const to = args.to === undefined ? now : parseTimeArg(args.to, now, '--to');
  if (to <= from) throw new TriageError('INVALID_INPUT', `--to must come after --from (${args.to ?? 'now'} is not after ${args.from}).`);
  // A window still to come is a mistake in the command line (exit 2), said in the backend's own sentence.
  checkPastWindow(from, to, now);
  return { from, to };
}
