import { processesContract } from '../../contract/processes.js';
import { createProcessService, type ProcessServiceOptions } from '../../processes/service.js';
import type { BackendPart } from '../backend-part.js';
import { createProcessSampler } from '../../platform/process-sampler.js';

const listContract = { 'processes.list': processesContract['processes.list'] } as const;

/** `processes.list` alone, from the same process service createBackend serves (for `triage ps`). */
export function processListPart(options: Partial<ProcessServiceOptions> = {}): BackendPart<typeof listContract> {
  const service = createProcessService({ makeSampler: () => createProcessSampler(), ...options });
  return {
    contract: listContract,
    implementation: { 'processes.list': service['processes.list'] },
    close: () => service.close(),
  };
}
