import { useCallback, useEffect } from 'react';
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

/** Acts on the target the address names (on arrival and on each change of it), once per distinct target. */
function useHashTarget<T>(parse: (hash: string) => T | null, act: (target: T) => void): void {
  useEffect(() => {
    let last: T | null = null;
    const follow = (): void => {
      const target = parse(window.location.hash);
      if (target === last) return;
      last = target;
      if (target !== null) act(target);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [parse, act]);
}

export function CorePage() {
  const { tab, setTab, captureLive, openCore } = useCore(
    useShallow((s) => ({ tab: s.tab, setTab: s.setTab, captureLive: s.captureLive, openCore: s.openCore })),
  );

  // The process table links here with "#/core?pid=N": show that process's stacks straight away.
  useHashTarget(
    pidFromHash,
    useCallback(
      (pid: number) => {
        setTab('live');
        void captureLive(String(pid));
      },
      [setTab, captureLive],
    ),
  );
  // A recent-crash finding links here with "#/core?q=/path/to/core": analyse that core straight away.
  useHashTarget(
    corePathFromHash,
    useCallback(
      (path: string) => {
        setTab('crashes');
        void openCore(path);
      },
      [setTab, openCore],
    ),
  );

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
