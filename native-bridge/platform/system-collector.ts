import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { Inventory, SystemSample } from '../contract/system.js';
import { createProcfsCollector } from '../system/procfs-collector.js';
import { createSiCollector } from './system-collector-si.js';

/** Live figures and inventory behind one async interface, whichever implementation runs underneath. */
export interface SystemCollector {
  readonly source: SystemSample['source'];
  /** Async for both: the procfs reader answers synchronously inside, the fallback shells out. */
  sample(): Promise<SystemSample>;
  inventory(): Promise<Inventory>;
  close(): void;
}

export interface SystemCollectorOptions {
  /** Defaults to process.platform; tests force the fallback with another value. */
  platform?: NodeJS.Platform;
  procRoot?: string;
  inventoryTimeoutMs?: number;
}

/**
 * /proc on Linux when /proc/stat is readable (a fraction of a millisecond per sample, no child processes);
 * systeminformation everywhere else (macOS, Windows, a Linux container without procfs).
 * Inventory comes from systeminformation (read once; no /proc file has most of it), except disks,
 * filesystems and CPU speed on Linux, which come from the same /proc and /sys files as the live views.
 */
export function createSystemCollector(options: SystemCollectorOptions = {}): SystemCollector {
  const platform = options.platform ?? process.platform;
  const procRoot = options.procRoot ?? '/proc';
  // Loaded when asked: the inventory module brings the schemas (zod), which a one-shot sample does not need.
  const inventory = (): Promise<Inventory> =>
    import('./inventory.js').then(({ readInventory }) => readInventory({
      timeoutMs: options.inventoryTimeoutMs,
      // One source per fact: on Linux, disks and filesystems come from the files the live views read.
      ...(platform === 'linux' ? { linux: { procRoot, sysRoot: join(procRoot, '..', 'sys') } } : {}),
    }));

  if (platform === 'linux' && readable(join(procRoot, 'stat'))) {
    try {
      const procfs = createProcfsCollector({ procRoot });
      return {
        source: 'procfs',
        sample: () => new Promise<SystemSample>((resolve) => resolve(procfs.sample())),
        inventory,
        close: () => procfs.close(),
      };
    } catch {
      // A /proc that is there but not in the expected shape: the fallback still works.
    }
  }
  const fallback = createSiCollector();
  return { source: 'systeminformation', sample: () => fallback.sample(), inventory, close: () => fallback.close() };
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
