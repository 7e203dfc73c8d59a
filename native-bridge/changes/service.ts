import type { ChangesContract, ChangeEvent, ChangeSource, ChangesInput, ChangesList } from '../contract/changes.js';
import { CHANGES_DEFAULT_WINDOW_MS, CHANGES_MAX_WINDOW_MS } from '../contract/changes.js';
import type { AuditEntry } from '../contract/processes.js';
import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import { configChanges } from './config-scan.js';
import { KernelRecords } from './kernel-records.js';
import { kernelResumes } from './kernel-resumes.js';
import { bootEvent, kernelNotes, readBootTime, readClocks, readRing, readSleepJournal, readUnitChanges } from './machine-sources.js';
import { parseAptHistory } from './parse-apt-history.js';
import { parseDnfRpmLog } from './parse-dnf.js';
import { parseDpkgLog } from './parse-dpkg.js';
import { ParsedLogs } from './parsed-logs.js';
import { readLog, readLogWithRotated, type SourceRead } from './read-source.js';
import { mergeResumes, readRecorded, watchSource, withoutRepeats, type LiveWatch, type RecordedHistory } from './triage-watch.js';

/** Where each source lives; tests point them at fixtures, temp dirs and unreadable files. */
export interface ChangePaths {
  dpkgLog: string;
  aptHistory: string;
  dnfRpmLog: string;
  kmsg: string;
  procStat: string;
  procUptime: string;
  configRoot: string;
  systemdMarker: string;
}
export const DEFAULT_CHANGE_PATHS: ChangePaths = {
  dpkgLog: '/var/log/dpkg.log',
  aptHistory: '/var/log/apt/history.log',
  dnfRpmLog: '/var/log/dnf.rpm.log',
  kmsg: '/dev/kmsg',
  procStat: '/proc/stat',
  procUptime: '/proc/uptime',
  configRoot: '/etc',
  systemdMarker: '/run/systemd/system',
};

export interface ChangesOptions {
  paths?: Partial<ChangePaths>;
  /** Triage's own audit log, read by whoever owns it (the processes capability); throws when unreadable. */
  auditEntries: () => { entries: AuditEntry[]; damaged: number };
  /** Where that log is, for the messages. */
  auditPath: string;
  /** Resumes and top consumers this backend watches itself; absent where nothing watches (`triage changes`). */
  live?: LiveWatch;
  /** The history recorder's record of the same (resumes it noticed, top consumers that started or ended). */
  recorded?: RecordedHistory;
}

/** A resume just before the window may be the one another source dates just inside it: both are merged first. */
const SAME_RESUME_SLACK_MS = 120_000;

/** The list never grows without bound: the newest this many are kept. */
const MAX_EVENTS = 5000;

function window(input: ChangesInput, now: number): { sinceMs: number; untilMs: number } {
  const untilMs = input.untilMs ?? now;
  const sinceMs = input.sinceMs ?? untilMs - CHANGES_DEFAULT_WINDOW_MS;
  if (sinceMs > untilMs) throw new TriageError('INVALID_INPUT', 'The start of the window is after its end.');
  if (untilMs - sinceMs > CHANGES_MAX_WINDOW_MS) throw new TriageError('INVALID_INPUT', 'The window is longer than 31 days; ask for a shorter one.');
  return { sinceMs, untilMs };
}

function auditChange(entry: AuditEntry): ChangeEvent {
  // "signal CONT", "renice 5": a parameter the action already names is given by its value alone.
  const what = Object.entries(entry.params).map(([k, v]) => (entry.action.includes(k) ? `${v}` : `${k} ${v}`)).join(', ');
  const target = entry.target.pid > 0 ? ` on ${entry.target.name ?? 'pid'} (pid ${entry.target.pid})` : '';
  return {
    time: Date.parse(entry.time),
    kind: 'triage-action',
    title: `${entry.action}${what ? ` ${what}` : ''}${target} by ${entry.user.name}${entry.result.ok ? '' : ' — failed'}`,
    detail: entry.result.message,
  };
}

