import type { Unavailable } from '../observation.js';

/** A trip point of a thermal zone: the temperature at which the kernel acts (passive: slow the CPU; critical: power off). */
export interface TripPoint {
  type: string;
  tempC: number;
}

export interface ThermalZone {
  /** thermal_zoneN */
  name: string;
  /** What the zone measures: x86_pkg_temp, acpitz, cpu-thermal… */
  type: string;
  tempC: number;
  /** Enabled trip points only (a trip at 0 °C or below is a disabled one). */
  trips: TripPoint[];
}

/** Throttle events counted by the kernel since boot for one CPU (Intel's thermal_throttle counters). */
export interface ThrottleCount {
  cpu: number;
  core: number | null;
  package: number | null;
}

export interface CpuSpeed {
  cpu: number;
  curKHz: number;
  maxKHz: number;
  governor: string | null;
  /** intel_pstate / amd-pstate energy_performance_preference, when the driver has one. */
  energyPreference: string | null;
}

export interface PowerProfile {
  /** /sys/firmware/acpi/platform_profile: low-power, quiet, balanced, performance… */
  platformProfile: string | null;
  /** The distinct energy_performance_preference values across CPUs. */
  energyPreferences: string[];
}

export interface Battery {
  name: string;
  capacityPct: number;
  /** Charging, Discharging, Full, Not charging, Unknown: as the kernel says. */
  status: string;
  /** Time to empty at the present draw, when the battery reports energy (or charge) and power (or current). */
  minutesLeft: number | null;
}

export interface PowerSupplies {
  batteries: Battery[];
  /** true: an AC adapter is online; false: one exists and is offline; null: no adapter listed (a desktop). */
  acOnline: boolean | null;
}

/** One read of the hardware's own sensors and settings; each part says why it is missing when it is. */
export interface HardwareReading {
  time: number;
  thermal: ThermalZone[] | Unavailable;
  throttle: ThrottleCount[] | Unavailable;
  cpuSpeed: CpuSpeed[] | Unavailable;
  profile: PowerProfile | Unavailable;
  power: PowerSupplies | Unavailable;
}
