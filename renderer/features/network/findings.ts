import type { Finding, Unreadable } from '../../../native-bridge/contract/index.js';

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

/** Network, deleted-file and disk findings in one list, worst first, each said once. */
export function mergeFindings(...lists: ReadonlyArray<readonly Finding[] | undefined>): Finding[] {
  const seen = new Set<string>();
  const all: Finding[] = [];
  for (const list of lists) {
    for (const f of list ?? []) {
      const key = `${f.kind}|${f.pid ?? ''}|${f.sentence}`;
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
