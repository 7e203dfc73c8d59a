import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { hrefFor } from '../../app/router.js';
import { chipText } from './status-text.js';
import { useRecording } from './store.js';
import './recording.css';

const REFRESH_MS = 30_000;

/** "Recording since 09:12 · 34 MiB" beside the range bar, linking to the Recording page. */
export function RecordingChip() {
  const status = useRecording((s) => s.status);
  const load = useRecording((s) => s.load);
  useVisibleInterval(load, REFRESH_MS);
  if (!status) return null;
  const chip = chipText(status);
  return (
    <a className={`recording-chip ${chip.tone}`} href={hrefFor('recording')} title={chip.title} data-testid="recording-chip">
      {chip.text}
    </a>
  );
}
