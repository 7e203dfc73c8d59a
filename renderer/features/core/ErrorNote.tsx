/** The backend's plain sentence, with gdb's own words folded away underneath when there are any. */
export function ErrorNote({ error, detail, testId }: { error: string; detail?: string | null; testId: string }) {
  return (
    <div className="error-box core-error" role="alert" data-testid={testId}>
      <span data-testid={`${testId}-message`}>{error}</span>
      {detail ? (
        <details className="core-error-detail">
          <summary>Technical details</summary>
          <pre className="mono">{detail}</pre>
        </details>
      ) : null}
    </div>
  );
}
