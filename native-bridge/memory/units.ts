// The shared formatters and units, under the names this folder has always used.
export { formatBytes, formatDuration, formatGrowthRate as formatRate, GiB, KiB, MiB } from '../common/format/index.js';
