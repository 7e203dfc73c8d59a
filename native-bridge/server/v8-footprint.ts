import { setFlagsFromString } from 'node:v8';

/*
 * What V8 keeps resident in a backend that samples at 1 Hz for hours (issue 16). Imported for this side effect
 * first thing in every entry that runs a backend (the CLI's entry, and backend.ts for Electron's main), before
 * the contract's schemas and the other modules are built. Neither can be a command-line flag: our entry is
 * `#!/usr/bin/env node`, NODE_OPTIONS is the user's, and Electron starts its own main process. V8 reads both
 * when it acts on them, so setting them at run time takes effect.
 *
 * - The young generation stays at its start size (1 MiB semi-spaces). V8 doubles the semi-spaces (up to 16 MiB
 *   each, 32 MiB resident) whenever many objects survive a scavenge, which loading our modules and a first page
 *   load cause, and never gives them back: 0 to 30 MiB of the backend, depending on the run. The feed allocates
 *   little per tick, so a small nursery costs a few more scavenges, not speed.
 * - No optimizing compiler. Once TurboFan compiles anything (module loading already does), its code in the node
 *   binary and its zones and optimized code stay resident for good: ~8 MiB of the web backend, which used less
 *   CPU without it (the 1 Hz feed is never hot enough to earn the compilation back). Hot work (a core analysis)
 *   runs in the interpreter and the baseline compiler instead, some 20-40 % slower.
 */
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--no-opt');
