import type { Unavailable } from '../observation.js';
import { cpuDirs, listDir, readAttr, readNumber, whyNotListed } from './sysfs.js';
import type { ThermalZone, ThrottleCount, TripPoint } from './types.js';

/** Thermal zones under class/thermal, with their enabled trip points (temperatures are in millidegrees). */
export function readThermalZones(sysRoot: string): ThermalZone[] | Unavailable {
  const base = `${sysRoot}/class/thermal`;
  const names = listDir(base);
  if (!Array.isArray(names)) return { unavailable: whyNotListed(names.errno, base, `no ${base}`) };
  const zones: ThermalZone[] = [];
  for (const name of names.filter((n) => /^thermal_zone\d+$/.test(n)).sort((a, b) => zoneNumber(a) - zoneNumber(b))) {
    const dir = `${base}/${name}`;
    const milli = readNumber(`${dir}/temp`);
    // A disabled zone (mode "disabled") or one whose sensor fails on read says nothing about heat.
    if (milli === null || readAttr(`${dir}/mode`) === 'disabled') continue;
    zones.push({ name, type: readAttr(`${dir}/type`) ?? name, tempC: milli / 1000, trips: readTrips(dir) });
  }
  if (zones.length === 0) return { unavailable: `not present on this machine: no readable thermal zone under ${base}` };
  return zones;
}

const zoneNumber = (name: string): number => Number(name.slice('thermal_zone'.length));

function readTrips(dir: string): TripPoint[] {
  const entries = listDir(dir);
  if (!Array.isArray(entries)) return [];
  const trips: TripPoint[] = [];
  for (const entry of entries) {
    const m = /^trip_point_(\d+)_temp$/.exec(entry);
    if (!m) continue;
    const milli = readNumber(`${dir}/${entry}`);
    const type = readAttr(`${dir}/trip_point_${m[1]}_type`);
    // x86_pkg_temp lists trips at 0 until something programs them: those are off, not "0 °C".
    if (milli === null || milli <= 0 || type === null) continue;
    trips.push({ type, tempC: milli / 1000 });
  }
  return trips.sort((a, b) => a.tempC - b.tempC);
}

/** Intel's per-CPU thermal_throttle counters (events since boot); absent on AMD, ARM and virtual machines. */
export function readThrottleCounts(sysRoot: string): ThrottleCount[] | Unavailable {
  const cpus = cpuDirs(sysRoot);
  if (!Array.isArray(cpus)) return { unavailable: whyNotListed(cpus.errno, `${sysRoot}/devices/system/cpu`, 'no CPU list in sysfs') };
  const counts = cpus.flatMap(({ cpu, dir }) => {
    const core = readNumber(`${dir}/thermal_throttle/core_throttle_count`);
    const pkg = readNumber(`${dir}/thermal_throttle/package_throttle_count`);
    return core === null && pkg === null ? [] : [{ cpu, core, package: pkg }];
  });
  if (counts.length === 0) {
    return { unavailable: 'not present on this machine: the CPUs have no thermal_throttle counters (Intel CPUs on real hardware have them)' };
  }
  return counts;
}
