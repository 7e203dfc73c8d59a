// What the dashboard's range bar shows: the recording chip (the page itself loads with its route).
export { RecordingChip } from './RecordingChip.js';
