import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type Contract } from '../native-bridge/contract/index.js';
import type { ContractClient } from '../native-bridge/contract/define.js';
import { createSystemCollector } from '../native-bridge/platform/system-collector.js';
import { createBackend, type Backend, type BackendOptions } from '../native-bridge/server/backend.js';
import { createInProcessClient } from '../native-bridge/server/transports/in-process.js';

export interface TestBackendOptions extends Partial<BackendOptions> {
  /** The temp dir's name prefix, so a leftover dir names the test that made it. */
  prefix?: string;
  /** Files written into the config dir before the backend starts (settings, findings thresholds). */
  files?: Record<string, string>;
}

export interface TestBackend extends Backend {
  /** Settings, state and the audit log (audit.jsonl) live here unless the options say otherwise. */
  configDir: string;
}

export interface TestClient {
  backend: TestBackend;
  client: ContractClient<Contract>;
  configDir: string;
  /** Closes the client and the backend, then removes the temp dir; a second call does nothing. */
  close(): void;
}

/**
 * The real backend on this machine's /proc, with settings, state and the audit log in a throwaway dir that
 * close() removes. A configDir passed in is the caller's (a second launch on the same dir): it is kept.
 */
export function realBackend(options: TestBackendOptions = {}): TestBackend {
  const { prefix = 'triage-test-', files = {}, ...rest } = options;
  const owned = rest.configDir === undefined;
  const configDir = rest.configDir ?? mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(configDir, name), text);
  const backend = createBackend({
    mode: 'web',
    system: createSystemCollector(),
    stateDir: configDir,
    auditPath: join(configDir, 'audit.jsonl'),
    ...rest,
    configDir,
  });
  let closed = false;
  return {
    ...backend,
    configDir,
    close() {
      if (closed) return;
      closed = true;
      backend.close();
      if (owned) rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** A real backend behind the in-process transport: the same envelope, validation and errors as IPC and WebSocket. */
export function connectTestClient(options: TestBackendOptions = {}): TestClient {
  const backend = realBackend(options);
  const inProcess = createInProcessClient(contract, backend.implementation);
  let closed = false;
  return {
    backend,
    client: inProcess.client,
    configDir: backend.configDir,
    close() {
      if (closed) return;
      closed = true;
      inProcess.close();
      backend.close();
    },
  };
}
