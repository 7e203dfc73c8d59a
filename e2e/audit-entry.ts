import { join } from 'node:path';
import { createAuditLog } from '../native-bridge/processes/audit-log.js';

/**
 * Writes a real renice entry through the real audit writer into the backend's own audit log: a change of the
 * last minutes, named so a spec can find its own among other specs' actions on the shared worker backend.
 */
export function appendReniceEntry(stateHome: string, name: string): void {
  createAuditLog(join(stateHome, 'triage', 'audit.jsonl')).append({
    time: new Date().toISOString(),
    user: { uid: 0, name: 'root' },
    action: 'renice',
    params: { nice: 5 },
    forced: false,
    target: { pid: 4242, startTime: 1, name, cmdline: name },
    result: { ok: true, message: `Set the priority of ${name} to 5.` },
  });
}
