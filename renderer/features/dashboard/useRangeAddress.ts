import { useEffect } from 'react';
import { hrefFor, parseRoute, routeParams } from '../../app/router.js';
import { useHistory } from '../history/index.js';
import { parseRangeAddress, rangeParams } from './range-address.js';
import { useRangeBar } from './range-bar.js';

/** The address for what the dashboard shows now. */
function currentHref(): string {
  const bar = useRangeBar.getState();
  const { range, moment } = useHistory.getState();
  return hrefFor('dashboard', rangeParams({ live: bar.live, preset: range.preset, from: range.from, to: range.to, at: moment?.at ?? null }));
}

/**
 * Keeps the address and the dashboard's range in step both ways: an address with a range opens it (on load,
 * and when a link changes the hash), and every later choice (a preset, a typed or brushed window, a picked
 * moment, Live) is written back, so a reload or a pasted link shows the same thing. Written with
 * replaceState: choosing ranges does not fill the Back button, and no hashchange loops back here.
 */
export function useRangeAddress(): void {
  const openAddress = useRangeBar((s) => s.openAddress);
  useEffect(() => {
    const write = () => {
      if (parseRoute(window.location.hash) !== 'dashboard') return;
      const href = currentHref();
      if (window.location.hash !== href) window.history.replaceState(null, '', href);
    };
    const apply = () => {
      const address = parseRangeAddress(routeParams(window.location.hash));
      if (address !== null) openAddress(address);
      write();
    };
    apply();
    window.addEventListener('hashchange', apply);
    const offBar = useRangeBar.subscribe(write);
    const offHistory = useHistory.subscribe((now, before) => {
      if (now.range !== before.range || now.moment?.at !== before.moment?.at) write();
    });
    return () => {
      window.removeEventListener('hashchange', apply);
      offBar();
      offHistory();
    };
  }, [openAddress]);
}
