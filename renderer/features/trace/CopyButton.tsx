import { useState } from 'react';
import { copyText } from '../../app/copy.js';

/** Copies a finding as text; when the browser refuses, shows the text selected for a manual copy. */
export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  return (
    <span className="copy-button">
      <button
        type="button"
        className="button small"
        data-testid={testId}
        onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'manual'))}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      {state === 'manual' ? (
        <span className="copy-manual" role="dialog" aria-label="Copy this text">
          <span className="muted small">The browser did not allow copying; press Ctrl+C now.</span>
          <textarea readOnly value={text} rows={Math.min(8, text.split('\n').length)} ref={(el) => el?.select()} />
          <button type="button" className="button small" onClick={() => setState('idle')}>
            Close
          </button>
        </span>
      ) : null}
    </span>
  );
}
