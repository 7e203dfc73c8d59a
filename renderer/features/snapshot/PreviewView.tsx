import type { PartSummary, SnapshotPreview } from '../../../native-bridge/contract/index.js';
import { formatBytes } from '../../app/format.js';
import { PART_LABELS } from './format.js';

/** Counted but not listed beyond this many (the backend caps its list as well and says how many more). */
const HITS_SHOWN = 40;

const RULE_LABELS: Record<string, string> = {
  'private-key': 'private keys',
  'url-credentials': 'passwords in URLs',
  'authorization-header': 'Authorization headers',
  'cookie-header': 'cookies',
  'aws-access-key': 'AWS access key ids',
  'aws-secret-key': 'AWS secret keys',
  'github-token': 'GitHub tokens',
  'slack-token': 'Slack tokens',
  'secret-assignment': 'NAME=secret values',
  'secret-flag': 'secret command-line options',
  host: 'host name',
  user: 'user names',
  home: 'home folder paths',
};

function notesSummary(answered: number): PartSummary {
  return answered > 0
    ? { part: 'notes', present: true, items: null, description: `your answers to ${answered} of the 4 questions above` }
    : { part: 'notes', present: false, items: null, description: 'none yet: answer the questions above' };
}

const label = (part: string): string => (part in PART_LABELS ? PART_LABELS[part as keyof typeof PART_LABELS] : part);

/** What export would write now: the parts, what gets replaced and where, and the size. */
export function PreviewView({ preview, notesAnswered }: { preview: SnapshotPreview; notesAnswered: number }) {
  const { redaction } = preview;
  const counts = Object.entries(redaction.counts).filter(([, n]) => (n ?? 0) > 0);
  const notListed = redaction.hits.length - Math.min(redaction.hits.length, HITS_SHOWN) + redaction.hitsNotListed;
  return (
    <div className="snapshot-preview" data-testid="snapshot-preview">
      <p>
        About <strong data-testid="snapshot-preview-size">{formatBytes(preview.estimatedBytes)}</strong> (compressed), from{' '}
        <span className="mono">{preview.meta.host}</span>.
      </p>
      <h3>What is inside</h3>
      <ul className="snapshot-part-list" data-testid="snapshot-preview-parts">
        {preview.parts.map((part) => {
          // The preview is captured without the notes (they change nothing else): describe the form's answers instead.
          const p = part.part === 'notes' ? notesSummary(notesAnswered) : part;
          return (
            <li key={p.part} className={p.present ? 'present' : 'absent'} data-testid="snapshot-preview-part" data-part={p.part} data-present={String(p.present)}>
              <span className="snapshot-part-mark" aria-hidden="true">
                {p.present ? '✓' : '–'}
              </span>
              <strong>{label(p.part)}</strong> <span className="muted">{p.description}</span>
            </li>
          );
        })}
      </ul>
      <h3>What will be redacted</h3>
      {redaction.total === 0 ? (
        <p className="muted" data-testid="snapshot-preview-redaction">
          {redaction.secrets || redaction.host || redaction.users || redaction.homes
            ? 'Nothing matched the redaction rules you chose.'
            : 'Redaction is off: everything is saved as it is, secrets included.'}
        </p>
      ) : (
        <>
          <p data-testid="snapshot-preview-redaction">
            {redaction.total} replacement{redaction.total === 1 ? '' : 's'}: {counts.map(([rule, n]) => `${n} ${RULE_LABELS[rule] ?? rule}`).join(', ')}. Each becomes «redacted» (or
            «host», «user», «home»); the text around it stays.
          </p>
          <ul className="snapshot-hits" data-testid="snapshot-preview-hits">
            {redaction.hits.slice(0, HITS_SHOWN).map((hit, i) => (
              <li key={i} data-testid="snapshot-preview-hit">
                <span className="muted small">{RULE_LABELS[hit.rule] ?? hit.rule}</span> <span className="mono small muted">{hit.path}</span>
                <div className="mono small">{hit.excerpt}</div>
              </li>
            ))}
          </ul>
          {notListed > 0 ? <p className="muted small">and {notListed} more.</p> : null}
        </>
      )}
    </div>
  );
}
