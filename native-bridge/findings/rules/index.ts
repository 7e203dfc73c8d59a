import { recentCrash } from './crashes.js';
import { cpuHog, cpuSaturated, loadDiskWait } from './cpu.js';
import { diskFull, ioSaturated } from './disk.js';
import { batteryLow, cpuSlow, powerSaver, thermalThrottling } from './hardware.js';
import { logGrowing } from './log-growing.js';
import { oomKill, segfault } from './kernel-events.js';
import { memoryLow, memoryPressure, swapStorm } from './memory.js';
import { stoppedProcess, zombies } from './process-state.js';
import { memoryLeak } from './leak.js';
import type { Rule } from './rule.js';
import { SOCKET_RULES } from './sockets.js';
import { clockUnsynced, unitFailed, unitRestarting } from './system-state.js';

/** Every rule, in the order checks are listed. */
export const RULES: readonly Rule[] = [
  cpuSaturated, cpuHog, loadDiskWait, memoryPressure, memoryLow, memoryLeak, swapStorm, diskFull, ioSaturated, logGrowing, stoppedProcess, zombies, oomKill, segfault, recentCrash,
  thermalThrottling, cpuSlow, powerSaver, batteryLow, clockUnsynced, unitFailed, unitRestarting,
  ...SOCKET_RULES,
];
