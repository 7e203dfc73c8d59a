import type { MemoryVerdict } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatClock, plural } from '../../app/format.js';
import { formatMs, formatR2, formatRate, VERDICT_LABELS } from './display.js';

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
          <div>
            <dt>Growth rate</dt>
            <dd className="num" data-testid="verdict-rate">
              {formatRate(verdict.rateMiBPerMin)}
            </dd>
          </div>
          <div>
            <dt title="How well a straight line fits the trend: 1 is a perfect line, a sawtooth scores low">Line fit R²</dt>
            <dd className="num" data-testid="verdict-r2">
              {formatR2(verdict.r2)}
            </dd>
          </div>
          <div>
            <dt>Growing since</dt>
            <dd className="num" data-testid="verdict-since">
              {growing && verdict.growingSince !== null ? formatClock(verdict.growingSince) : '—'}
            </dd>
          </div>
          <div>
            <dt title="At this rate, until the machine's available memory is used up">Memory runs out in</dt>
            <dd className="num" data-testid="verdict-runs-out">
              {growing && verdict.runsOutInMs !== null ? `~${formatMs(verdict.runsOutInMs)}` : '—'}
            </dd>
          </div>
          <div>
            <dt>Available now</dt>
            <dd className="num">{formatBytes(verdict.memAvailableBytes)}</dd>
          </div>
          <div>
            <dt>Observed</dt>
            <dd className="num">
              {formatMs(verdict.observedMs)}, {plural(verdict.points, 'sample')}
            </dd>
          </div>
        </dl>
      ) : null}
    </div>
  );
}
