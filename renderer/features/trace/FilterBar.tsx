import { useShallow } from 'zustand/react/shallow';
import { CLASS_CHOICES } from './display.js';
import { useTrace } from './store.js';

/** strace's own class names, so they read like `-e trace=%file`. */
const CLASS_LABEL: Record<string, string> = {
  file: '%file',
  desc: '%desc',
  network: '%network',
  process: '%process',
  memory: '%memory',
  signal: '%signal',
  ipc: '%ipc',
  library: 'library',
  other: 'other',
};

export function FilterBar({ showFailedOnly }: { showFailedOnly: boolean }) {
  const { filter, failedOnly, setFilter, setFailedOnly } = useTrace(
    useShallow((s) => ({ filter: s.filter, failedOnly: s.failedOnly, setFilter: s.setFilter, setFailedOnly: s.setFailedOnly })),
  );
  return (
    <div className="trace-filter" data-testid="trace-filter">
      <input
        type="search"
        placeholder="Filter: path, call, errno…"
        aria-label="Filter by text"
        value={filter.text}
        data-testid="trace-filter-text"
        onChange={(event) => setFilter({ text: event.target.value })}
      />
      <span className="chips" role="group" aria-label="Filter by class">
        {CLASS_CHOICES.map((cls) => {
          const on = filter.classes.includes(cls);
          return (
            <button
              key={cls}
              type="button"
              className={on ? 'chip on' : 'chip'}
              aria-pressed={on}
              data-testid={`trace-class-${cls}`}
              onClick={() => setFilter({ classes: on ? filter.classes.filter((c) => c !== cls) : [...filter.classes, cls] })}
            >
              {CLASS_LABEL[cls]}
            </button>
          );
        })}
      </span>
      {showFailedOnly ? (
        <label className="check">
          <input type="checkbox" checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)} data-testid="trace-failed-only" />
          failed calls only
        </label>
      ) : null}
      {filter.text !== '' || filter.classes.length > 0 ? (
        <button type="button" className="button small" onClick={() => setFilter({ text: '', classes: [] })}>
          Clear
        </button>
      ) : null}
    </div>
  );
}
