import type { ProcessKey } from '../../../native-bridge/contract/index.js';

/** A process's identity in the UI: pid alone is reused by the kernel, pid + start time is not. */
export type RowKey = string;

export const keyOf = (k: ProcessKey): RowKey => `${k.pid}:${k.startTime}`;
