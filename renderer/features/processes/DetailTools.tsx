import { useState } from 'react';
import { Segmented } from '../../app/Segmented.js';
import { useCanAct } from '../../client/index.js';
import { ConnectionsTab, OpenFilesTab } from '../network/index.js';
import { liveBacktraceHref } from '../core/index.js';
import { pinProcess } from '../memory/index.js';
import { useTrace } from '../trace/index.js';

type Tab = 'none' | 'connections' | 'files';

/**
 * The next step of the method from a selected process: its sockets and open files, and a jump to the
 * memory, trace and backtrace tools with this exact process (pid + start time) already chosen.
 */
export function DetailTools({ pid, startTime, name }: { pid: number; startTime: number; name: string }) {
  const [tab, setTab] = useState<Tab>('none');
  const [note, setNote] = useState<string | null>(null);
  const canAct = useCanAct();

  async function watchMemory(): Promise<void> {
    const pinned = await pinProcess(pid, startTime);
    setNote(pinned ? `Watching the memory of ${name}: see Memory growth.` : `${name} could not be pinned (see Memory growth for why).`);
    if (pinned) window.location.hash = '#/memory';
  }

  function traceIt(): void {
    useTrace.getState().setForm({ mode: 'attach', pidText: String(pid) });
    window.location.hash = '#/trace';
  }

  return (
    <section className="detail-tools" data-testid="detail-tools">
      <div className="detail-tool-buttons">
        <button type="button" className="button" disabled={!canAct} onClick={() => void watchMemory()} data-testid="tool-pin-memory">
          Watch memory
        </button>
        <button type="button" className="button" disabled={!canAct} onClick={traceIt} data-testid="tool-trace">
          Trace system calls…
        </button>
        <a className="button" href={liveBacktraceHref(pid)} data-testid="tool-backtrace">
          Live backtrace
        </a>
      </div>
      {note ? <p className="muted">{note}</p> : null}
      <Segmented
        kind="tab"
        label="More about this process"
        value={tab}
        // A second click on the open tab closes it.
        onSelect={(id) => setTab(tab === id ? 'none' : id)}
        options={(['connections', 'files'] as const).map((id) => ({
          value: id,
          label: id === 'connections' ? 'Connections' : 'Open files',
          testId: `detail-tab-${id}`,
        }))}
      />
      {tab === 'connections' ? <ConnectionsTab pid={pid} startTime={startTime} /> : null}
      {tab === 'files' ? <OpenFilesTab pid={pid} startTime={startTime} /> : null}
    </section>
  );
}
