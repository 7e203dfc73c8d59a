import { readFileSync } from 'node:fs';

/** CLOCK_MONOTONIC in ms: unaffected by the wall clock being set, stopped during suspend. */
export const monoNow = (): number => Number(process.hrtime.bigint() / 1_000_000n);

/** This boot's id: monotonic times only compare within one boot. */
export function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** Below this, a difference between clocks is sampling jitter (uptime counts in 10 ms, samples take time). */
const JUMP_MS = 3000;

export type TimeJump = { kind: 'none' } | { kind: 'suspend'; sleptMs: number } | { kind: 'clock'; shiftMs: number };

/**
 * Compares three clocks between two samples: wall (can be set), uptime (CLOCK_BOOTTIME: runs through
 * suspend) and monotonic (stops during suspend). Uptime ahead of monotonic means the machine slept; wall
 * ahead of or behind uptime means the clock was set.
 */
export function timeJump(prev: { wall: number; mono: number; uptime: number }, next: { wall: number; mono: number; uptime: number }): TimeJump {
  const dMono = next.mono - prev.mono;
  const dUp = next.uptime - prev.uptime;
  const dWall = next.wall - prev.wall;
  if (dUp - dMono > JUMP_MS) return { kind: 'suspend', sleptMs: dUp - dMono };
  if (Math.abs(dWall - dUp) > JUMP_MS) return { kind: 'clock', shiftMs: dWall - dUp };
  return { kind: 'none' };
}
