import { describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../../native-bridge/contract/recording.js';
import { chipText } from './status-text.js';

const now = new Date(2026, 11, 5, 12, 0, 0).getTime();
const history: RecordingStatus['history'] = {
  recording: true,
  recorder: { pid: 4321, self: true },
  since: new Date(2026, 11, 5, 9, 12, 0).getTime(),
  path: '/home/u/.local/state/triage/history.db',
  bytes: 34 * 1024 * 1024,
  oldest: null,
  newest: null,
  paused: null,
  notRecording: null,
  retentionDays: 7,
  maxBytes: 512 * 1024 * 1024,
};
const none = { installed: null, plan: null, refused: null };
const installed = { installed: { kind: 'xdg-autostart' as const, path: '/home/u/.config/autostart/triage-record.desktop' }, plan: null, refused: null };

describe('the range bar chip', () => {
  it('says since when and how much, and that recording stops with Triage unless it starts at login', () => {
    expect(chipText({ history, autostart: none }, now)).toMatchObject({ text: 'Recording since 09:12:00 · 34.0 MiB · stops when Triage closes', tone: 'warn' });
    expect(chipText({ history, autostart: installed }, now)).toMatchObject({ text: 'Recording since 09:12:00 · 34.0 MiB', tone: 'on' });
  });

  it('names another recorder, a pause, and no recorder with the backend\'s own reason', () => {
    expect(chipText({ history: { ...history, recording: false, recorder: { pid: 77, self: false } }, autostart: installed }, now).title).toMatch(/^Recorded by another Triage \(pid 77\)/);
    expect(chipText({ history: { ...history, paused: 'The disk is full.' }, autostart: none }, now)).toMatchObject({ text: 'Recording paused · 34.0 MiB', title: 'The disk is full.' });
    const off = chipText({ history: { ...history, recording: false, recorder: null, since: null, bytes: null, notRecording: 'Recording is turned off for this process (TRIAGE_HISTORY=off).' }, autostart: none }, now);
    expect(off).toEqual({ text: 'Not recording — history has gaps while Triage is closed', title: 'Recording is turned off for this process (TRIAGE_HISTORY=off).', tone: 'off' });
  });
});
