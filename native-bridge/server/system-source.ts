import { createSystemCollector } from '../platform/system-collector.js';
import type { SystemSource } from './backend.js';

/** The real machine: /proc on Linux, systeminformation elsewhere (the platform layer picks). */
export function createSystemSource(): SystemSource {
  return createSystemCollector();
}
