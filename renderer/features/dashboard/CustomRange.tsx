import { useState } from 'react';
import { fromLocalInput, toLocalInput, useHistory } from '../history/index.js';
import { useRangeBar } from './range-bar.js';

/** From/to inputs for a window of the user's; a window that cannot be shown says why and draws nothing new. */
function CustomRangeForm({ from, to }: { from: number; to: number }) {
  const showWindow = useRangeBar((s) => s.showWindow);
  const [start, setStart] = useState(toLocalInput(from));
  const [end, setEnd] = useState(toLocalInput(to));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="range-custom"
      data-testid="range-custom-form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(showWindow(fromLocalInput(start), fromLocalInput(end)));
      }}
    >
      <label>
        From <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} data-testid="range-from" />
      </label>
      <label>
        to <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} data-testid="range-to" />
      </label>
      <button type="submit" className="button" data-testid="range-apply">
        Show
      </button>
      {problem ? (
        <span className="error" role="alert" data-testid="range-problem">
          {problem}
        </span>
      ) : null}
    </form>
  );
}

/** The form starts from the window shown (or the last hour), and again after a brushed zoom changes it. */
export function CustomRange() {
  const from = useHistory((s) => s.range.from);
  const to = useHistory((s) => s.range.to);
  return <CustomRangeForm key={`${from}:${to}`} from={from} to={to} />;
}
