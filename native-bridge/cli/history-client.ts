import type { ContractClient } from '../contract/define.js';
import { historyContract, type HistoryContract } from '../contract/history.js';
import { createHistoryService, NOBODY_RECORDS } from '../history/service.js';
import { dataDirs } from '../shared/data-dirs.js';
import { loadSettings } from '../shared/settings.js';
import { createInProcessClient } from '../server/transports/in-process.js';

/**
 * The history's queries through the contract's client, without the rest of the backend: a query command
 * must not start samplers (or a second recorder) just to read the file.
 */
export async function withHistoryClient<T>(use: (client: ContractClient<HistoryContract>) => Promise<T>): Promise<T> {
  const dirs = dataDirs();
  const service = createHistoryService({
    stateDir: dirs.state,
    settings: loadSettings(dirs.config).history,
    record: { on: false, why: NOBODY_RECORDS },
  });
  const { client, close } = createInProcessClient(historyContract, service.implementation);
  try {
    return await use(client);
  } finally {
    close();
    service.close();
  }
}
