import type { coreContract } from '../contract/core.js';
import type { Implementation } from '../contract/define.js';
import { analyzeCore, coreLibraries, coreRegisters, type AnalyzeOptions } from './analyze-core.js';
import { listCrashes, type ListOptions } from './crash-list.js';
import { launchWithCores, type LaunchedChild } from './launch.js';
import { liveBacktrace } from './live-backtrace.js';
import { coreStatus } from './status.js';

export interface CoreServiceOptions extends AnalyzeOptions {
  procRoot?: string;
  list?: ListOptions;
  /** Called when a program started with core capture ends; the UI opens its core from here. */
  onLaunchedExit?: (launched: LaunchedChild, result: { code: number | null; signal: NodeJS.Signals | null }) => void;
}

/** The backend side of coreContract; the lead spreads it into the backend implementation. */
export function createCoreService(opts: CoreServiceOptions = {}): Implementation<typeof coreContract> & { dispose(): void } {
  const launched = new Map<number, LaunchedChild>();
  return {
    'core.status': async ({ pid }) => coreStatus(pid, { procRoot: opts.procRoot }),
    'core.list': async ({ folders }) => listCrashes(folders, { procRoot: opts.procRoot, ...opts.list }),
    'core.open': async ({ path, exe }) => analyzeCore(path, exe, opts),
    'core.registers': async ({ path, exe, threadId }) => coreRegisters(path, exe, threadId, opts),
    'core.libraries': async ({ path, exe }) => coreLibraries(path, exe, opts),
    'core.liveBacktrace': async ({ pid, startTime }) => liveBacktrace(pid, startTime, { procRoot: opts.procRoot, gdbPath: opts.gdbPath }),
    'core.launchWithCores': async ({ argv, cwd }) => {
      const child = await launchWithCores(argv, cwd, { procRoot: opts.procRoot });
      launched.set(child.pid, child);
      void child.exited.then((result) => {
        launched.delete(child.pid);
        opts.onLaunchedExit?.(child, result);
      });
      const status = await coreStatus(undefined, { procRoot: opts.procRoot }).catch(() => null);
      const coreWillGo = status
        ? status.handler === 'file' && status.relative
          ? `In ${cwd}, named ${status.fileName ?? 'core'}.`
          : status.where
        : 'Unknown: Triage could not read the kernel core settings.';
      return { pid: child.pid, argv: child.argv, cwd, coreWillGo };
    },
    dispose() {
      // Programs the user started keep running; Triage only stops watching them.
      launched.clear();
    },
  };
}
