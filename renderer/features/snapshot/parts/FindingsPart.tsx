import type { Snapshot } from '../../../../native-bridge/contract/snapshot.js';
import { ChangesView, CheckRow, FindingCard } from '../../findings/index.js';
import { PART_LABELS, spanText, wallTime } from '../format.js';

/**
 * What Triage found at capture time and what changed in the window: the top of a snapshot, as of the Findings
 * page. Files written before findings existed have neither part; they say so and open as before.
 */
/** Why a part is missing: the capturing machine's reason, else a file from before these parts existed. */
function absent(part: 'findings' | 'changes', problems: Snapshot['meta']['problems'], recorded = false): string {
  // A recorded window carries no findings of "now": those raised and cleared in it are among its events.
  if (part === 'findings' && recorded) return `${PART_LABELS.findings}: a snapshot of a recorded window holds none of now; those raised and cleared in the window are among its events (Recorded window tab).`;
  const why = problems?.find((p) => p.part === part)?.message;
  return `${PART_LABELS[part]}: not in this snapshot (${why ? `it could not be captured: ${why}` : 'it was written by a Triage that did not record them'}).`;
}

export function FindingsPart({ snapshot }: { snapshot: Snapshot }) {
  const { findings, changes } = snapshot.parts;
  const { meta } = snapshot;
  // A zone this browser does not know (the file is untrusted) falls back to UTC.
  const zone = wallTime(meta.capturedAt, meta.timeZone).zone || 'UTC';
  const unjudged = findings?.checks.filter((c) => c.status === 'collecting' || c.status === 'unavailable') ?? [];
  const passed = findings?.checks.filter((c) => c.status === 'passed').length ?? 0;
  return (
    <section className="snapshot-findings" data-testid="snapshot-findings">
      {findings ? (
        <>
          <h2>Findings at {wallTime(findings.time, meta.timeZone).text}</h2>
          {findings.findings.length > 0 ? (
            <ul className="finding-list" data-testid="snapshot-finding-list">
              {findings.findings.map((f) => (
                <FindingCard key={f.key} finding={f} now={findings.time} watchedFrom={findings.time - findings.observedMs} live={false} />
              ))}
            </ul>
          ) : null}
          <p data-testid="snapshot-findings-summary">
            {findings.findings.length === 0 ? 'Nothing looked wrong' : 'Nothing else looked wrong'}: {passed} of {findings.checks.length} checks passed after{' '}
            {spanText(findings.observedMs)} of watching{unjudged.length > 0 ? `, ${unjudged.length} not judged.` : '.'}
          </p>
          {unjudged.length > 0 ? (
            <details>
              <summary>Checks not judged</summary>
              <ul className="check-list">
                {unjudged.map((c) => (
                  <CheckRow key={c.rule} check={c} />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : (
        <p className="snapshot-absent" data-testid="snapshot-findings-absent">
          {absent('findings', meta.problems, snapshot.parts.history !== undefined)}
        </p>
      )}
      {changes ? (
        <ChangesView list={changes} heading={`What changed in the window (${spanText(changes.untilMs - changes.sinceMs)})`} timeZone={zone} />
      ) : (
        <p className="snapshot-absent" data-testid="snapshot-changes-absent">
          {absent('changes', meta.problems)}
        </p>
      )}
    </section>
  );
}
