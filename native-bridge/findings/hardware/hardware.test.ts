/**
 * Hardware findings on sysfs trees laid out as real machines' (test-support/fixtures/sysfs, see its README:
 * this VM has no thermal zones, cpufreq, throttle counters or battery), and on this machine's own /sys,
 * where every hardware check must say "not present on this machine", never "passed".
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsReport, RuleId } from '../../contract/findings.js';
import { FindingsEngine } from '../engine.js';
import { observation, sample } from '../test-support/observations.js';
import { readHardware } from './read-hardware.js';
import type { HardwareReading } from './types.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-support', 'fixtures', 'sysfs');
const HARDWARE_RULES: RuleId[] = ['thermal-throttling', 'cpu-slow', 'power-saver', 'battery-low'];
const T0 = 1_000_000;

/** A private copy of a recorded tree, so a test can change a counter as the kernel would. */
function copyOf(name: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'triage-sysfs-')), name);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  return root;
}

/**
 * Runs the engine once a second for `seconds`, reading the tree every 5 s as the service does; `during`
 * may change the tree at a given second (a counter rising).
 */
function watch(root: string, seconds: number, busy: number, during: (second: number) => void = () => undefined): FindingsReport {
  const engine = new FindingsEngine();
  const readings: HardwareReading[] = [];
  let report: FindingsReport | null = null;
  for (let s = 0; s <= seconds; s++) {
    const now = T0 + s * 1000;
    during(s);
    if (s % 5 === 0) readings.push(readHardware(root, now));
    report = engine.evaluate({ ...observation(now), startedAt: T0, system: [sample(now, { busy })], hardware: [...readings] });
  }
  return report as FindingsReport;
}

const finding = (r: FindingsReport, rule: RuleId) => r.findings.find((f) => f.rule === rule);
const check = (r: FindingsReport, rule: RuleId) => r.checks.find((c) => c.rule === rule);

describe('readers on a recorded tree', () => {
  it('reads zones (disabled zones and trips at 0 left out), throttle counters, speeds, profile and supplies', () => {
    const h = readHardware(join(FIXTURES, 'throttled-laptop'), T0);
    expect(h.thermal).toEqual([
      { name: 'thermal_zone0', type: 'acpitz', tempC: 62, trips: [{ type: 'critical', tempC: 128 }] },
      { name: 'thermal_zone1', type: 'x86_pkg_temp', tempC: 99, trips: [] },
      { name: 'thermal_zone2', type: 'TCPU', tempC: 99, trips: [{ type: 'passive', tempC: 95 }, { type: 'critical', tempC: 105 }] },
    ]);
    expect(h.throttle).toEqual([0, 1, 2, 3].map((cpu) => ({ cpu, core: [1843, 1790, 1911, 1802][cpu], package: 2210 })));
    expect(Array.isArray(h.cpuSpeed) && h.cpuSpeed.map((s) => [s.curKHz, s.maxKHz, s.governor])).toEqual(Array(4).fill([800000, 4700000, 'powersave']));
    expect(h.profile).toEqual({ platformProfile: 'balanced', energyPreferences: ['balance_performance'] });
    expect(h.power).toEqual({ acOnline: true, batteries: [{ name: 'BAT0', capacityPct: 80, status: 'Charging', minutesLeft: expect.any(Number) }] });
  });

  it('leaves a mouse battery out and works out the time left from energy and power', () => {
    const h = readHardware(join(FIXTURES, 'laptop-on-battery'), T0);
    expect(h.power).toEqual({ acOnline: false, batteries: [{ name: 'BAT0', capacityPct: 5, status: 'Discharging', minutesLeft: 15 }] });
  });
});

