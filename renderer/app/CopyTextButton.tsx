import { useState } from 'react';
import { copyText } from './copy.js';

/** Copies text; where the browser refuses (no clipboard permission), the button says `failedLabel` instead. */
export function CopyTextButton({ text, failedLabel }: { text: string; failedLabel: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button type="button" className="button" onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? failedLabel : 'Copy'}
    </button>
  );
}
