import { recordingContract } from '../../contract/recording.js';
import { realAutostartEnv } from '../../history/autostart.js';
import { createHistoryService, NOBODY_RECORDS } from '../../history/service.js';
import { createAuditLog } from '../../processes/audit-log.js';
import { dataDirs } from '../../shared/data-dirs.js';
import { loadSettings } from '../../shared/settings.js';
import { auditRecordingActions } from '../audit-actions.js';
import type { BackendPart } from '../backend-part.js';
import { recordingMethods } from '../recording-methods.js';

/**
 * The recording endpoints for `triage record --status/--install/--uninstall`: the history read-only (no
 * sampler, no second recorder), the autostart entry, no exporter; the changes audited as the app audits them.
 */
export function recordingPart(onError?: (error: unknown) => void): BackendPart<typeof recordingContract> {
  const dirs = dataDirs();
  const history = createHistoryService({
    stateDir: dirs.state,
    settings: loadSettings(dirs.config).history,
    record: { on: false, why: NOBODY_RECORDS },
  });
  const plain = recordingMethods({ historyStatus: () => history.implementation['history.status']({}), autostart: realAutostartEnv(), exporter: null });
  return {
    contract: recordingContract,
    implementation: { ...plain, ...auditRecordingActions(plain, createAuditLog(), { onError }) },
    close: () => history.close(),
  };
}
