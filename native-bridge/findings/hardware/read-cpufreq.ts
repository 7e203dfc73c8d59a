import type { Unavailable } from '../observation.js';
import { cpuDirs, readAttr, readNumber, whyNotListed } from './sysfs.js';
import type { CpuSpeed, PowerProfile } from './types.js';

/** Each CPU's current and maximum speed from cpufreq (kHz), with its governor and energy preference. */
export function readCpuSpeeds(sysRoot: string): CpuSpeed[] | Unavailable {
  const cpus = cpuDirs(sysRoot);
  if (!Array.isArray(cpus)) return { unavailable: whyNotListed(cpus.errno, `${sysRoot}/devices/system/cpu`, 'no CPU list in sysfs') };
  const speeds = cpus.flatMap(({ cpu, dir }) => {
    const curKHz = readNumber(`${dir}/cpufreq/scaling_cur_freq`);
    const maxKHz = readNumber(`${dir}/cpufreq/cpuinfo_max_freq`);
    if (curKHz === null || maxKHz === null || maxKHz <= 0) return [];
    return [{ cpu, curKHz, maxKHz, governor: readAttr(`${dir}/cpufreq/scaling_governor`), energyPreference: readAttr(`${dir}/cpufreq/energy_performance_preference`) }];
  });
  if (speeds.length === 0) {
    return { unavailable: 'not present on this machine: the CPU speed is not exposed (no cpufreq: a virtual machine, or no frequency driver loaded)' };
  }
  return speeds;
}

/** The firmware's platform profile and the CPUs' energy preferences: the two places a power-saver setting shows. */
export function readPowerProfile(sysRoot: string, speeds: CpuSpeed[] | Unavailable): PowerProfile | Unavailable {
  const platformProfile = readAttr(`${sysRoot}/firmware/acpi/platform_profile`);
  const energyPreferences = Array.isArray(speeds) ? [...new Set(speeds.flatMap((s) => (s.energyPreference ? [s.energyPreference] : [])))] : [];
  if (platformProfile === null && energyPreferences.length === 0) {
    return { unavailable: 'not present on this machine: no platform profile (firmware/acpi/platform_profile) and no CPU energy preference' };
  }
  return { platformProfile, energyPreferences };
}
