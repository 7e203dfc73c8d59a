import { formatMeasure } from '../../../native-bridge/common/format/index.js';
import type { Evidence } from '../../../native-bridge/contract/findings.js';

/** One evidence figure as a user reads it, in the app's one style (the HTML report uses the same function). */
export const evidenceValue = (e: Evidence): string => formatMeasure(e.value, e.unit);

