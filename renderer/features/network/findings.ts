import type { DeletedFilesResult, Finding, Judgement, Unreadable } from '../../../native-bridge/contract/index.js';
import type { Loadable, WatchState } from './store.js';

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

/** The same finding across ticks keeps its key while its sentence ("for 45 s") changes. */
export const findingKey = (f: Finding): string => f.id ?? `${f.kind}|${f.pid ?? ''}|${f.sentence}`;

/** Network, deleted-file and disk findings in one list, worst first, each said once. */
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

/**
 * What the page may say about connections right now. No data is not "nothing wrong": before the live view
 * has judged for as long as a finding needs, it says how far it has got instead. Null when findings are listed
 * and the judgement is complete (the list says it all).
 */
export function connectionVerdict(watch: Pick<WatchState, 'status' | 'error' | 'judgement'>, networkFindings: number): string | null {
  if (watch.status === 'error') return `The live view stopped (${watch.error ?? 'it failed'}): connections are not being judged.`;
  const j: Judgement | null = watch.judgement;
  if (watch.status !== 'live' || j === null) return 'Connecting… connection findings show once the live view has data.';
  if (j.watchedMs < j.neededMs) return `Collecting: ${seconds(j.watchedMs)} s of the ${seconds(j.neededMs)} s needed before a connection finding can show.`;
  if (networkFindings > 0) return null;
  return `Nothing looks wrong with connections: none stuck in CLOSE_WAIT or SYN_SENT, no TIME_WAIT storm, no full queues (judged over ${seconds(j.watchedMs)} s).`;
}

/** The deleted-file line: the backend's sentence about the very list the Deleted view shows, or why there is none yet. */
export function deletedLine(deleted: Loadable<DeletedFilesResult>): string {
  if (deleted.data) return deleted.data.summary;
  if (deleted.error) return `Deleted files could not be read: ${deleted.error}`;
  return 'Deleted files: looking through every open descriptor…';
}
