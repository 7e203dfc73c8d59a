// The shared formatters, under the names this folder has always used.
export { formatBytes, plural } from '../common/format/index.js';
