import type { ReactNode } from 'react';
import type { MemoryVerdict } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatClock, formatGrowthRate, plural } from '../../app/format.js';
import { formatMs, formatR2, VERDICT_LABELS } from './display.js';

function Figure({ label, title, testId, children }: { label: string; title?: string; testId?: string; children: ReactNode }) {
  return (
    <div>
      <dt title={title}>{label}</dt>
      <dd className="num" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The verdict in words (the backend's sentence) and in numbers. */
export function VerdictPanel({ verdict }: { verdict: MemoryVerdict }) {
  const growing = verdict.kind === 'growing';
  const numbers = verdict.kind !== 'insufficient-data';
  return (
    <div className={`verdict verdict-${verdict.kind}`} data-testid="verdict" data-kind={verdict.kind}>
      <div className="verdict-head">
        <span className="verdict-badge" data-testid="verdict-kind">
          {VERDICT_LABELS[verdict.kind]}
        </span>
        <span className="verdict-sentence" data-testid="verdict-sentence">
          {verdict.sentence}
        </span>
      </div>
      {numbers ? (
        <dl className="verdict-numbers">
          <Figure label="Growth rate" testId="verdict-rate">
            {formatGrowthRate(verdict.rateMiBPerMin)}
          </Figure>
          <Figure label="Line fit R²" title="How well a straight line fits the trend: 1 is a perfect line, a sawtooth scores low" testId="verdict-r2">
            {formatR2(verdict.r2)}
          </Figure>
          <Figure label="Growing since" testId="verdict-since">
            {growing && verdict.growingSince !== null ? formatClock(verdict.growingSince) : '—'}
          </Figure>
          <Figure label="Memory runs out in" title="At this rate, until the machine's available memory is used up" testId="verdict-runs-out">
            {growing && verdict.runsOutInMs !== null ? `~${formatMs(verdict.runsOutInMs)}` : '—'}
          </Figure>
          <Figure label="Available now">{formatBytes(verdict.memAvailableBytes)}</Figure>
          <Figure label="Observed">
            {formatMs(verdict.observedMs)}, {plural(verdict.points, 'sample')}
          </Figure>
        </dl>
      ) : null}
    </div>
  );
}
