import { formatDuration, formatTimestamp, plural } from '../../common/format/index.js';
import { isUnavailable } from '../observation.js';
import type { UnitsReading } from '../system-state/systemd.js';
import type { Rule, RuleResult } from './rule.js';

/** Restarts are counted over this window. */
export const RESTART_WINDOW_MS = 10 * 60_000;

export const clockUnsynced: Rule = {
  id: 'clock-unsynced',
  evaluate(obs): RuleResult {
    if (obs.clock === null) return { collecting: 'the clock status has not been read yet' };
    if (isUnavailable(obs.clock)) return obs.clock;
    const c = obs.clock;
    if (c.synchronised) return [];
    const how =
      c.via === 'timedatectl'
        ? `timedatectl says NTPSynchronized=no${c.ntpEnabled === false ? ' and no time service is enabled (NTP=no)' : ''}`
        : `the kernel's STA_UNSYNC flag is set${c.maxErrorMs !== null ? ` and its error estimate is ${formatDuration(c.maxErrorMs)}` : ''}: no time service (systemd-timesyncd, chrony, ntpd) is setting it`;
    return [
      {
        key: 'clock-unsynced',
        latch: { severity: 'warning', lastingMs: 0 },
        sentence: `The system clock is not synchronised with a time server (${how}). It may drift: log times, certificates, builds and anything compared across machines depend on it.`,
        evidence: c.maxErrorMs === null ? [] : [{ label: 'kernel clock error estimate', value: c.maxErrorMs / 1000, unit: 'seconds', threshold: null }],
        series: [],
        culprits: [],
        next: null,
      },
    ];
  },
};

const latestUnits = (units: UnitsReading[] | null): UnitsReading | null => units?.at(-1) ?? null;

export const unitFailed: Rule = {
  id: 'unit-failed',
  evaluate(obs): RuleResult {
    if (obs.units === null) return { collecting: 'the systemd units have not been read yet' };
    if (isUnavailable(obs.units)) return obs.units;
    const last = latestUnits(obs.units);
    if (!last) return { collecting: 'the systemd units have not been read yet' };
    return last.failed.map((u) => ({
      key: `unit-failed:${u.unit}`,
      // The unit's own failure time dates the finding: it failed before Triage looked.
      latch: { severity: 'warning' as const, lastingMs: u.sinceMs === null ? 0 : Math.max(0, obs.now - u.sinceMs) },
      sentence: `The systemd unit ${u.unit}${u.description ? ` (${u.description})` : ''} has failed${u.sinceMs !== null ? ` since ${formatTimestamp(u.sinceMs)}` : ''}${
        u.result ? ` (${u.result})` : ''
      }. Its log: journalctl -u ${u.unit}; start it again: systemctl restart ${u.unit}.`,
      evidence: [],
      series: [],
      culprits: [],
      next: null,
    }));
  },
};

export const unitRestarting: Rule = {
  id: 'unit-restarting',
  evaluate(obs, th): RuleResult {
    if (obs.units === null) return { collecting: 'the systemd units have not been read yet' };
    if (isUnavailable(obs.units)) return obs.units;
    const window = obs.units.filter((r) => obs.now - r.time <= RESTART_WINDOW_MS);
    const first = window[0];
    const last = window.at(-1);
    if (!first || !last) return { collecting: 'the systemd units have not been read yet' };
    const before = new Map(first.services.map((s) => [s.id, s.nRestarts]));
    const restarting = last.services.flatMap((s) => {
      const was = before.get(s.id);
      // A count below the earlier one: the unit was stopped and started by hand in between (counter reset).
      const rise = was === undefined || s.nRestarts < was ? 0 : s.nRestarts - was;
      const waiting = s.subState === 'auto-restart';
      return rise >= th.warn || waiting ? [{ s, rise, waiting }] : [];
    });
    if (restarting.length === 0 && first === last) {
      return { collecting: 'restart counts need two reads of the units (they are read every 15 s)' };
    }
    const overMs = last.time - first.time;
    return restarting.map(({ s, rise }) => ({
      key: `unit-restarting:${s.id}`,
      latch: { severity: rise >= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
      sentence: `The systemd unit ${s.id} keeps restarting: ${
        rise > 0 ? `${plural(rise, 'restart')} in the last ${formatDuration(overMs)}` : `it is waiting to be restarted again (${s.result ?? 'it failed'})`
      } (${plural(s.nRestarts, 'restart')} since it was last started by hand). It stops and systemd starts it again; its log: journalctl -u ${s.id}.`,
      evidence: [
        { label: `restarts in the last ${formatDuration(overMs)}`, value: rise, unit: 'count' as const, threshold: th.warn },
        { label: 'restart count (NRestarts)', value: s.nRestarts, unit: 'count' as const, threshold: null },
      ],
      series: window.map((r) => r.services.find((x) => x.id === s.id)?.nRestarts ?? 0),
      culprits: [],
      next: null,
    }));
  },
};
