import type { ThresholdRow } from '../../../native-bridge/contract/index.js';
import { FigureRow } from './FigureRow.js';
import { isOverridden, THRESHOLD_FIGURES, type RuleDraft } from './model.js';
import { useThresholds } from './store.js';

/** One rule: what it judges, its four figures (default, in effect, new value) and a reset for the whole rule. */
export function RuleCard({ row, draft }: { row: ThresholdRow; draft: RuleDraft | undefined }) {
  const resetRule = useThresholds((s) => s.resetRule);
  const ruleProblem = useThresholds((s) => s.fieldProblems[row.rule]);
  const changed = isOverridden(row);
  const headingId = `threshold-title-${row.rule}`;
  return (
    <section className="card threshold-rule" aria-labelledby={headingId} data-testid={`threshold-rule-${row.rule}`}>
      <div className="threshold-rule-head">
        <h2 id={headingId}>{row.title}</h2>
        <span className="mono muted small">{row.rule}</span>
        {changed ? (
          <span className="threshold-changed" data-testid={`threshold-changed-${row.rule}`}>
            changed from the defaults
          </span>
        ) : (
          <span className="muted small">defaults</span>
        )}
        <button
          type="button"
          className="button threshold-reset-rule"
          disabled={!changed && draft === undefined}
          aria-label={`Reset every figure of ${row.title} to its default`}
          onClick={() => resetRule(row.rule)}
        >
          Reset rule
        </button>
      </div>
      <p className="threshold-measure">Measures: {row.measure}</p>
      {draft?.reset && changed ? <p className="muted small">Every figure goes back to its default when you save.</p> : null}
      {ruleProblem ? (
        <p className="threshold-problem" role="alert" tabIndex={-1} data-rule-problem>
          {ruleProblem}
        </p>
      ) : null}
      <table className="table threshold-figures">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Default</th>
            <th scope="col">In effect</th>
            <th scope="col">New value</th>
            <th scope="col">
              <span className="threshold-sr-only">Reset</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {THRESHOLD_FIGURES.map((key) => (
            <FigureRow key={key} row={row} figure={key} draft={draft} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
