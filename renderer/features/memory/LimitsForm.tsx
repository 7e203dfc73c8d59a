import { useState, type FormEvent } from 'react';
import { useCanAct } from '../../client/index.js';
import type { MemoryPinLimits } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatGrowthRate } from '../../app/format.js';
import { parseLimit } from './display.js';
import { useMemory } from './store.js';

const MiB = 1024 * 1024;

function describe(limits: MemoryPinLimits): string {
  const parts: string[] = [];
  if (limits.sizeBytes !== null) parts.push(`size above ${formatBytes(limits.sizeBytes)}`);
  if (limits.rateMiBPerMin !== null) parts.push(`growth above ${formatGrowthRate(limits.rateMiBPerMin)}`);
  return parts.length > 0 ? `Alerts when ${parts.join(' or ')}.` : 'No limits: no alerts for this process.';
}

/** A size limit (MiB) and a growth-rate limit (MiB/min) for one pin; crossing one raises an alert. */
export function LimitsForm({ pinId, limits }: { pinId: string; limits: MemoryPinLimits }) {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const setLimit = useMemory((s) => s.setLimit);
  const [size, setSize] = useState(limits.sizeBytes === null ? '' : String(Math.round((limits.sizeBytes / MiB) * 10) / 10));
  const [rate, setRate] = useState(limits.rateMiBPerMin === null ? '' : String(limits.rateMiBPerMin));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (sizeText: string, rateText: string): Promise<void> => {
    const sizeMiB = parseLimit(sizeText);
    const rateMiB = parseLimit(rateText);
    if (sizeMiB === undefined || rateMiB === undefined) {
      setProblem('A limit must be a positive number, or empty for none.');
      return;
    }
    setProblem(null);
    setSaving(true);
    await setLimit(pinId, { sizeBytes: sizeMiB === null ? null : Math.round(sizeMiB * MiB), rateMiBPerMin: rateMiB });
    setSaving(false);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void save(size, rate);
  };

  return (
    <form className="limits" onSubmit={onSubmit} data-testid="limits">
      <label>
        Size limit
        <input type="text" inputMode="decimal" value={size} onChange={(e) => setSize(e.target.value)} placeholder="none" data-testid="limit-size" aria-label="Size limit in MiB" />
        <span className="muted">MiB</span>
      </label>
      <label>
        Growth limit
        <input type="text" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} placeholder="none" data-testid="limit-rate" aria-label="Growth limit in MiB per minute" />
        <span className="muted">MiB/min</span>
      </label>
      <button type="submit" className="button" disabled={!canAct || saving} data-testid="limit-save">
        Set limits
      </button>
      <button
        type="button"
        className="button"
        disabled={saving || (limits.sizeBytes === null && limits.rateMiBPerMin === null)}
        onClick={() => {
          setSize('');
          setRate('');
          void save('', '');
        }}
        data-testid="limit-clear"
      >
        Clear
      </button>
      <span className="muted small" data-testid="limits-current">
        {problem ?? describe(limits)}
      </span>
    </form>
  );
}
