import type { NextStep } from '../../../native-bridge/contract/findings.js';

const VIEW_ROUTES: Record<NextStep['view'], string> = {
  processes: 'processes',
  memory: 'memory',
  network: 'network',
  disk: 'network',
  trace: 'trace',
  cores: 'core',
};

/** The route a next step opens, with its process filled in where the view takes one. */
export function nextStepHref(next: NextStep): string {
  const route = `#/${VIEW_ROUTES[next.view]}`;
  return next.target ? `${route}?pid=${next.target.pid}&start=${next.target.startTime}` : route;
}
