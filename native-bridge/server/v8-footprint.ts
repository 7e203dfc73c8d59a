import { setFlagsFromString } from 'node:v8';

/*
 * What V8 keeps resident in a backend that samples at 1 Hz for hours (issue 16). Imported for this side effect
 * first thing in the CLI's entry (so `triage web` and `triage record`), before the contract's schemas and the
 * other modules are built. Neither can be a command-line flag: our entry is `#!/usr/bin/env node` and
 * NODE_OPTIONS is the user's. V8 reads both when it acts on them, so setting them at run time takes effect.
 * Not imported by backend.ts: test workers and Electron's main import that, and tests must run at full speed
 * (Electron's main process is not measured here; it would take the same import where its binary runs).
 *
 * - The young generation stays at its start size (1 MiB semi-spaces). V8 doubles the semi-spaces (up to 16 MiB
 *   each, 32 MiB resident) whenever many objects survive a scavenge, which loading our modules and a first page
 *   load cause, and never gives them back: 0 to 30 MiB of the backend, depending on the run. The feed allocates
 *   little per tick, so a small nursery costs a few more scavenges, not speed.
 * - No optimizing compiler. Once TurboFan compiles anything (module loading already does), its code in the node
 *   binary and its zones and optimized code stay resident for good: ~8 MiB of the web backend, which used less
 *   CPU without it (the 1 Hz feed is rarely hot enough to earn the compilation back). Hot work runs in the
 *   interpreter and the baseline compiler instead: a core analysis some 20-40 % slower, a process-table read at
 *   +1,000 processes about 20 % (10.9-13.6 against 8.5-11.4 ms, interleaved runs).
 * - The old generation is collected at live + ~2 MiB instead of live + 8 MiB. With a 1 MiB nursery the feed's
 *   per-tick data (kept until the next tick) is promoted, ~100 KiB/s of garbage into the old generation, and
 *   V8 let it pile up 8 MiB (its minimum step) above the live ~15 MiB before a full collection. Optimize-for-size
 *   makes that step 2 MiB, and the growing percent keeps the factor (up to 1.3 in that mode) from taking over.
 *   Web backend with the dashboard open, interleaved runs: RSS median -1.7 to -2.3 MiB, peak -4.3 to -5.3;
 *   backend CPU at 1 Hz unchanged within noise (1.15/1.65/1.76 % against 1.2/1.75/1.7 % of a core).
 * - Code that stopped running is dropped sooner, baseline code included. V8 drops a function's bytecode after
 *   five full collections without a call (here two: at ~70 s between them at rest, some 3.5 minutes instead of
 *   7), but never the code of its baseline compiler, which keeps the bytecode alive with it: building the
 *   contract's schemas, resolving modules and the first page load left ~1.2 MiB of baseline code (and its
 *   bytecode and feedback) for good. A function called again is compiled again (microseconds; what runs at
 *   every tick or every few seconds is never two collections old). Interleaved runs, dashboard open 5 minutes:
 *   RSS -1.1 to -2.9 MiB (median of the last minute), backend CPU unchanged (1.21/1.18 against 1.26/1.18 %).
 */
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--no-opt');
setFlagsFromString('--optimize-for-size');
setFlagsFromString('--heap-growing-percent=5');
setFlagsFromString('--flush-baseline-code');
setFlagsFromString('--bytecode-old-age=2');
