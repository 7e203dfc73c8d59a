import { existsSync } from 'node:fs';
import * as z from 'zod';
import type { Unavailable } from '../observation.js';
import { runProgram } from './run.js';

export interface FailedUnit {
  unit: string;
  description: string;
  /** Why it failed as systemd says it (exit-code, signal, timeout, start-limit-hit…); null when not known. */
  result: string | null;
  /** When it entered the failed state (ms since the epoch); null when not known. */
  sinceMs: number | null;
}

export interface ServiceState {
  id: string;
  /** Restarts systemd made since the unit was last started by hand. */
  nRestarts: number;
  activeState: string;
  subState: string;
  result: string | null;
}

export interface UnitsReading {
  time: number;
  failed: FailedUnit[];
  services: ServiceState[];
}

const ListedUnit = z.object({ unit: z.string(), description: z.string().default(''), active: z.string() }).loose();

/** Pure: `systemctl list-units --failed --output=json`. Null when it is not that output. */
export function parseFailedUnits(json: string): Omit<FailedUnit, 'result' | 'sinceMs'>[] | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = z.array(ListedUnit).safeParse(value);
  return parsed.success ? parsed.data.filter((u) => u.active === 'failed').map((u) => ({ unit: u.unit, description: u.description })) : null;
}

/** Pure: `systemctl show --timestamp=unix -p …` for many units: blocks of Key=Value lines split by blank lines. */
export function parseShow(text: string): Map<string, Record<string, string>> {
  const units = new Map<string, Record<string, string>>();
  for (const block of text.split(/\n\s*\n/)) {
    const props: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1);
    }
    if (props.Id) units.set(props.Id, props);
  }
  return units;
}

/** "@1778140352" (--timestamp=unix) in ms; empty or "n/a" means never. */
const unixMs = (value: string | undefined): number | null => {
  const m = /^@(\d+)$/.exec(value ?? '');
  return m ? Number(m[1]) * 1000 : null;
};

/** Pure: the services' restart counts and states from `systemctl show`. */
export function servicesOf(show: Map<string, Record<string, string>>): ServiceState[] {
  return [...show.values()].flatMap((p) => {
    const nRestarts = Number(p.NRestarts);
    if (!p.Id?.endsWith('.service') || !Number.isInteger(nRestarts)) return [];
    return [{ id: p.Id, nRestarts, activeState: p.ActiveState ?? '', subState: p.SubState ?? '', result: p.Result || null }];
  });
}

/** Pure: the failed list with each unit's result and failure time where `systemctl show` gave them. */
export function failedWithDetails(failed: Omit<FailedUnit, 'result' | 'sinceMs'>[], show: Map<string, Record<string, string>>): FailedUnit[] {
  return failed.map((u) => {
    const p = show.get(u.unit);
    return { ...u, result: p?.Result || null, sinceMs: unixMs(p?.StateChangeTimestamp) };
  });
}

export const SHOW_PROPERTIES = ['Id', 'NRestarts', 'ActiveState', 'SubState', 'Result', 'StateChangeTimestamp'];

export interface UnitsReadOptions {
  systemdMarker?: string;
  path?: string;
}

/**
 * Failed units and every loaded service's restart count, from systemctl. Only where systemd runs
 * (/run/systemd/system, as sd_booted() checks): elsewhere systemctl exists but cannot answer.
 */
export async function readUnits(now: number, options: UnitsReadOptions = {}): Promise<UnitsReading | Unavailable> {
  const marker = options.systemdMarker ?? '/run/systemd/system';
  if (!existsSync(marker)) return { unavailable: `systemd is not running on this machine (no ${marker}), so there are no units to check` };
  const listed = await runProgram('systemctl', ['list-units', '--failed', '--output=json', '--no-pager', '--plain'], options.path);
  if (!listed.ok) return { unavailable: `could not list the failed units: ${listed.why}` };
  const failed = parseFailedUnits(listed.stdout);
  if (failed === null) return { unavailable: 'systemctl list-units --output=json printed no JSON list (systemd older than 246?)' };
  const props = SHOW_PROPERTIES.map((p) => `--property=${p}`);
  // "--": the root mount is called "-.mount", which getopt would take for options.
  const shown = await runProgram('systemctl', ['show', '--timestamp=unix', '--no-pager', ...props, '--', '*.service', ...failed.map((u) => u.unit)], options.path);
  if (!shown.ok) return { unavailable: `could not read the units' restart counts: ${shown.why}` };
  const show = parseShow(shown.stdout);
  return { time: now, failed: failedWithDetails(failed, show), services: servicesOf(show) };
}
