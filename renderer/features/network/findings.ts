import { SOCKET_RULE_IDS, type Finding as EngineFinding, type FindingsReport } from '../../../native-bridge/contract/findings.js';
import type { DeletedFilesResult, Finding, Unreadable } from '../../../native-bridge/contract/index.js';
import type { Loadable } from './store.js';

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

/** The same finding across ticks keeps its key while its sentence ("for 45 s") changes. */
export const findingKey = (f: Finding): string => f.id ?? `${f.kind}|${f.pid ?? ''}|${f.sentence}`;

/** Deleted-file and disk findings in one list, worst first, each said once. */
export function mergeFindings(...lists: ReadonlyArray<readonly Finding[] | undefined>): Finding[] {
  const seen = new Set<string>();
  const all: Finding[] = [];
  for (const list of lists) {
    for (const f of list ?? []) {
      const key = findingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(f);
    }
  }
  return all.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || b.count - a.count);
}

/** The distinct "cannot inspect" sentences from every view loaded so far. */
export function unreadableSentences(...items: ReadonlyArray<Unreadable | undefined>): string[] {
  return [...new Set(items.map((u) => u?.sentence).filter((s): s is string => typeof s === 'string' && s !== ''))];
}

/** The concrete privileged path: the CLI twins under pkexec show everything. */
export const PKEXEC_HINT =
  'To see them, run the command-line twins with administrator rights in a terminal: pkexec "$(command -v triage)" net, or pkexec "$(command -v triage)" files --deleted.';

const seconds = (ms: number): number => Math.floor(ms / 1000);
const isSocketRule = (rule: EngineFinding['rule']): boolean => SOCKET_RULE_IDS.includes(rule);

/** The findings engine's findings about sockets: the page shows these, never a judgement of its own. */
export function socketFindings(report: FindingsReport | null): EngineFinding[] {
  return report?.findings.filter((f) => isSocketRule(f.rule)) ?? [];
}

/**
 * What the page may say about connections right now, from the socket rules' checks in the engine's report.
 * No data is not "nothing wrong": before the first report, or while a rule has no socket count or a condition
 * is still lasting, it says so. Null when findings are listed and every socket rule has judged (the list says it all).
 */
export function connectionVerdict(report: FindingsReport | null, error: string | null, pendingSockets = 0): string | null {
  if (error) return `${error}: connections are not being judged.`;
  if (!report) return 'Connecting… connection findings show once the findings engine has counted sockets.';
  const checks = report.checks.filter((c) => isSocketRule(c.rule));
  const unavailable = checks.find((c) => c.status === 'unavailable');
  if (unavailable) return `Connections cannot be judged: ${unavailable.why ?? 'the socket counts cannot be read'}.`;
  const collecting = checks.filter((c) => c.status === 'collecting');
  if (collecting.length > 0) return `Not judged yet: ${collecting.map((c) => `${c.title} (${c.why ?? 'collecting'})`).join('; ')}.`;
  if (checks.some((c) => c.status === 'firing')) return null;
  // Sockets whose owner is not known yet are counted for no process: a pile-up among them cannot show yet.
  if (pendingSockets > 0) return `No connection finding so far; the owners of ${pendingSockets === 1 ? '1 new socket are' : `${pendingSockets} new sockets are`} still being looked up.`;
  return `Nothing looks wrong with connections right now: none stuck in CLOSE_WAIT or SYN_SENT, no TIME_WAIT storm, no full queues (watched for ${seconds(report.observedMs)} s).`;
}

/** The deleted-file line: the backend's sentence about the very list the Deleted view shows, or why there is none yet. */
export function deletedLine(deleted: Loadable<DeletedFilesResult>): string {
  if (deleted.data) return deleted.data.summary;
  if (deleted.error) return `Deleted files could not be read: ${deleted.error}`;
  return 'Deleted files: looking through every open descriptor…';
}
