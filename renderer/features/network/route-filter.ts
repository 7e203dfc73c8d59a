import { SOCKET_STATES, type SocketState } from '../../../native-bridge/contract/index.js';
import { routeParams } from '../../app/router.js';
import { useNetwork } from './store.js';

const isSocketState = (text: string): text is SocketState => (SOCKET_STATES as readonly string[]).includes(text);

/**
 * Opens the Connections view filtered as a finding's link asks ("#/network?state=CLOSE_WAIT&q=1234"): the
 * sockets the finding is about, not the whole machine. A route without a filter leaves the view as it was.
 */
export function applyRouteFilter(hash: string): void {
  const params = routeParams(hash);
  const state = params.get('state');
  const text = params.get('q');
  if (state === null && text === null) return;
  const store = useNetwork.getState();
  store.setTab('connections');
  store.setStateFilter(state !== null && isSocketState(state) ? state : null);
  store.setTextFilter(text ?? '');
}
