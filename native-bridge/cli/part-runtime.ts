import type { ContractClient, ContractShape } from '../contract/define.js';
import type { BackendPart } from '../server/backend-part.js';
import { createInProcessClient } from '../server/transports/in-process.js';

export interface PartRuntime<C extends ContractShape> {
  client: ContractClient<C>;
  close(): void;
}

/**
 * The same in-process client as openRuntime's (envelopes, validation, error shapes), over only part of
 * the backend. Its own module: loading it must not load createBackend and every service.
 */
export function openPart<C extends ContractShape>(part: BackendPart<C>): PartRuntime<C> {
  // Parts serve quick commands that make a call or two and exit.
  const { client, close } = createInProcessClient(part.contract, part.implementation, { oneShot: true });
  return {
    client,
    close() {
      close();
      part.close();
    },
  };
}
