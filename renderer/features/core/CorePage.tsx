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

/** The process table links here with "#/core?pid=N": show that process's stacks straight away. */
function showLive(pid: number): void {
  useCore.getState().setTab('live');
  void useCore.getState().captureLive(String(pid));
}

/** A recent-crash finding links here with "#/core?q=/path/to/core": analyse that core straight away. */
function openLinkedCore(path: string): void {
  useCore.getState().setTab('crashes');
  void useCore.getState().openCore(path);
}

export function CorePage() {
  const { tab, setTab } = useCore(useShallow((s) => ({ tab: s.tab, setTab: s.setTab })));
  useHashTarget(pidFromHash, showLive);
  useHashTarget(corePathFromHash, openLinkedCore);

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
