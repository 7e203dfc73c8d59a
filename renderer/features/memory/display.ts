import type { LeakSuspect, MemoryPinInfo, MemoryVerdictKind } from '../../../native-bridge/contract/index.js';
import { formatDuration } from '../../app/format.js';

export const VERDICT_LABELS: Record<MemoryVerdictKind, string> = {
  growing: 'Growing',
  'stable-after-warmup': 'Stable after warm-up',
  stable: 'Stable',
  shrinking: 'Shrinking',
  'insufficient-data': 'Watching…',
};

export function formatR2(r2: number | null | undefined): string {
  return typeof r2 === 'number' && Number.isFinite(r2) ? r2.toFixed(2) : '—';
}

/** Milliseconds as the app's duration ("5 min 03 s", "4 h 05 min"). */
export function formatMs(ms: number | null | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? formatDuration(ms / 1000) : '—';
}

/** How a pin is named in its card: the program and pid, or the pattern it follows. */
export function pinTitle(pin: MemoryPinInfo): string {
  if (pin.target.kind === 'name') return `“${pin.target.pattern}”`;
  return pin.name ?? `pid ${pin.target.pid}`;
}

export function pinSubtitle(pin: MemoryPinInfo): string {
  const pid = pin.pid ?? (pin.target.kind === 'pid' ? pin.target.pid : null);
  const parts: string[] = [];
  if (pin.target.kind === 'name') parts.push(pin.name ? `${pin.name}, pid ${pid}` : 'not running now');
  else parts.push(`pid ${pid}`);
  if (pin.status === 'exited') parts.push('exited');
  if (pin.status === 'waiting') parts.push('waiting for the program to start');
  if (pin.restarts.length > 0) parts.push(`${pin.restarts.length} restart${pin.restarts.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/**
 * A limit typed by a person: empty means none; otherwise a positive number. Returns undefined for
 * anything else, which the form reports.
 */
export function parseLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && Number.isFinite(n) ? n : undefined;
}

/**
 * What a suspects row shows. For a pinned process the backend gives the row the pin's own verdict (one
 * verdict per process), but the list is polled every few seconds while the card follows every tick:
 * showing the card's copy keeps both saying the same words at the same moment.
 */
export function suspectRow(suspect: LeakSuspect, pins: readonly MemoryPinInfo[]): LeakSuspect {
  const pin = pins.find((p) => p.status === 'running' && p.pid === suspect.pid && p.startTime === suspect.startTime);
  if (!pin) return suspect;
  return { ...suspect, verdict: pin.verdict, rssBytes: pin.latest?.rssBytes ?? suspect.rssBytes };
}