export function createChangesService(options: ChangesOptions): Implementation<ChangesContract> {
  const paths = { ...DEFAULT_CHANGE_PATHS, ...options.paths };
  const logs = new ParsedLogs();
  // Stays open for the service's life (the backend's, or one CLI command's): each call reads only what was logged since.
  const kernelRecords = new KernelRecords(paths.kmsg);
  return {
    'changes.list': async (input): Promise<ChangesList> => {
      const { sinceMs, untilMs } = window(input, Date.now());
      const sources: ChangeSource[] = [];
      const events: ChangeEvent[] = [];
      const take = (name: string, read: SourceRead<ChangeEvent[]>): void => {
        sources.push({ name, status: read.status, why: read.why });
        if (read.status === 'read') events.push(...read.value);
      };

      const boot = readBootTime(paths.procStat);
      take('boot time (/proc/stat)', boot.status === 'read' ? { ...boot, value: [bootEvent(boot.value)] } : boot);
      const rotated = (path: string) => [path, `${path}.1`];
      take(`dpkg log (${paths.dpkgLog})`, logs.read(rotated(paths.dpkgLog), () => readLogWithRotated(paths.dpkgLog), parseDpkgLog));
      take(`apt history (${paths.aptHistory})`, logs.read(rotated(paths.aptHistory), () => readLogWithRotated(paths.aptHistory), parseAptHistory));
      take(`dnf/rpm log (${paths.dnfRpmLog})`, logs.read([paths.dnfRpmLog], () => readLog(paths.dnfRpmLog), parseDnfRpmLog));
      take('systemd units (journal)', readUnitChanges(sinceMs, untilMs, paths.systemdMarker));
      const ring = readRing(kernelRecords, paths.kmsg);
      take(
        `kernel log (${paths.kmsg})`,
        ring.status !== 'read' ? ring : boot.status === 'read' ? { ...ring, value: kernelNotes(ring.value, boot.value) } : { status: 'error', why: 'the boot time is unknown, so kernel times cannot be dated' },
      );
      // Resumes: the same wake-up may be told by the kernel, systemd and Triage's own clock watch; listed once.
      const clocks = readClocks(paths.procUptime);
      const kernelSleep: SourceRead<ChangeEvent[]> =
        ring.status !== 'read' ? ring : clocks.status === 'read' ? { ...ring, value: kernelResumes(ring.value, clocks.value) } : { ...clocks, why: `kernel times cannot be dated: ${clocks.why}` };
      const journalSleep = readSleepJournal(sinceMs, untilMs, paths.systemdMarker);
      const recorded = await readRecorded(options.recorded, sinceMs, untilMs);
      const watchedSleep = watchSource('resume', options.live, recorded);
      for (const [name, read] of [
        [`sleep in the kernel log (${paths.kmsg})`, kernelSleep],
        ['systemd-sleep (journal)', journalSleep],
        ["sleep noticed by Triage's clock watch", watchedSleep],
      ] as const) sources.push({ name, status: read.status, why: read.why });
      const resumeLists = [kernelSleep, journalSleep, watchedSleep].map((read) => (read.status === 'read' ? read.value : []));
      events.push(...mergeResumes(resumeLists.map((list) => list.filter((e) => e.time >= sinceMs - SAME_RESUME_SLACK_MS && e.time <= untilMs))));
      const processes = watchSource('process', options.live, recorded);
      take("top consumers started or ended (Triage's process watch)", processes.status === 'read' ? { ...processes, value: withoutRepeats(processes.value) } : processes);
      take(`configuration files (${paths.configRoot})`, configChanges(paths.configRoot, sinceMs, untilMs));
      take(`Triage's audit log (${options.auditPath})`, readAudit(options));

      // Logs are oldest first and dated to the second: reversed before a stable sort, what came later in a log stays first.
      const inWindow = events.filter((e) => e.time >= sinceMs && e.time <= untilMs).reverse().sort((a, b) => b.time - a.time);
      return { sinceMs, untilMs, events: inWindow.slice(0, MAX_EVENTS), omitted: Math.max(0, inWindow.length - MAX_EVENTS), sources };
    },
  };
}

function readAudit(options: ChangesOptions): SourceRead<ChangeEvent[]> {
  try {
    const { entries, damaged } = options.auditEntries();
    return { status: 'read', value: entries.map(auditChange), why: damaged > 0 ? `${damaged} damaged line(s) skipped` : null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { status: 'denied', why: `not allowed to read ${options.auditPath}` };
    return { status: 'error', why: `could not read ${options.auditPath}: ${(error as Error).message}` };
  }
}
