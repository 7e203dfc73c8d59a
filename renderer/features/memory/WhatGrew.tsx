import { useState } from 'react';
import type { MemoryMapsComparison, MemoryPinInfo } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatClock } from '../../app/format.js';
import { useMemory } from './store.js';
import { ErrorText } from '../../app/RetryError.js';
import { num, TableHead } from '../../app/TableHead.js';

const GROUP_LABELS: Record<MemoryMapsComparison['groups'][number]['group'], string> = {
  heap: 'Heap',
  anonymous: 'Anonymous',
  stack: 'Stacks',
  library: 'Libraries',
  file: 'Mapped files',
  'shared-memory': 'Shared memory',
  kernel: 'Kernel (vdso…)',
  other: 'Other',
};

const TOP_MAPPINGS = 12;
const NOW = 'now';

function signed(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

function snapshotOptions(snapshots: MemoryPinInfo['snapshots']) {
  return snapshots.map((s, i) => (
    <option key={s.snapshotId} value={s.snapshotId}>
      {`${formatClock(s.time)} (pid ${s.pid})${i === 0 ? ', when pinned' : ''}`}
    </option>
  ));
}

/** Sorted groups and the mappings that changed most: what the table shows. */
export function comparisonView(result: MemoryMapsComparison, top = TOP_MAPPINGS) {
  const rss = result.measure === 'rss';
  const groups = [...result.groups]
    .map((g) => ({
      ...g,
      before: rss ? (g.fromRssBytes ?? g.fromSizeBytes) : g.fromSizeBytes,
      after: rss ? (g.toRssBytes ?? g.toSizeBytes) : g.toSizeBytes,
    }))
    .sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) || b.after - a.after);
  const mappings = [...result.mappings]
    .filter((m) => m.deltaBytes !== 0)
    .sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes))
    .slice(0, top);
  return { groups, mappings };
}

function ComparisonTable({ result }: { result: MemoryMapsComparison }) {
  const { groups, mappings } = comparisonView(result);
  return (
    <div className="what-grew-result" data-testid="what-grew-result">
      <p className="small">
        From {formatClock(result.from.time)} to {formatClock(result.to.time)}: {result.measure === 'rss' ? 'resident memory' : 'mapped (virtual) size'}{' '}
        changed by <strong className="num">{signed(result.totalDeltaBytes)}</strong>.
        {result.measure === 'virtual' ? ' Only virtual sizes are readable for this process (another user owns it).' : ''}
        {result.samePid ? '' : ' The program restarted in between, so this compares two different processes.'}
      </p>
      <table className="table" data-testid="what-grew-groups">
        <TableHead columns={['Kind of memory', num('Mappings'), num('Before'), num('After'), num('Change')]} />
        <tbody>
          {groups.map((g) => (
            <tr key={g.group} data-group={g.group}>
              <td>{GROUP_LABELS[g.group]}</td>
              <td className="num">
                {g.fromCount === g.toCount ? g.toCount : `${g.fromCount} → ${g.toCount}`}
              </td>
              <td className="num">{formatBytes(g.before)}</td>
              <td className="num">{formatBytes(g.after)}</td>
              <td className={g.deltaBytes > 0 ? 'num grew' : 'num'}>{signed(g.deltaBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mappings.length > 0 ? (
        <table className="table" data-testid="what-grew-mappings">
          <TableHead columns={['Mapping', 'Kind', 'Perms', num('Before'), num('After'), num('Change')]} />
          <tbody>
            {mappings.map((m) => (
              <tr key={m.key}>
                <td className="wrap mono">{m.path || '[anonymous]'}</td>
                <td>
                  {GROUP_LABELS[m.group]}
                  {m.change === 'appeared' || m.change === 'disappeared' ? <span className="muted"> ({m.change})</span> : null}
                </td>
                <td className="mono">{m.perms}</td>
                <td className="num">{formatBytes(m.fromBytes)}</td>
                <td className="num">{formatBytes(m.toBytes)}</td>
                <td className={m.deltaBytes > 0 ? 'num grew' : 'num'}>{signed(m.deltaBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No single mapping changed.</p>
      )}
    </div>
  );
}

/** "What grew?": compare two memory-map snapshots of a pinned process, by kind of memory and by mapping. */
export function WhatGrew({ pin }: { pin: MemoryPinInfo }) {
  const state = useMemory((s) => s.compare[pin.pinId]);
  const compareMaps = useMemory((s) => s.compareMaps);
  const captureMaps = useMemory((s) => s.captureMaps);
  const snapshots = pin.snapshots;
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>(NOW);
  const fromId = from === '' ? snapshots[0]?.snapshotId : Number(from);
  const running = pin.status === 'running';
  const working = state?.status === 'working';

  return (
    <section className="what-grew" data-testid="what-grew">
      <div className="what-grew-controls">
        <label>
          From
          <select value={from === '' ? String(fromId ?? '') : from} onChange={(e) => setFrom(e.target.value)} data-testid="what-grew-from" disabled={snapshots.length === 0}>
            {snapshotOptions(snapshots)}
          </select>
        </label>
        <label>
          to
          <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="what-grew-to">
            <option value={NOW}>now (take a fresh snapshot)</option>
            {snapshotOptions(snapshots)}
          </select>
        </label>
        <button
          type="button"
          className="button primary"
          disabled={working || fromId === undefined || (to === NOW && !running)}
          onClick={() => void compareMaps(pin.pinId, fromId, to === NOW ? undefined : Number(to))}
          data-testid="what-grew-compare"
        >
          {working ? 'Comparing…' : 'Compare'}
        </button>
        <button type="button" className="button" disabled={!running} onClick={() => void captureMaps(pin.pinId)} data-testid="what-grew-capture">
          Take snapshot now
        </button>
      </div>
      {snapshots.length === 0 ? (
        <p className="muted small">No memory map was captured for this process yet{running ? ': take a snapshot, wait, then compare.' : '.'}</p>
      ) : null}
      <ErrorText error={state?.error} testId="what-grew-error" small />
      {state?.result ? <ComparisonTable result={state.result} /> : null}
    </section>
  );
}
