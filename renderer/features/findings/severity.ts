import type { Severity } from '../../../native-bridge/contract/findings.js';

export const SEVERITY_LABEL: Record<Severity, string> = { serious: 'Serious', warning: 'Worth a look', info: 'Info' };
