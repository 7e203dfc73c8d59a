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

/** What failed, in one sentence (said at once to screen readers unless `alert` is false); nothing when there is none. */
export function ErrorText({ error, testId, small, alert = true }: { error: string | null | undefined; testId?: string; small?: boolean; alert?: boolean }) {
  if (!error) return null;
  return (
    <p className={small ? 'error-box small' : 'error-box'} role={alert ? 'alert' : undefined} data-testid={testId}>
      {error}
    </p>
  );
}
