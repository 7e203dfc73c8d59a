import type { Implementation } from '../contract/define.js';
import type { Inventory, systemContract } from '../contract/system.js';
import type { SystemSource } from './backend.js';

type Readings = Pick<Implementation<typeof systemContract>, 'system.sample' | 'system.inventory'>;

/** system.sample and system.inventory over one source: what createBackend and `triage sample` serve alike. */
export function systemReadings(system: SystemSource): Readings {
  let inventory: Promise<Inventory> | null = null;
  return {
    'system.sample': () => system.sample(),
    'system.inventory': () => {
      // Inventory shells out through systeminformation: do it once, and retry only after a failure.
      inventory ??= system.inventory().catch((error: unknown) => {
        inventory = null;
        throw error;
      });
      return inventory;
    },
  };
}
