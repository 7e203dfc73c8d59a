import { useShallow } from 'zustand/react/shallow';
import { Segmented } from '../../app/Segmented.js';
import { useHistory } from '../history/index.js';
import { RecordingChip } from '../recording/index.js';
import { CustomRange } from './CustomRange.js';
import { choiceOf, RANGE_CHOICES, useRangeBar, type RangeChoice } from './range-bar.js';
import './range-bar.css';

/** Live · 1 h · 24 h · 7 d · Custom: what the dashboard shows, the live charts or a recorded window. */
export function RangeBar() {
  const bar = useRangeBar(useShallow((s) => ({ live: s.live, custom: s.custom, goLive: s.goLive, showPreset: s.showPreset, openCustom: s.openCustom })));
  const preset = useHistory((s) => s.range.preset);
  const choice = choiceOf(bar, preset);
  const select = (value: RangeChoice) => {
    if (value === 'live') bar.goLive();
    else if (value === 'custom') bar.openCustom();
    else bar.showPreset(value);
  };
  return (
    <div className="range-bar" data-testid="range-bar">
      <Segmented label="Range" value={choice} onSelect={select} options={RANGE_CHOICES.map((c) => ({ ...c, testId: `range-${c.value}` }))} />
      {choice === 'custom' ? <CustomRange /> : null}
      <RecordingChip />
    </div>
  );
}
