import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SnapshotPartName } from '../../../native-bridge/contract/index.js';
import { formatBytes } from '../../app/format.js';
import { Segmented } from '../../app/Segmented.js';
import { InventoryView } from '../about/index.js';
import { bannerText, PART_LABELS, spanText, wallTime } from './format.js';
import { AuditPart } from './parts/AuditPart.js';
import { CoresPart } from './parts/CoresPart.js';
import { FindingsPart } from './parts/FindingsPart.js';
import { HistoryPart } from './parts/HistoryPart.js';
import { MemoryPart } from './parts/MemoryPart.js';
import { MetricsPart } from './parts/MetricsPart.js';
import { NotesPart } from './parts/NotesPart.js';
import { ProcessesPart } from './parts/ProcessesPart.js';
import { TracesPart } from './parts/TracesPart.js';
import { useSnapshots, type OpenedView } from './store.js';
import { HtmlResult } from './HtmlResult.js';

/** Tabs in the order an engineer reads a report; notes sit above them, always visible. */
export const VIEWER_TABS: readonly SnapshotPartName[] = ['metrics', 'processes', 'memory', 'traces', 'cores', 'audit', 'inventory'];

/** A snapshot of a recorded window opens on it; the others (format 1, the last minutes) have no such tab. */
function tabsOf(parts: OpenedView['snapshot']['parts']): readonly SnapshotPartName[] {
  return parts.history ? ['history', ...VIEWER_TABS] : VIEWER_TABS;
}

/** "Metrics are not in this snapshot." plus why, when the capturing machine said why. */
export function absentText(part: SnapshotPartName, problems: readonly { part: string; message: string }[] | undefined): string {
  const why = problems?.find((p) => p.part === part)?.message;
  return `${PART_LABELS[part]}: not in this snapshot${why ? ` (it could not be captured: ${why})` : '.'}`;
}

function PartBody({ part, opened }: { part: SnapshotPartName; opened: OpenedView }): ReactNode {
  const { parts, meta } = opened.snapshot;
  const zone = meta.timeZone;
  switch (part) {
    case 'metrics':
      return parts.metrics ? <MetricsPart samples={parts.metrics} /> : null;
    case 'processes':
      return parts.processes ? <ProcessesPart part={parts.processes} /> : null;
    case 'memory':
      return parts.memory ? <MemoryPart part={parts.memory} /> : null;
    case 'traces':
      return parts.traces ? <TracesPart traces={parts.traces} timeZone={zone} /> : null;
    case 'cores':
      return parts.cores ? <CoresPart cores={parts.cores} timeZone={zone} /> : null;
    case 'audit':
      return parts.audit ? <AuditPart entries={parts.audit} timeZone={zone} /> : null;
    case 'inventory':
      return parts.inventory ? <InventoryView inventory={parts.inventory} app={null} /> : null;
    case 'notes':
      return <NotesPart notes={parts.notes} />;
    case 'history':
      return parts.history ? <HistoryPart part={parts.history} timeZone={zone} /> : null;
    case 'findings':
    case 'changes':
      // Shown above the tabs, not as tabs: a report opens with them.
      return null;
  }
}

function Banner({ opened }: { opened: OpenedView }) {
  const { meta } = opened.snapshot;
  const { close, writeHtml, html } = useSnapshots(useShallow((s) => ({ close: s.close, writeHtml: s.writeHtml, html: s.html })));
  const from = wallTime(meta.window.from, meta.timeZone);
  const to = wallTime(meta.window.to, meta.timeZone);
  const redacted = [meta.redaction.secrets ? 'secrets' : null, meta.redaction.host ? 'host name' : null, meta.redaction.users ? 'user names' : null, meta.redaction.homes ? 'home folders' : null].filter(Boolean);
  return (
    <section className="snapshot-banner" role="status" data-testid="snapshot-banner">
      <div className="snapshot-banner-main">
        <strong data-testid="snapshot-banner-text">{bannerText(meta)}</strong>
        <span className="snapshot-readonly">read-only</span>
      </div>
      <div className="muted small">
        Covers {spanText(meta.window.to - meta.window.from)}, from {from.text} to {to.text.slice(11)} · {meta.os}, kernel {meta.kernel} · Triage {meta.triageVersion}
      </div>
      <div className="muted small">
        {opened.source === 'path' ? 'File' : 'Dropped file'} <span className="mono">{opened.label}</span> ({formatBytes(opened.bytes)}) ·{' '}
        {redacted.length > 0 ? `redacted before saving: ${redacted.join(', ')} (${meta.redaction.total} replacement${meta.redaction.total === 1 ? '' : 's'})` : 'saved without redaction'}
      </div>
      <div className="controls">
        {opened.path ? (
          <button type="button" className="button" disabled={html.phase === 'busy'} onClick={() => void writeHtml(opened.path!)} data-testid="snapshot-viewer-html">
            {html.phase === 'busy' ? 'Writing HTML report…' : 'Write HTML report'}
          </button>
        ) : (
          <span className="muted small">An HTML report needs the file's location: open it by path to write one next to it.</span>
        )}
        <button type="button" className="button" onClick={close} data-testid="snapshot-close">
          Close snapshot
        </button>
      </div>
      {html.of === opened.path && opened.path ? <HtmlResult /> : null}
    </section>
  );
}

/** What the machine looked like, from the file alone: every part present is shown, the others say so. */
export function Viewer({ opened }: { opened: OpenedView }) {
  const { parts, meta } = opened.snapshot;
  const tabs = tabsOf(parts);
  const [tab, setTab] = useState<SnapshotPartName>(() => tabs.find((p) => parts[p] !== undefined) ?? 'metrics');
  const problems = [...opened.problems, ...(meta.problems ?? []).map((p) => `The ${p.part} part could not be captured: ${p.message}`)];
  return (
    <div className="snapshot-viewer" data-testid="snapshot-viewer">
      <Banner opened={opened} />
      {problems.length > 0 ? (
        <ul className="snapshot-problems" data-testid="snapshot-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <FindingsPart snapshot={opened.snapshot} />
      <NotesPart notes={parts.notes} />
      <Segmented
        kind="tab"
        label="Parts of the snapshot"
        className="segmented snapshot-tabs"
        value={tab}
        onSelect={setTab}
        options={tabs.map((p) => ({ value: p, label: PART_LABELS[p], testId: `snapshot-tab-${p}`, ...(parts[p] === undefined ? { className: 'absent', title: 'not in this snapshot' } : {}) }))}
      />
      <div role="tabpanel" data-testid={`snapshot-panel-${tab}`}>
        {tab === 'metrics' && parts.metrics ? <p className="muted small">Chart times are this computer's local time; the banner's are the captured machine's.</p> : null}
        {parts[tab] === undefined ? (
          <p className="snapshot-absent" data-testid="snapshot-absent">
            {absentText(tab, meta.problems)}
          </p>
        ) : (
          <PartBody part={tab} opened={opened} />
        )}
      </div>
    </div>
  );
}
