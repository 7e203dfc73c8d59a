import type { LaunchedWithCores } from '../../../../native-bridge/contract/index.js';
import { errorCode } from '../../../client/index.js';
import { splitCommandLine } from '../argv.js';
import { idleSlot, type Slot } from './slots.js';
import type { CoreSlice } from '../store.js';

export type LaunchWatch =
  | { state: 'off' }
  | { state: 'watching'; pid: number; cwd: string }
  | { state: 'opened'; pid: number; corePath: string }
  | { state: 'ended'; pid: number; message: string };

/** The launch slice: a program started with cores enabled, watched until its core appears and opens by itself. */
export interface LaunchState {
  launch: Slot<LaunchedWithCores>;
  watch: LaunchWatch;

  startWithCores(commandLine: string, cwd: string): Promise<void>;
  /** One look for the launched program's core; the page's timer calls it while watching. */
  checkLaunched(): Promise<void>;
  stopWatching(): void;
}

export const launchSlice: CoreSlice<LaunchState> = (set, get, { clientOf, requests }) => {
  // One look at a time: the page's timer may tick again before a slow look has answered.
  let checking = false;

  return {
    launch: idleSlot(),
    watch: { state: 'off' },

    async startWithCores(commandLine, cwd) {
      const split = splitCommandLine(commandLine);
      if (!split.ok) return requests.fail('launch', split.error);
      const folder = cwd.trim();
      if (!folder.startsWith('/')) return requests.fail('launch', 'Type the full path of the folder to run the program in (it starts with /).');
      set({ watch: { state: 'off' } });
      const started = await requests.run('launch', () => clientOf().call('core.launchWithCores', { argv: split.argv, cwd: folder }));
      const launched = get().launch.data;
      if (started && launched) set({ watch: { state: 'watching', pid: launched.pid, cwd: launched.cwd } });
    },

    async checkLaunched() {
      const watch = get().watch;
      if (watch.state !== 'watching' || checking) return;
      checking = true;
      try {
        const client = clientOf();
        // Ask whether it still runs before looking: a core found after "gone" is then complete.
        const gone = await client.call('core.status', { pid: watch.pid }).then(
          () => false,
          (error: unknown) => errorCode(error) === 'ESRCH',
        );
        const list = await client.call('core.list', { folders: [watch.cwd, ...get().folders.filter((f) => f !== watch.cwd)] });
        const current = get().watch;
        if (current.state !== 'watching' || current.pid !== watch.pid) return;
        const core = list.crashes.find((c) => c.pid === watch.pid && c.openable && c.path !== null);
        if (core?.path) {
          set({ watch: { state: 'opened', pid: watch.pid, corePath: core.path } });
          // The backend finds the program from the core itself and says how it did.
          await get().openCore(core.path);
        } else if (gone) {
          set({
            watch: {
              state: 'ended',
              pid: watch.pid,
              message: `Process ${watch.pid} has ended and Triage found no core from it; it probably exited without crashing.`,
            },
          });
        }
      } catch {
        // A failed look is retried on the next tick; the launch itself already succeeded.
      } finally {
        checking = false;
      }
    },

    stopWatching() {
      set({ watch: { state: 'off' } });
    },
  };
};
