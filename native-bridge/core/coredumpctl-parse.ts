import { posix } from 'node:path';
import type { CrashEntry } from '../contract/core.js';
import { signalName, signalNumber } from './signals.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function field(row: { [k: string]: Json }, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(row, key) ? row[key] : undefined;
}

/** Pure: `coredumpctl --json=short list` output (one array of rows) → crash entries. */
export function parseCoredumpctlJson(text: string): CrashEntry[] {
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const out: CrashEntry[] = [];
  for (const row of data) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const pid = numberOf(field(row, 'pid'));
    const sig = field(row, 'sig');
    const signal = typeof sig === 'number' ? sig : typeof sig === 'string' ? (/^\d+$/.test(sig) ? Number(sig) : signalNumber(sig)) : null;
    const time = numberOf(field(row, 'time'));
    const exeRaw = field(row, 'exe');
    const exe = typeof exeRaw === 'string' && exeRaw !== '' ? exeRaw : null;
    const corefile = String(field(row, 'corefile') ?? 'unknown');
    const available = corefile === 'present' || corefile === 'journal';
    out.push({
      source: 'coredumpctl',
      path: null,
      program: exe ? posix.basename(exe) : null,
      commandLine: null,
      pid: pid !== null && Number.isInteger(pid) ? pid : null,
      signal: signal !== null && Number.isInteger(signal) ? signal : null,
      signalName: signal !== null ? signalName(signal) : null,
      // systemd timestamps are microseconds since the epoch.
      timeMs: time !== null ? Math.round(time / 1000) : null,
      sizeBytes: numberOf(field(row, 'size')),
      executable: exe,
      executableMatch: 'unknown',
      openable: false,
      note: available
        ? `Stored by systemd-coredump. Extract it with "coredumpctl dump ${pid ?? 'PID'} --output=FILE", then open FILE.`
        : `systemd-coredump recorded this crash but kept no core (${corefile}).`,
    });
  }
  return out;
}

function numberOf(v: Json | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}
