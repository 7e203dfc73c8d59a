import type { ThresholdRow } from '../../../native-bridge/contract/index.js';
import { draftValue, FIGURE_LABELS, figureHint, formatFigure, hasFigure, isDuration, unitOf, type RuleDraft, type ThresholdFigure } from './model.js';
import { useThresholds } from './store.js';

/** One figure of one rule: its default, the value in effect, a field for a new value, and its reset. */
export function FigureRow({ row, figure, draft }: { row: ThresholdRow; figure: ThresholdFigure; draft: RuleDraft | undefined }) {
  const edit = useThresholds((s) => s.edit);
  const resetFigure = useThresholds((s) => s.resetFigure);
  const problem = useThresholds((s) => s.fieldProblems[`${row.rule}.${figure}`]);
  const label = FIGURE_LABELS[figure];
  const overridden = row.override[figure] !== undefined;
  const id = `threshold-${row.rule}-${figure}`;
  if (!hasFigure(row, figure)) {
    return (
      <tr data-testid={`${id}-row`}>
        <th scope="row">{label}</th>
        <td colSpan={4} className="muted">
          This rule has no serious level: it is never more than worth a look.
        </td>
      </tr>
    );
  }
  const { text, pending } = draftValue(row, draft, figure);
  const hint = figureHint(row, figure);
  const describedBy = [problem ? `${id}-problem` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <tr data-testid={`${id}-row`} className={pending ? 'threshold-pending' : undefined}>
      <th scope="row">
        {label} <span className="mono muted small">{figure}</span>
      </th>
      <td className="num">{formatFigure(row, figure, row.defaults[figure])}</td>
      <td className="num" data-testid={`${id}-effective`}>
        {formatFigure(row, figure, row.effective[figure])}
        {overridden ? <span className="threshold-changed small"> changed</span> : null}
      </td>
      <td>
        <span className="threshold-field">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            value={text}
            onChange={(event) => edit(row.rule, figure, event.target.value)}
            aria-label={`${row.title}: ${label} (${isDuration(figure) ? 'seconds' : unitOf(row, figure)})`}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy}
            data-testid={id}
          />
          <span className="muted">{unitOf(row, figure)}</span>
        </span>
        {hint ? (
          <span id={`${id}-hint`} className="muted small threshold-hint">
            {hint}
          </span>
        ) : null}
        {problem ? (
          <span id={`${id}-problem`} className="threshold-problem" role="alert" data-testid={`${id}-problem`}>
            {problem}
          </span>
        ) : null}
      </td>
      <td>
        <button
          type="button"
          className="button"
          disabled={!overridden && !pending}
          aria-label={`Reset ${row.title}: ${label} to its default`}
          onClick={() => resetFigure(row.rule, figure)}
        >
          Reset
        </button>
      </td>
    </tr>
  );
}
