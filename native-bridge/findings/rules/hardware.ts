import { formatDuration, plural } from '../../common/format/index.js';
import type { Evidence } from '../../contract/findings.js';
import type { HardwareReading, ThermalZone, ThrottleCount } from '../hardware/types.js';
import { isUnavailable, type Observation } from '../observation.js';
import { percent } from '../words.js';
import { average, recentSamples, type Condition, type RuleResult, type Rule, SERIES_POINTS } from './rule.js';

/** Throttle events are counted over this window. */
const THROTTLE_WINDOW_MS = 60_000;
/** A CPU below this busy share may run slowly on purpose: only a busy CPU held low is a problem. */
const BUSY_MIN = 70;
/** Settings that keep the CPU slow to save power. */
const SAVER_PROFILES = new Set(['low-power', 'quiet', 'cool']);
const SAVER_PREFERENCES = new Set(['power']);

const NO_READING = { collecting: 'the hardware sensors have not been read yet' } as const;

const busyNow = (obs: Observation): number | null => {
  const samples = recentSamples(obs.system, 10_000, obs.now);
  return samples.length === 0 ? null : average(samples.map((s) => s.cpu.total.busy));
};

const ghz = (kHz: number): string => `${(kHz / 1e6).toFixed(2)} GHz`;
const celsius = (c: number): string => `${Math.round(c)} °C`;

/** The lowest trip at which the kernel starts cooling by slowing down (passive, or hot where there is no passive). */
const coolingTrip = (zone: ThermalZone) => zone.trips.find((t) => t.type === 'passive') ?? zone.trips.find((t) => t.type === 'hot') ?? null;
const criticalTrip = (zone: ThermalZone) => zone.trips.find((t) => t.type === 'critical') ?? null;

const total = (counts: readonly ThrottleCount[]): number => counts.reduce((sum, c) => sum + (c.core ?? 0) + (c.package ?? 0), 0);

/** Throttle events between the oldest reading of the window and the newest, and which CPUs had them. */
function throttleRise(readings: readonly HardwareReading[], now: number): { events: number; cpus: number[]; overMs: number } | null {
  const usable = readings.filter((r) => now - r.time <= THROTTLE_WINDOW_MS && !isUnavailable(r.throttle));
  const first = usable[0];
  const last = usable.at(-1);
  if (!first || !last || first === last) return null;
  const before = new Map((first.throttle as ThrottleCount[]).map((c) => [c.cpu, (c.core ?? 0) + (c.package ?? 0)]));
  const cpus = (last.throttle as ThrottleCount[]).filter((c) => (c.core ?? 0) + (c.package ?? 0) > (before.get(c.cpu) ?? Infinity)).map((c) => c.cpu);
  // Counters only grow; a smaller total means the counters were reset (CPU hot-plug): no rise to claim.
  const events = Math.max(0, total(last.throttle as ThrottleCount[]) - total(first.throttle as ThrottleCount[]));
  return { events, cpus, overMs: last.time - first.time };
}

export const thermalThrottling: Rule = {
  id: 'thermal-throttling',
  evaluate(obs, th): RuleResult {
    const last = obs.hardware.at(-1);
    if (!last) return NO_READING;
    if (isUnavailable(last.thermal) && isUnavailable(last.throttle)) {
      return { unavailable: `${last.thermal.unavailable}; ${last.throttle.unavailable.replace(/^not present on this machine: /, '')}` };
    }
    const zones = isUnavailable(last.thermal) ? [] : last.thermal;
    const hot = zones.filter((z) => {
      const trip = coolingTrip(z);
      return trip !== null && z.tempC >= trip.tempC;
    });
    const nearCritical = zones.filter((z) => {
      const trip = criticalTrip(z);
      return trip !== null && z.tempC >= trip.tempC - th.serious;
    });
    const rise = isUnavailable(last.throttle) ? null : throttleRise(obs.hardware, obs.now);
    if (rise === null && isUnavailable(last.thermal)) return { collecting: 'the throttle counters need two readings to show a rise' };
    const throttled = rise !== null && rise.events >= th.warn;
    if (hot.length === 0 && nearCritical.length === 0 && !throttled) return [];
    const parts: string[] = [];
    for (const z of nearCritical) parts.push(`${z.type} is at ${celsius(z.tempC)}, close to its critical ${celsius(criticalTrip(z)?.tempC ?? 0)} where the machine powers off`);
    for (const z of hot.filter((h) => !nearCritical.includes(h))) parts.push(`${z.type} is at ${celsius(z.tempC)}, at or above its ${celsius(coolingTrip(z)?.tempC ?? 0)} cooling trip point`);
    if (throttled && rise) {
      parts.push(`the CPU was throttled ${plural(rise.events, 'time')} in the last ${formatDuration(rise.overMs)} (${rise.cpus.length === 1 ? 'CPU' : 'CPUs'} ${rise.cpus.join(', ')})`);
    }
    // The zone the sentence is about first; else the hottest.
    const hottest = nearCritical[0] ?? hot[0] ?? [...zones].sort((a, b) => b.tempC - a.tempC)[0];
    const evidence: Evidence[] = [
      ...(rise ? [{ label: 'throttle events in the last minute', value: rise.events, unit: 'count' as const, threshold: th.warn }] : []),
      ...(hottest ? [{ label: `${hottest.type} temperature`, value: hottest.tempC, unit: 'celsius' as const, threshold: coolingTrip(hottest)?.tempC ?? null }] : []),
    ];
    const condition: Condition = {
      key: 'thermal-throttling',
      latch: { severity: nearCritical.length > 0 ? 'serious' : 'warning', lastingMs: 0 },
      sentence: `The CPU is slowed down to cool off: ${parts.join('; ')}. Check the fan and the air vents, and what keeps the CPU busy.`,
      evidence,
      series: obs.hardware.slice(-SERIES_POINTS).map((r) => (isUnavailable(r.thermal) ? 0 : Math.max(...r.thermal.map((z) => z.tempC)))),
      culprits: [],
      next: { label: 'Open Processes sorted by CPU', view: 'processes', target: null },
    };
    return [condition];
  },
};

