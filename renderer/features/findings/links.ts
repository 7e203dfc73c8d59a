import type { NextStep } from '../../../native-bridge/contract/findings.js';

const VIEW_ROUTES: Record<NextStep['view'], string> = {
  processes: 'processes',
  memory: 'memory',
  network: 'network',
  disk: 'network',
  trace: 'trace',
  cores: 'core',
};

/** The route a next step opens, with its process and filter filled in where the view takes them. */
export function nextStepHref(next: NextStep): string {
  const params = new URLSearchParams();
  if (next.target) {
    params.set('pid', String(next.target.pid));
    params.set('start', String(next.target.startTime));
  }
  if (next.filter?.state) params.set('state', next.filter.state);
  if (next.filter?.text) params.set('q', next.filter.text);
  const query = params.toString();
  return `#/${VIEW_ROUTES[next.view]}${query ? `?${query}` : ''}`;
}
