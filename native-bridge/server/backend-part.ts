import type { ContractShape, Implementation } from '../contract/define.js';

/**
 * Some of the backend: the endpoints one caller needs and only the services behind them. A quick CLI
 * command (`triage ps`) is served this way instead of starting every service of createBackend.
 */
export interface BackendPart<C extends ContractShape> {
  contract: C;
  implementation: Implementation<C>;
  close(): void;
}
