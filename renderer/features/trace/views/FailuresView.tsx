import { memo } from 'react';
import { CopyButton } from '../CopyButton.js';
import { failureText, type FailureSections, type ShownFailure } from '../display.js';

const keyOf = (g: ShownFailure) => `${g.name}|${g.errno}|${g.target ?? ''}`;

function capitalised(sentence: string): string {
  return `${sentence[0]?.toUpperCase() ?? ''}${sentence.slice(1)}`;
}

/**
 * Each analysis brings new objects for every group; a card re-renders only when what it shows changed
 * (most groups stop changing early), so a live update with 200 groups stays cheap.
 */
function sameGroup(a: { group: ShownFailure }, b: { group: ShownFailure }): boolean {
  const keys = Object.keys(a.group) as (keyof ShownFailure)[];
  return keys.length === Object.keys(b.group).length && keys.every((k) => a.group[k] === b.group[k]);
}

const FailureCard = memo(function FailureCard({ group }: { group: ShownFailure }) {
  return (
    <li className="failure" data-testid="trace-failure" data-errno={group.errno} data-target={group.target ?? ''}>
      <div className="failure-head">
        <span className="errno">{group.errno}</span>
        <span className="call">{group.name}</span>
        {group.target ? (
          <code className="target" title={group.target}>
            {group.target}
          </code>
        ) : null}
        {group.fromCommand ? <span className="badge">named on the command line</span> : null}
        <span className="count num" title="How many times">
          ×{group.count}
        </span>
        <CopyButton text={failureText(group)} testId="trace-failure-copy" />
      </div>
      <div className="failure-sentence">{capitalised(group.sentence)}.</div>
      <div className="failure-meta muted small">
        {group.count === 1 ? `at ${group.firstTime}` : `first ${group.firstTime}, last ${group.lastTime}`}
        {group.errnoText ? ` · ${group.errnoText}` : ''}
      </div>
      <code className="failure-example" title={group.example}>
        {group.example}
      </code>
    </li>
  );
}, sameGroup);

/** Noise stays on screen, one dimmed line each, so a surprising entry can still be spotted. */
const NoiseRow = memo(function NoiseRow({ group }: { group: ShownFailure }) {
  return (
    <li className="failure noise" data-testid="trace-failure-noise" data-errno={group.errno} title={group.example}>
      <span className="errno">{group.errno}</span>
      <span className="call">{group.name}</span>
      <code className="target">{group.target ?? ''}</code>
      <span className="muted small reason">{group.noiseReason ?? capitalised(group.sentence)}</span>
      <span className="count num">×{group.count}</span>
    </li>
  );
}, sameGroup);

export function FailuresView({ sections, truncated }: { sections: FailureSections; truncated: number }) {
  const { important, noise } = sections;
  if (important.length === 0 && noise.length === 0) {
    return <p className="muted">No failed calls{truncated > 0 ? ' match the filter' : ''} so far.</p>;
  }
  return (
    <div className="failures" data-testid="trace-failures">
      {important.length > 0 ? (
        <ul className="failure-list" data-testid="trace-failures-important">
          {important.map((g) => (
            <FailureCard key={keyOf(g)} group={g} />
          ))}
        </ul>
      ) : (
        <p className="muted">Only the usual background failures (below): nothing stands out.</p>
      )}
      {noise.length > 0 ? (
        <>
          <h3 className="noise-head">
            Background noise <span className="muted small">({noise.length} groups of failures every program produces)</span>
          </h3>
          <ul className="noise-list" data-testid="trace-failures-noise">
            {noise.map((g) => (
              <NoiseRow key={keyOf(g)} group={g} />
            ))}
          </ul>
        </>
      ) : null}
      {truncated > 0 ? <p className="muted small">{truncated} more groups are not listed; filter to narrow them down.</p> : null}
    </div>
  );
}
