import type { InterfacesResult, ListeningResult } from '../../../../native-bridge/contract/index.js';
import { answerPort, parsePortQuery, type PortAnswer } from '../port-search.js';
import type { Loadable } from '../store.js';
import { empty, type NetworkSlice } from './deps.js';

/** The Listening ports tab: what listens, "what is on port N?", and the interfaces addresses belong to. */
export interface PortsState {
  listening: Loadable<ListeningResult>;
  portQuery: string;
  portAnswer: PortAnswer | null;
  portError: string | null;
  interfaces: Loadable<InterfacesResult>;

  refreshListening(): Promise<void>;
  /** Answers "what is on port N?" from a fresh listening list. */
  askPort(text: string): Promise<void>;
  refreshInterfaces(): Promise<void>;
}

export const portsSlice: NetworkSlice<PortsState> = (set, get, { clientOf, load }) => ({
  listening: empty(),
  portQuery: '',
  portAnswer: null,
  portError: null,
  interfaces: empty(),

  refreshListening: () => load('listening', () => clientOf().call('net.listening', {})),
  async askPort(text) {
    set({ portQuery: text });
    const query = parsePortQuery(text);
    if (query === null) {
      set({ portAnswer: null, portError: null });
      return;
    }
    if ('error' in query) {
      set({ portAnswer: null, portError: query.error });
      return;
    }
    await get().refreshListening();
    // The user may have typed on while the list loaded: answer only the query still in the box.
    if (get().portQuery !== text) return;
    const ports = get().listening.data?.ports;
    set(ports ? { portAnswer: answerPort(ports, query.port), portError: null } : { portAnswer: null, portError: get().listening.error });
  },
  refreshInterfaces: () => load('interfaces', () => clientOf().call('net.interfaces', {})),
});
