/** A feature's stream or load error, with a "Try again" button when the feature can start over. */
export function RetryError({ error, onRetry, testId }: { error: string | null; onRetry?: () => void; testId: string }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      {error}{' '}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
