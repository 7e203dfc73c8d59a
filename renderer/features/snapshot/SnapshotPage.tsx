import { useSnapshots } from './store.js';
import { ExportPanel } from './ExportPanel.js';
import { EXPORT_SHORTCUT_TEXT } from './global-input.js';
import { OpenPanel } from './OpenPanel.js';
import { snapshotHref, useSubRoute, type SnapshotView } from './routes.js';
import { Viewer } from './Viewer.js';
import '../trace/trace.css';
import '../core/core.css';
import '../memory/memory.css';
import '../processes/processes.css';
import './snapshot.css';

export function SnapshotPage() {
  const sub = useSubRoute();
  const opened = useSnapshots((s) => s.opened);
  const view: SnapshotView = sub === 'view' && !opened ? 'open' : (sub ?? (opened ? 'view' : 'export'));
  const tabs: Array<{ id: SnapshotView; label: string }> = [
    { id: 'export', label: 'Export snapshot' },
    { id: 'open', label: 'Open snapshot' },
    ...(opened ? [{ id: 'view' as const, label: `Viewing ${opened.snapshot.meta.host}` }] : []),
  ];
  return (
    <div className="page snapshot-page" data-testid="snapshots">
      <div className="page-head">
        <h1>Snapshots</h1>
        <nav className="segmented" aria-label="Snapshots">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              className={view === t.id ? 'active' : ''}
              aria-current={view === t.id ? 'page' : undefined}
              onClick={() => (window.location.hash = snapshotHref(t.id))}
              data-testid={`snapshot-nav-${t.id}`}
              title={t.id === 'export' ? `Shortcut: ${EXPORT_SHORTCUT_TEXT}` : undefined}
            >
              {t.label}
            </button>
          ))}
        </nav>
      </div>
      {view === 'export' ? <ExportPanel /> : view === 'view' && opened ? <Viewer key={`${opened.label}@${opened.snapshot.meta.capturedAt}`} opened={opened} /> : <OpenPanel />}
    </div>
  );
}
