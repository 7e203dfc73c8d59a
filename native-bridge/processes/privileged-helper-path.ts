import type { HelperTrust } from '../shared/trusted-executable.js';

export { checkHelperTrust, type Lstat } from '../shared/trusted-executable.js';

/** The one place the root helper may live; the polkit policy (assets/org.triage.workbench.policy) names this path. */
export const INSTALLED_HELPER = '/usr/lib/triage/triage-act';
const INSTALLED_POLICY = '/usr/share/polkit-1/actions/org.triage.workbench.policy';

/** The exact commands that install the helper and its policy, run from the Triage folder (a checkout or the npm package). */
export const INSTALL_COMMAND =
  `sudo install -D -o root -g root -m 0755 native-bridge/processes/privileged/triage-act.mjs ${INSTALLED_HELPER} && ` +
  `sudo install -D -o root -g root -m 0644 assets/org.triage.workbench.policy ${INSTALLED_POLICY}`;

/** The sentence for a helper Triage will not run: what is wrong, and the command that fixes it. */
export function untrustedHelperMessage(trust: Extract<HelperTrust, { ok: false }>): string {
  const why = trust.missing
    ? `Triage's administrator helper is not installed at ${INSTALLED_HELPER}`
    : `Triage's administrator helper is not safe to run as root: ${trust.problem}`;
  return `${why} So this cannot be retried with administrator rights. To install it, run from the Triage folder: ${INSTALL_COMMAND}`;
}