export const cpuSlow: Rule = {
  id: 'cpu-slow',
  evaluate(obs, th): RuleResult {
    const last = obs.hardware.at(-1);
    if (!last) return NO_READING;
    if (isUnavailable(last.cpuSpeed)) return last.cpuSpeed;
    const busy = busyNow(obs);
    if (busy === null) return { collecting: 'no system sample yet' };
    if (busy < BUSY_MIN) return [];
    const speeds = last.cpuSpeed;
    const share = average(speeds.map((s) => (s.curKHz / s.maxKHz) * 100));
    if (share >= th.warn) return [];
    const cur = average(speeds.map((s) => s.curKHz));
    const max = Math.max(...speeds.map((s) => s.maxKHz));
    const governors = [...new Set(speeds.flatMap((s) => (s.governor ? [s.governor] : [])))];
    return [
      {
        key: 'cpu-slow',
        latch: { severity: share < th.serious ? 'serious' : 'warning', lastingMs: 0 },
        sentence: `The CPU runs at ${ghz(cur)}, ${percent(share)} of its ${ghz(max)} maximum, while ${percent(busy)} busy: something holds it back (heat, a power limit or a power-saving setting${
          governors.length > 0 ? `; governor ${governors.join(', ')}` : ''
        }).`,
        evidence: [
          { label: 'CPU speed, % of maximum', value: share, unit: 'percent', threshold: th.warn },
          { label: 'CPU busy', value: busy, unit: 'percent', threshold: BUSY_MIN },
        ],
        series: obs.hardware.slice(-SERIES_POINTS).map((r) => (isUnavailable(r.cpuSpeed) ? 0 : average(r.cpuSpeed.map((s) => (s.curKHz / s.maxKHz) * 100)))),
        culprits: [],
        next: { label: 'Open Processes sorted by CPU', view: 'processes', target: null },
      },
    ];
  },
};

export const powerSaver: Rule = {
  id: 'power-saver',
  evaluate(obs, th): RuleResult {
    const last = obs.hardware.at(-1);
    if (!last) return NO_READING;
    if (isUnavailable(last.profile)) return last.profile;
    // Without a power-supply list the machine's power source is unknown: it cannot be judged "on AC".
    if (isUnavailable(last.power)) return { unavailable: `cannot tell whether the machine runs on AC power (${last.power.unavailable})` };
    const onBattery = last.power.acOnline === false || (last.power.acOnline === null && last.power.batteries.some((b) => b.status === 'Discharging'));
    if (onBattery) return [];
    const { platformProfile, energyPreferences } = last.profile;
    const saverProfile = platformProfile !== null && SAVER_PROFILES.has(platformProfile);
    const saverPreference = energyPreferences.some((p) => SAVER_PREFERENCES.has(p));
    if (!saverProfile && !saverPreference) return [];
    const busy = busyNow(obs);
    const settings = [
      ...(saverProfile ? [`platform profile "${platformProfile}"`] : []),
      ...(saverPreference ? [`CPU energy preference "${energyPreferences.join('", "')}"`] : []),
    ];
    const source = last.power.acOnline === null ? 'the machine runs on mains power (it has no AC adapter listed)' : 'the machine is on AC power';
    return [
      {
        key: 'power-saver',
        latch: { severity: busy !== null && busy >= th.warn ? 'warning' : 'info', lastingMs: 0 },
        sentence: `A power-saving setting is on (${settings.join(' and ')}) while ${source}: the CPU is kept slow${
          busy !== null ? ` (${percent(busy)} busy now)` : ''
        }. Choose "balanced" or "performance" in the power settings if speed matters.`,
        evidence: busy === null ? [] : [{ label: 'CPU busy', value: busy, unit: 'percent', threshold: th.warn }],
        series: [],
        culprits: [],
        next: null,
      },
    ];
  },
};

export const batteryLow: Rule = {
  id: 'battery-low',
  evaluate(obs, th): RuleResult {
    const last = obs.hardware.at(-1);
    if (!last) return NO_READING;
    if (isUnavailable(last.power)) return last.power;
    if (last.power.batteries.length === 0) return { unavailable: 'not present on this machine: no battery under class/power_supply' };
    return last.power.batteries
      .filter((b) => b.status === 'Discharging' && b.capacityPct <= th.warn)
      .map((b) => {
        const left = b.minutesLeft !== null ? `, about ${formatDuration(b.minutesLeft * 60_000)} left at this draw` : '';
        return {
          key: `battery-low:${b.name}`,
          latch: { severity: b.capacityPct <= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
          sentence: `Battery ${b.name} is at ${percent(b.capacityPct)} and discharging${last.power && !isUnavailable(last.power) && last.power.acOnline === false ? ' (the charger is not connected)' : ''}${left}: plug in the charger or save your work.`,
          evidence: [
            { label: 'battery charge', value: b.capacityPct, unit: 'percent' as const, threshold: th.warn },
            ...(b.minutesLeft !== null ? [{ label: 'time left', value: b.minutesLeft * 60, unit: 'seconds' as const, threshold: null }] : []),
          ],
          series: obs.hardware.slice(-SERIES_POINTS).flatMap((r) => (isUnavailable(r.power) ? [] : r.power.batteries.filter((x) => x.name === b.name).map((x) => x.capacityPct))),
          culprits: [],
          next: null,
        };
      });
  },
};
