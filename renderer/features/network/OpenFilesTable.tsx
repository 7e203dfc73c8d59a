import type { OpenFile, OpenFilesResult } from '../../../native-bridge/contract/index.js';
import { formatCount, plural } from '../../app/format.js';
import { descriptorCounts } from '../../../native-bridge/common/format/index.js';
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
  return descriptorCounts(counts).join(' · ');
}

/**
 * The line above the table: how many descriptors, of which kinds, and what could not be read and why.
 * "Could not read" is never shown as "none".
 */
export function openFilesSummary(result: OpenFilesResult): string {
  const { unreadable: u } = result;
  const read = `${plural(result.files.length, 'open descriptor')}${result.files.length ? `: ${typeSummary(result.countsByType)}` : ''}`;
  if (!u) return read;
  if (u.descriptors === null) return `Could not read its open descriptors. ${u.sentence}`;
  if (u.reason === 'kernel-thread') return u.sentence;
  if (result.files.length === 0) return `${plural(u.descriptors, 'open descriptor')}, none of which Triage may read. ${u.sentence}`;
  return `${read}. ${plural(u.descriptors, 'more descriptor')} could not be read: ${u.sentence}`;
}

/** What the empty table says: "none" only when the list was read and is empty. */
export function emptyFilesText(result: OpenFilesResult | undefined): string {
  if (result?.unreadable) return result.unreadable.descriptors === null || result.unreadable.descriptors > 0 ? 'Not shown: Triage may not read them.' : 'A kernel thread has no open files.';
  return 'This process has no open descriptors.';
}

export function OpenFilesTable({
  files,
  testId = 'open-files-table',
  maxHeight,
  empty = 'This process has no open descriptors.',
}: {
  files: readonly OpenFile[];
  testId?: string;
  maxHeight?: number;
  empty?: string;
}) {
  return (
    <VirtualRows
      items={files}
      columns={ORDER}
      rowKey={(f) => String(f.fd)}
      testId={testId}
      label="Open file descriptors"
      maxHeight={maxHeight}
      empty={empty}
      renderRow={(f) => <FileRow f={f} />}
    />
  );
}
