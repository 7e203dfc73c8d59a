import './badge.css';
import { useEffect } from 'react';
import { SEVERITY_LABEL } from './severity.js';
import { useFindings, worstSeverity } from './store.js';

/** The count of findings beside "Findings" in the navigation, coloured by the most serious one. */
/** Started after the first screen has drawn: the process sampler it wakes must not delay the first chart. */
const START_DELAY_MS = 1500;

export function FindingsBadge() {
  // A new report arrives with every sample (each second) and is usually the same verdict: selecting the
  // count and the worst severity, not the report, the badge renders only when one of them changes.
  const count = useFindings((s) => s.report?.findings.length ?? 0);
  const worst = useFindings((s) => worstSeverity(s.report));
  useEffect(() => {
    const timer = setTimeout(() => useFindings.getState().start(), START_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!worst) return null;
  return (
    <span className={`nav-badge severity-${worst}`} data-testid="findings-badge" title={`${count} finding${count === 1 ? '' : 's'}, the worst: ${SEVERITY_LABEL[worst]}`}>
      {count}
    </span>
  );
}
