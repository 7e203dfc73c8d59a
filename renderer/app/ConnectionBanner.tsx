import { useEffect, useState } from 'react';
import { onConnectionState, type ConnectionState } from '../client/index.js';

/** Shown once the backend has been lost, until it is back; the client reconnects on its own. */
export function ConnectionBanner() {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [everLost, setEverLost] = useState(false);
  useEffect(
    () =>
      onConnectionState((next) => {
        setState(next);
        if (next === 'lost') setEverLost(true);
        if (next === 'open') setEverLost(false);
      }),
    [],
  );
  if (state === 'open' || !everLost) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      Connection to the Triage backend lost — reconnecting…
    </div>
  );
}
