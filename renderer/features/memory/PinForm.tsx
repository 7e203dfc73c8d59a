import { useState, type FormEvent } from 'react';
import { useCanAct } from '../../client/index.js';
import { Segmented } from '../../app/Segmented.js';
import { useMemory } from './store.js';

type Mode = 'pid' | 'name';

/** Pin by process id, or by program name (a restarted program is followed). */
export function PinForm() {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const pinPid = useMemory((s) => s.pinPid);
  const pinName = useMemory((s) => s.pinName);
  const pending = useMemory((s) => s.pinPending);
  const [mode, setMode] = useState<Mode>('pid');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const value = text.trim();
    const pid = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (mode === 'pid' ? !Number.isSafeInteger(pid) || pid < 1 : value === '') {
      setProblem(mode === 'pid' ? 'Type a process id: a whole number such as 1234.' : 'Type part of a program name, such as firefox.');
      return;
    }
    setProblem(null);
    if (await (mode === 'pid' ? pinPid(pid) : pinName(value))) setText((current) => (current.trim() === value ? '' : current));
  };

  return (
    <form className="pin-form" onSubmit={(e) => void submit(e)} data-testid="pin-form">
      <Segmented
        kind="toggle"
        label="Pin by"
        value={mode}
        onSelect={setMode}
        options={(['pid', 'name'] as const).map((m) => ({ value: m, label: m === 'pid' ? 'Process id' : 'Program name', testId: `pin-mode-${m}` }))}
      />
      <input
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={mode === 'pid' ? 'e.g. 1234' : 'e.g. firefox (follows restarts)'}
        inputMode={mode === 'pid' ? 'numeric' : 'text'}
        aria-label={mode === 'pid' ? 'Process id to pin' : 'Program name to pin'}
        data-testid="pin-input"
      />
      <button type="submit" className="button primary" disabled={!canAct || pending} data-testid="pin-submit">
        {pending ? 'Pinning…' : 'Pin'}
      </button>
      {problem ? (
        <span className="pin-problem" role="alert" data-testid="pin-problem">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