describe('a hot laptop that throttles', () => {
  it('is slowed by heat once the throttle counters rise, naming the zone past its trip and the CPUs', () => {
    const root = copyOf('throttled-laptop');
    const bump = (s: number) => {
      if (s === 7) for (const cpu of [0, 2]) writeFileSync(join(root, `devices/system/cpu/cpu${cpu}/thermal_throttle/core_throttle_count`), '2000\n');
    };
    const report = watch(root, 30, 95, bump);
    const heat = finding(report, 'thermal-throttling');
    expect(heat?.severity).toBe('warning');
    expect(heat?.sentence).toMatch(/TCPU is at 99 °C, at or above its 95 °C cooling trip point; the CPU was throttled 246 times in the last 30 s \(CPUs 0, 2\)/);
    expect(heat?.evidence.map((e) => [e.label, e.value, e.unit])).toEqual([
      ['throttle events in the last minute', 246, 'count'],
      ['TCPU temperature', 99, 'celsius'],
    ]);
  });

  it('a zone past its trip with counters standing still is still a finding; a cool zone with standing counters passes', () => {
    expect(finding(watch(copyOf('throttled-laptop'), 12, 95), 'thermal-throttling')?.sentence).not.toMatch(/throttled/);
    const cool = watch(join(FIXTURES, 'laptop-on-battery'), 12, 10);
    expect(check(cool, 'thermal-throttling')?.status).toBe('passed');
  });

  it('within 5 °C of the critical trip is serious', () => {
    const root = copyOf('throttled-laptop');
    writeFileSync(join(root, 'class/thermal/thermal_zone2/temp'), '101000\n');
    expect(finding(watch(root, 12, 95), 'thermal-throttling')?.severity).toBe('serious');
  });

  it('a busy CPU held at 17 % of its maximum speed is serious after 30 s, not before; an idle slow CPU is not', () => {
    const root = join(FIXTURES, 'throttled-laptop');
    expect(finding(watch(root, 25, 95), 'cpu-slow')).toBeUndefined();
    const slow = finding(watch(root, 31, 95), 'cpu-slow');
    expect(slow?.severity).toBe('serious');
    expect(slow?.sentence).toMatch(/^The CPU runs at 0\.80 GHz, 17% of its 4\.70 GHz maximum, while 95% busy.*governor powersave/);
    expect(check(watch(root, 31, 30), 'cpu-slow')?.status).toBe('passed');
  });
});

describe('power', () => {
  it('a laptop unplugged at 5 % is serious, with the time left; its low-power profile is right on battery', () => {
    const report = watch(join(FIXTURES, 'laptop-on-battery'), 11, 10);
    const battery = finding(report, 'battery-low');
    expect(battery?.severity).toBe('serious');
    expect(battery?.sentence).toBe('Battery BAT0 is at 5% and discharging (the charger is not connected), about 15 min left at this draw: plug in the charger or save your work.');
    expect(report.findings.map((f) => f.rule)).toEqual(['battery-low']);
    expect(check(report, 'power-saver')?.status).toBe('passed');
  });

  it('at 12 % it is worth a look; at 20 %, or charging, it is not', () => {
    const root = copyOf('laptop-on-battery');
    writeFileSync(join(root, 'class/power_supply/BAT0/capacity'), '12\n');
    expect(finding(watch(root, 11, 10), 'battery-low')?.severity).toBe('warning');
    writeFileSync(join(root, 'class/power_supply/BAT0/capacity'), '20\n');
    expect(finding(watch(root, 11, 10), 'battery-low')).toBeUndefined();
    writeFileSync(join(root, 'class/power_supply/BAT0/capacity'), '4\n');
    writeFileSync(join(root, 'class/power_supply/BAT0/status'), 'Charging\n');
    expect(finding(watch(root, 11, 10), 'battery-low')).toBeUndefined();
  });

  it('a desktop on mains left on the "power" energy preference: worth a look when busy, info when idle', () => {
    const root = join(FIXTURES, 'desktop-power-saver');
    const busy = finding(watch(root, 11, 80), 'power-saver');
    expect(busy?.severity).toBe('warning');
    expect(busy?.sentence).toMatch(/A power-saving setting is on \(CPU energy preference "power"\) while the machine runs on mains power/);
    expect(finding(watch(root, 11, 5), 'power-saver')?.severity).toBe('info');
    expect(finding(watch(root, 9, 80), 'power-saver')).toBeUndefined();
    const report = watch(root, 11, 80);
    expect(check(report, 'battery-low')).toMatchObject({ status: 'unavailable', why: expect.stringMatching(/^not present on this machine: no battery/) });
    // Zones but no throttle counters (an AMD CPU): the heat can still be judged from the zones.
    expect(check(report, 'thermal-throttling')?.status).toBe('passed');
  });
});

describe('this machine', () => {
  it('every hardware check this machine lacks says "not present on this machine", never "passed"', () => {
    const has = {
      'thermal-throttling': existsSync('/sys/class/thermal') && readdirSync('/sys/class/thermal').some((n) => n.startsWith('thermal_zone')),
      'cpu-slow': existsSync('/sys/devices/system/cpu/cpu0/cpufreq'),
      'power-saver': existsSync('/sys/firmware/acpi/platform_profile') || existsSync('/sys/devices/system/cpu/cpu0/cpufreq/energy_performance_preference'),
      'battery-low': existsSync('/sys/class/power_supply') && readdirSync('/sys/class/power_supply').some((n) => n.startsWith('BAT')),
    };
    const report = watch('/sys', 0, 10);
    const missing = HARDWARE_RULES.filter((rule) => !has[rule as keyof typeof has]);
    // On the build machine (a VM) this is all four; elsewhere the rest are judged for real.
    for (const rule of missing) expect(check(report, rule)).toMatchObject({ status: 'unavailable', why: expect.stringMatching(/^not present on this machine: /) });
    expect(missing.length + HARDWARE_RULES.filter((r) => has[r as keyof typeof has]).length).toBe(4);
  });
});
