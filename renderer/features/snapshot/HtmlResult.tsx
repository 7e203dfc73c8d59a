import { formatBytes } from '../../app/format.js';
import { useSnapshots } from './store.js';
import { ErrorText } from '../../app/RetryError.js';

/** Where the HTML report went, or why it was not written. */
export function HtmlResult() {
  const html = useSnapshots((s) => s.html);
  if (html.phase === 'error') return <ErrorText error={html.error} testId="snapshot-html-error" />;
  if (html.phase !== 'done' || !html.result) return null;
  return (
    <p className="snapshot-saved" data-testid="snapshot-html-result">
      HTML report written ({formatBytes(html.result.bytes)}): <span className="mono" data-testid="snapshot-html-path">{html.result.path}</span>. It opens in any
      browser without a network connection; attach it to the ticket.
    </p>
  );
}
