import { readCpuSpeeds, readPowerProfile } from './read-cpufreq.js';
import { readPowerSupplies } from './read-power.js';
import { readThermalZones, readThrottleCounts } from './read-thermal.js';
import type { HardwareReading } from './types.js';

/**
 * One read of thermal zones, throttle counters, CPU speeds, power profile and power supplies under a sysfs
 * root: `/sys` on a real machine, a recorded tree in tests. A few dozen small files: cheap every few seconds.
 */
export function readHardware(sysRoot: string, time: number): HardwareReading {
  const cpuSpeed = readCpuSpeeds(sysRoot);
  return {
    time,
    thermal: readThermalZones(sysRoot),
    throttle: readThrottleCounts(sysRoot),
    cpuSpeed,
    profile: readPowerProfile(sysRoot, cpuSpeed),
    power: readPowerSupplies(sysRoot),
  };
}
