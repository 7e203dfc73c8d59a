import type { ProcessKey } from '../../../native-bridge/contract/index.js';

/** A process's identity in the UI: pid alone is reused by the kernel, pid + start time is not. */
export type RowKey = string;

// Rows keep their identity while unchanged, so their key string is made once, not on every refresh.
const cache = new WeakMap<ProcessKey, RowKey>();

export function keyOf(k: ProcessKey): RowKey {
  let key = cache.get(k);
  if (key === undefined) {
    key = `${k.pid}:${k.startTime}`;
    cache.set(k, key);
  }
  return key;
}
