import { interactiveGdbArgv } from '../../../native-bridge/common/core-gdb.js';
import { quoteForDisplay } from '../../app/shell-words.js';

/**
 * The interactive gdb on a core ("Continue in gdb") as copyable text for the user's own terminal: the
 * same argv the backend runs in Triage's terminal, quoted so paths with spaces survive.
 */
export function gdbCommandFor(core: string, exe: string): string {
  return quoteForDisplay(interactiveGdbArgv(core, exe));
}
