import type { OpenFile, OpenFilesResult } from '../../../native-bridge/contract/index.js';
import { formatCount } from '../../app/format.js';
import { Cell, VirtualRows, type Column } from './VirtualRows.js';

const COLUMNS = {
  fd: { id: 'fd', label: 'FD', width: 60, numeric: true },
  type: { id: 'type', label: 'Type', width: 90 },
  mode: { id: 'mode', label: 'Mode', width: 60 },
  position: { id: 'position', label: 'Offset', width: 110, numeric: true },
  path: { id: 'path', label: 'Path or object' },
} satisfies Record<string, Column>;
const ORDER: Column[] = [COLUMNS.fd, COLUMNS.type, COLUMNS.mode, COLUMNS.position, COLUMNS.path];

const MODE_WORDS = { r: 'read', w: 'write', rw: 'read+write' } as const;

function FileRow({ f }: { f: OpenFile }) {
  const what = f.path ?? f.target;
  return (
    <div role="row" className={`nf-row${f.deleted ? ' nf-stuck' : ''}`} data-testid="open-file-row" data-fd={f.fd} data-type={f.type}>
      <Cell column={COLUMNS.fd}>{f.fd}</Cell>
      <Cell column={COLUMNS.type}>{f.type}</Cell>
      <Cell column={COLUMNS.mode} title={f.mode ? MODE_WORDS[f.mode] : 'unknown'}>
        {f.mode ?? '—'}
      </Cell>
      <Cell column={COLUMNS.position}>{f.position === null ? '—' : formatCount(f.position)}</Cell>
      <Cell column={COLUMNS.path} title={f.target}>
        <span className="mono">{what}</span>
        {f.deleted ? <span className="nf-badge">deleted</span> : null}
      </Cell>
    </div>
  );
}

/** "12 files · 3 sockets · 2 pipes". */
export function typeSummary(counts: OpenFilesResult['countsByType']): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${formatCount(n)} ${type}`)
    .join(' · ');
}

export function OpenFilesTable({ files, testId = 'open-files-table', maxHeight }: { files: readonly OpenFile[]; testId?: string; maxHeight?: number }) {
  return (
    <VirtualRows
      items={files}
      columns={ORDER}
      rowKey={(f) => String(f.fd)}
      testId={testId}
      label="Open file descriptors"
      maxHeight={maxHeight}
      empty="This process has no open descriptors."
      renderRow={(f) => <FileRow f={f} />}
    />
  );
}
