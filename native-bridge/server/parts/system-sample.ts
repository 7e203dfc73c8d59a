import { systemContract } from '../../contract/system.js';
import type { BackendPart } from '../backend-part.js';
import type { SystemSource } from '../backend.js';
import { systemReadings } from '../system-readings.js';

const sampleContract = { 'system.sample': systemContract['system.sample'] } as const;

/**
 * `system.sample` alone over a source the caller made (for `triage sample`): its rates cover the time
 * since the source's previous reading, which the caller chose by when it made the source.
 */
export function systemSamplePart(system: SystemSource): BackendPart<typeof sampleContract> {
  return {
    contract: sampleContract,
    implementation: { 'system.sample': systemReadings(system)['system.sample'] },
    close: () => system.close?.(),
  };
}
