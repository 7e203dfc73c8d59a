import { contract, type Contract, type ContractClient } from '../contract/index.js';
import { createBackend, type Backend, type BackendTuning } from '../server/backend.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { createInProcessClient } from '../server/transports/in-process.js';
import type { AppInfo } from '../contract/app.js';

export interface Runtime {
  backend: Backend;
  client: ContractClient<Contract>;
  close(): void;
}

/** The backend plus an in-process client for it: what every CLI subcommand talks to. */
export function openRuntime(mode: AppInfo['mode'], tuning?: BackendTuning): Runtime {
  const backend = createBackend({ mode, system: createSystemCollector(), onError: logError, tuning });
  const { client, close } = createInProcessClient(contract, backend.implementation);
  return {
    backend,
    client,
    close() {
      close();
      backend.close();
    },
  };
}

export function logError(error: unknown): void {
  process.stderr.write(`triage: ${error instanceof Error ? error.message : String(error)}\n`);
}
