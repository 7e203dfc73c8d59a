import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Segmented } from '../../app/Segmented.js';
import { AnalysisPanel } from './AnalysisPanel.js';
import { CrashList } from './CrashList.js';
import { LiveCapture } from './LiveCapture.js';
import { OpenCore } from './OpenCore.js';
import { corePathFromHash, pidFromHash } from './route.js';
import { StatusPanel } from './StatusPanel.js';
import { useCore, type CoreTab } from './store.js';
import './core.css';

const TABS: readonly { id: CoreTab; label: string }[] = [
  { id: 'crashes', label: 'Crashes' },
  { id: 'open', label: 'Open a core' },
  { id: 'live', label: 'Live backtrace' },
];

export function CorePage() {
  const { tab, setTab, captureLive, openCore } = useCore(
    useShallow((s) => ({ tab: s.tab, setTab: s.setTab, captureLive: s.captureLive, openCore: s.openCore })),
  );

  // The process table links here with "#/core?pid=N": show that process's stacks straight away.
  useEffect(() => {
    let lastPid: number | null = null;
    const follow = (): void => {
      const pid = pidFromHash(window.location.hash);
      if (pid === lastPid) return;
      lastPid = pid;
      if (pid === null) return;
      setTab('live');
      void captureLive(String(pid));
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [setTab, captureLive]);

  // A recent-crash finding links here with "#/core?q=/path/to/core": analyse that core straight away.
  useEffect(() => {
    let lastPath: string | null = null;
    const follow = (): void => {
      const path = corePathFromHash(window.location.hash);
      if (path === lastPath) return;
      lastPath = path;
      if (path === null) return;
      setTab('crashes');
      void openCore(path);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [setTab, openCore]);

  return (
    <div className="page core-page" data-testid="core">
      <div className="page-head">
        <h1>Core dumps</h1>
      </div>
      <StatusPanel />
      <Segmented
        kind="tab"
        label="Core dump tools"
        className="segmented core-tabs"
        value={tab}
        onSelect={setTab}
        options={TABS.map((t) => ({ value: t.id, label: t.label, testId: `core-tab-${t.id}` }))}
      />
      <div role="tabpanel">
        {tab === 'crashes' ? <CrashList /> : null}
        {tab === 'open' ? <OpenCore /> : null}
        {tab === 'live' ? <LiveCapture /> : null}
      </div>
      <AnalysisPanel />
    </div>
  );
}
