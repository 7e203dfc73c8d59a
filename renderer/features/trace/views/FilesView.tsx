import type { FileEntry } from '../../../../native-bridge/contract/index.js';
import { CopyButton } from '../CopyButton.js';
import { fileText, resultsText } from '../display.js';
import { VirtualList } from '../../../app/VirtualList.js';

export function FilesView({ files, truncated }: { files: readonly FileEntry[]; truncated: number }) {
  if (files.length === 0) return <p className="muted">No files so far.</p>;
  return (
    <>
      <VirtualList
        items={files}
        rowHeight={30}
        height={460}
        testId="trace-files"
        className="grid-list files-grid"
        header={
          <div className="grid-head">
            <span>Path</span>
            <span>Operations</span>
            <span>Results</span>
            <span className="num">Calls</span>
            <span />
          </div>
        }
        keyOf={(f) => f.path}
        renderRow={(f) => (
          <div className={`grid-row${f.noise ? ' noise' : ''}${Object.keys(f.results.errors).length > 0 ? ' failed' : ''}`}>
            <code title={f.path}>{f.path}</code>
            <span title={f.ops.join(', ')}>{f.ops.join(', ')}</span>
            <span className="results">{resultsText(f.results)}</span>
            <span className="num">{f.count}</span>
            <CopyButton text={fileText(f)} />
          </div>
        )}
      />
      {truncated > 0 ? <p className="muted small">{truncated} more files are not listed; filter to narrow them down.</p> : null}
    </>
  );
}
