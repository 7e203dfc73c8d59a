import { useCallback, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProcessDetail, ProcessRow } from '../../../native-bridge/contract/index.js';
import { Fact } from '../../app/Fact.js';
import { formatBytes, formatCount, formatDuration, formatPercent, formatTimestamp, plural } from '../../app/format.js';
import { cpuPercent, STATE_NAMES, type CpuMode } from './columns.js';
import { keyOf } from './keys.js';
import { DetailTools } from './DetailTools.js';
import { Sparkline } from './Sparkline.js';
import { useProcesses, type HistoryPoint } from './store.js';

/** CPU below this (% of a core, or of the machine) is drawn on a 0–10 % axis: idle noise stays flat. */
const CPU_FLOOR_PERCENT = 10;
/** Memory axes start at least at 1 MiB, so a tiny process's page-sized changes stay small. */
const RSS_FLOOR_BYTES = 1024 * 1024;
const formatScalePercent = (top: number): string => formatPercent(top, 0);
const rssOf = (p: HistoryPoint): number => p.rss;

const orUnreadable = (value: string | null | undefined): string => value ?? 'not readable (another user’s process)';

function limit(soft: number | null, hard: number | null, bytes: boolean): string {
  const one = (n: number | null): string => (n === null ? 'unlimited' : bytes ? formatBytes(n) : formatCount(n));
  return soft === hard ? one(soft) : `${one(soft)} (up to ${one(hard)})`;
}

function ExeFact({ detail }: { detail: ProcessDetail }) {
  return (
    <Fact label="Executable" testId="detail-exe">
      <span className="mono">{orUnreadable(detail.exe)}</span>
      {detail.exeDeleted ? (
        <span className="badge warn" title="The program file was deleted after the process started (often an upgrade): it still runs the old code.">
          deleted
        </span>
      ) : null}
      {detail.exeReplaced ? (
        <span className="badge warn" title="The file at this path is not the one running: it was replaced (upgraded) since the process started.">
          replaced since start
        </span>
      ) : null}
    </Fact>
  );
}

function DetailSparklines({ row, points, cpuMode, ncpu }: { row: ProcessRow; points: readonly HistoryPoint[]; cpuMode: CpuMode; ncpu: number }) {
  // Stable readers, so the sparklines' memoised rows are rebuilt only when the points change.
  const cpuOf = useCallback((p: HistoryPoint) => cpuPercent(p, cpuMode, ncpu), [cpuMode, ncpu]);
  return (
    <div className="sparklines">
      <Sparkline
        label={cpuMode === 'core' ? 'CPU (% of one core)' : 'CPU (% of the machine)'}
        points={points}
        value={cpuOf}
        latest={formatPercent(cpuPercent(row, cpuMode, ncpu))}
        color="var(--accent)"
        testId="detail-cpu"
        floor={CPU_FLOOR_PERCENT}
        ceiling={100}
        formatScale={formatScalePercent}
      />
      <Sparkline
        label="Resident memory"
        points={points}
        value={rssOf}
        latest={formatBytes(row.rss)}
        color="var(--warn)"
        testId="detail-rss"
        floor={RSS_FLOOR_BYTES}
        unit="bytes"
        formatScale={formatBytes}
      />
    </div>
  );
}

/** What the sampled row says (user and group get their names once the detail is read). */
function RowFacts({ row, data, time }: { row: ProcessRow; data: ProcessDetail | null; time: number }) {
  return (
    <>
      <Fact label="State" testId="detail-state">
        {row.state} {STATE_NAMES[row.state] ?? ''}
      </Fact>
      <Fact label="User / group">
        {data?.user ? `${data.user.name} (${data.user.uid})` : row.user}
        {data?.group ? ` / ${data.group.name} (${data.group.gid})` : ''}
      </Fact>
      <Fact label="Parent">{row.ppid}</Fact>
      <Fact label="Started">
        {formatTimestamp(row.startedAt)} ({formatDuration((time - row.startedAt) / 1000)} ago)
      </Fact>
      <Fact label="Threads / nice">
        {plural(row.threads, 'thread')}, nice {row.nice}
      </Fact>
      <Fact label="CPU time">{formatDuration(row.cpuTime)}</Fact>
      <Fact label="Memory">
        RES {formatBytes(row.rss)} · SHR {formatBytes(row.shared)} · VIRT {formatBytes(row.vsize)} · swap {formatBytes(row.swap)}
      </Fact>
    </>
  );
}

