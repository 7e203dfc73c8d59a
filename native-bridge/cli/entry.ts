// First, before anything else is built: V8's footprint for a long-running backend (v8-footprint.ts says why).
import '../server/v8-footprint.js';
import { main } from './main.js';

// If the event loop empties while a command is still awaiting something, Node would exit 0 silently:
// make that a visible failure instead.
let finished = false;
process.exitCode = 70;
process.on('exit', () => {
  if (!finished) process.stderr.write('triage: internal error: the command stopped before finishing\n');
});

// Exit explicitly once stdout has drained: a finished command must not linger on a stray handle.
main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    finished = true;
    process.stderr.write(`triage: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  },
);
