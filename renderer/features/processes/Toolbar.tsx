import { forwardRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../../app/format.js';
import { Segmented } from '../../app/Segmented.js';
import { KEYBOARD_HELP } from './actions.js';
import { COLUMNS } from './columns.js';
import { useProcesses } from './store.js';

function ColumnChooser() {
  const { columns, toggleColumn } = useProcesses(useShallow((s) => ({ columns: s.columns, toggleColumn: s.toggleColumn })));
  return (
    <details className="popover-menu" data-testid="column-chooser">
      <summary className="button">Columns</summary>
      <div className="popover" role="group" aria-label="Visible columns">
        {COLUMNS.map((column) => (
          <label key={column.id} className="check" title={column.description}>
            <input
              type="checkbox"
              checked={columns.includes(column.id)}
              data-testid={`column-toggle-${column.id}`}
              onChange={() => toggleColumn(column.id)}
            />
            {column.label}
          </label>
        ))}
      </div>
    </details>
  );
}

function KeyboardHelp() {
  return (
    <details className="popover-menu" data-testid="keyboard-help">
      <summary className="button">Keyboard</summary>
      <div className="popover wide">
        <dl className="facts keys">
          {KEYBOARD_HELP.map(([keys, what]) => (
            <div key={keys} className="key-row">
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">Action keys work while the table has the focus.</p>
      </div>
    </details>
  );
}

/** onLeaveFilter moves the focus to the table (↓ or Esc on an empty filter). */
export const Toolbar = forwardRef<HTMLInputElement, { onLeaveFilter(): void }>(function Toolbar({ onLeaveFilter }, filterRef) {
  const { filter, cpuMode, tree, ncpu, shown, total, setFilter, setCpuMode, setTree } = useProcesses(
    useShallow((s) => ({
      filter: s.filter,
      cpuMode: s.cpuMode,
      tree: s.tree,
      ncpu: s.ncpu,
      shown: s.view.length,
      total: s.rows.length,
      setFilter: s.setFilter,
      setCpuMode: s.setCpuMode,
      setTree: s.setTree,
    })),
  );

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (filter) setFilter('');
      else onLeaveFilter();
    } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      onLeaveFilter();
    }
  }

  return (
    <div className="controls proc-toolbar">
      <input
        ref={filterRef}
        type="search"
        className="filter-input"
        placeholder="Filter: name, command line, user or pid  ( / )"
        aria-label="Filter processes by name, command line, user or pid (shortcut / or Ctrl+F)"
        value={filter}
        data-testid="process-filter"
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className="muted count" data-testid="process-count">
        {filter ? `${formatCount(shown)} of ${formatCount(total)}` : formatCount(total)} {total === 1 ? 'process' : 'processes'}
      </span>
      <Segmented
        label="CPU percent of"
        value={cpuMode}
        onSelect={setCpuMode}
        options={[
          { value: 'core', label: 'CPU of one core', testId: 'cpu-mode-core', title: '100% = one core fully busy (like top)' },
          { value: 'machine', label: 'of the machine', testId: 'cpu-mode-machine', title: `100% = all ${ncpu} cores fully busy` },
        ]}
      />
      <label className="check">
        <input type="checkbox" checked={tree} data-testid="tree-toggle" onChange={(event) => setTree(event.target.checked)} />
        Tree
      </label>
      <ColumnChooser />
      <KeyboardHelp />
    </div>
  );
});
