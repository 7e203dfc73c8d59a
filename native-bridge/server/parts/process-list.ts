import { processesContract } from '../../contract/processes.js';
import { createProcessService, type ProcessServiceOptions } from '../../processes/service.js';
import type { BackendPart } from '../backend-part.js';

const listContract = { 'processes.list': processesContract['processes.list'] } as const;

/** `processes.list` alone, from the same process service createBackend serves (for `triage ps`). */
export function processListPart(options: ProcessServiceOptions = {}): BackendPart<typeof listContract> {
  const service = createProcessService(options);
  return {
    contract: listContract,
    implementation: { 'processes.list': service['processes.list'] },
    close: () => service.close(),
  };
}
