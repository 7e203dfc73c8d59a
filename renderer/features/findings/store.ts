import { create } from 'zustand';
import type { FindingsReport, Severity } from '../../../native-bridge/contract/findings.js';
import { getClient, type TriageClient } from '../../client/index.js';
import { decideStartPage } from './start-page.js';
import { documentVisibility, type PageVisibility } from '../../app/page-visibility.js';

export interface FindingsState {
  /** null until the first report: "connecting", never "nothing wrong". */
  report: FindingsReport | null;
  error: string | null;
  /** Subscribes once for the whole app (the navigation badge shows on every page). */
  start(): void;
  /**
   * A page that shows the findings themselves (not only the badge's count) is open: reports judged at every
   * sample until the returned function is called. With only the badge, the backend judges every few seconds.
   */
  read(): () => void;
}

/** The most serious severity among the findings, or null when there are none. */
export function worstSeverity(report: FindingsReport | null): Severity | null {
  const order: Severity[] = ['serious', 'warning', 'info'];
  return order.find((s) => report?.findings.some((f) => f.severity === s)) ?? null;
}

/** Called with each report until it answers true (it has used what it needed). */
export type ReportWatcher = (report: FindingsReport) => boolean;

export function createFindingsStore(
  clientOf: () => TriageClient = getClient,
  watchReports?: ReportWatcher,
  visibility: PageVisibility | null = documentVisibility(),
) {
  let started = false;
  let unsubscribe: (() => void) | null = null;
  let followingVisibility = false;
  /** Pages open that show the findings themselves. */
  let readers = 0;
  return create<FindingsState>()((set) => {
    let watching = watchReports !== undefined;
    /** A report every second (~7 KB) is parsed only while the page is seen; showing again sends the current one first. */
    const subscribe = () => {
      if (unsubscribe || (visibility && !visibility.visible())) return;
      // Deciding the start page reads the findings too: a serious one must be seen within its 15 s.
      unsubscribe = clientOf().subscribe(
        'findings.stream',
        { summary: readers === 0 && !watching },
        {
          next: (report) => {
            set({ report, error: null });
            if (!watchReports || !watching) return;
            watching = !watchReports(report);
            // Decided: the badge alone is left, unless a page reads. Not from inside this stream's own callback.
            if (!watching && readers === 0) queueMicrotask(resubscribe);
          },
          error: (error) => {
            started = false;
            unsubscribe = null;
            set({ error: `Findings stopped: ${error.message}` });
          },
        },
      );
    };
    /** A stream open at the other pace is replaced (the backend answers the new one with the current report). */
    const resubscribe = () => {
      if (!unsubscribe) return;
      unsubscribe();
      unsubscribe = null;
      subscribe();
    };
    return {
      report: null,
      error: null,
      read() {
        if (++readers === 1) resubscribe();
        let done = false;
        return () => {
          if (done) return;
          done = true;
          if (--readers === 0) resubscribe();
        };
      },
      start() {
        if (started) return;
        started = true;
        subscribe();
        if (!visibility || followingVisibility) return;
        followingVisibility = true;
        visibility.onChange(() => {
          if (!started) return;
          if (visibility.visible()) subscribe();
          else {
            unsubscribe?.();
            unsubscribe = null;
          }
        });
      },
    };
  });
}

/**
 * Findings are the start page when something is serious and the user did not ask for a page: a helpdesk
 * person opening Triage on a struggling machine sees what is wrong first.
 */
function openWhenSerious(): ReportWatcher {
  let firstAt: number | null = null;
  return (report) => {
    firstAt ??= performance.now();
    const decision = decideStartPage(report, window.location.hash, performance.now() - firstAt);
    if (decision === 'open-findings') window.location.hash = '#/findings';
    return decision !== 'undecided';
  };
}

export const useFindings = createFindingsStore(getClient, openWhenSerious());