/** What only the detail read says: files, limits, I/O, cgroup, service, container. */
function DetailFacts({ data }: { data: ProcessDetail }) {
  return (
    <>
      <Fact label="Open files" testId="detail-fds">
        {data.fdCount === null ? 'not readable' : `${data.fdCount} open`}
        {data.limits ? `, limit ${limit(data.limits.openFilesSoft, data.limits.openFilesHard, false)}` : ''}
      </Fact>
      <Fact label="Core dump size limit">{data.limits ? limit(data.limits.coreSizeSoft, data.limits.coreSizeHard, true) : 'not readable'}</Fact>
      <Fact label="I/O totals" testId="detail-io">
        {data.io
          ? `read ${formatBytes(data.io.readBytes)} · written ${formatBytes(data.io.writeBytes)} from storage; ${formatBytes(data.io.rchar)} / ${formatBytes(data.io.wchar)} through read/write calls`
          : 'not readable (another user’s process)'}
      </Fact>
      <Fact label="Control group">
        <span className="mono">{data.cgroup ?? '—'}</span>
      </Fact>
      {data.unit ? <Fact label="Service">{data.unit}</Fact> : null}
      <Fact label="Container">{data.container ? `${data.container.runtime} ${data.container.id.slice(0, 12)}` : 'none'}</Fact>
    </>
  );
}

export function DetailPanel() {
  const { focus, row, detail, history, cpuMode, ncpu, time, loadDetail } = useProcesses(
    useShallow((s) => ({
      focus: s.selection.focus,
      row: s.selection.focus === null ? undefined : s.rows.find((r) => keyOf(r) === s.selection.focus),
      detail: s.detail,
      history: s.history,
      cpuMode: s.cpuMode,
      ncpu: s.ncpu,
      time: s.time,
      loadDetail: s.loadDetail,
    })),
  );
  useEffect(() => {
    if (focus !== null) void loadDetail();
  }, [focus, loadDetail]);

  if (focus === null || !row) {
    return (
      <aside className="card proc-detail" data-testid="process-detail">
        <p className="muted">Select a process to see its details. Ctrl+click or Shift+click selects several.</p>
      </aside>
    );
  }
  const data = detail?.key === focus ? detail.data : null;
  const error = detail?.key === focus ? detail.error : null;
  const points = history.key === focus ? history.points : [];
  return (
    <aside className="card proc-detail" data-testid="process-detail" aria-label={`Details of ${row.name}`}>
      <h2 className="detail-title">
        {row.name} <span className="muted">pid {row.pid}</span>
      </h2>
      <DetailSparklines row={row} points={points} cpuMode={cpuMode} ncpu={ncpu} />
      {error ? (
        <p className="error-box" role="alert" data-testid="detail-error">
          {error}
        </p>
      ) : null}
      <dl className="facts detail-facts">
        <Fact label="Command line" testId="detail-cmdline">
          <span className="mono">{data ? data.cmdline || `[${data.name}] (kernel thread)` : row.cmdline || `[${row.name}]`}</span>
        </Fact>
        {data ? <ExeFact detail={data} /> : null}
        {data ? <Fact label="Working directory">{<span className="mono">{orUnreadable(data.cwd)}</span>}</Fact> : null}
        <RowFacts row={row} data={data} time={time} />
        {data ? (
          <DetailFacts data={data} />
        ) : !error ? (
          <Fact label="">
            <span className="muted">Loading details…</span>
          </Fact>
        ) : null}
      </dl>
      <DetailTools key={focus} pid={row.pid} startTime={row.startTime} name={row.name} />
    </aside>
  );
}
