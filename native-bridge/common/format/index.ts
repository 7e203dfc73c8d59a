// The one formatting module: bytes, rates, counts with plurals, percentages, durations and timestamps,
// shared by the backend (CLI text, HTML report, sentences) and the renderer. Pure: no Node, no DOM.
export { formatBytes, formatByteRate, formatGrowthRate, GiB, isFiniteNumber, KiB, MiB, MISSING } from './bytes.js';
export { formatCount, formatPercent, formatPerSecond, noun, plural } from './numbers.js';
export { formatClock, formatDuration, formatTimestamp } from './time.js';
export { sinceWords, startUnknown } from './since.js';
export { descriptorCounts } from './nouns.js';
export { formatMeasure, type MeasureUnit } from './measure.js';
