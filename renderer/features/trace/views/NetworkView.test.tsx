// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceAnalysis } from '../../../../native-bridge/contract/index.js';
import { createTraceEngine } from '../../../../native-bridge/trace/trace-engine.js';
import { EndView } from './EndView.js';
import { NetworkView } from './NetworkView.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement | null = null;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
});

function render(node: React.ReactNode): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root!.render(node));
  return host;
}

/** The backend's analysis of a real capture: the page shows the verdict it is given, nothing of its own. */
function analysisOf(fixture: string): TraceAnalysis {
  const engine = createTraceEngine({ tool: 'strace' });
  // Under happy-dom import.meta.url is a served URL, not a file: vitest runs from the repository root.
  const lines = readFileSync(join(process.cwd(), 'native-bridge/trace/fixtures', fixture), 'utf8').split('\n');
  engine.setPartial(lines.pop() ?? '');
  engine.lines(lines);
  engine.end();
  return engine.analysis();
}

describe('the trace page on curl against a closed port (real capture)', () => {
  const a = analysisOf('strace-curl-refused.txt');

  it('the connection row says refused, not ok', () => {
    const el = render(<NetworkView entries={a.network} />);
    const row = [...el.querySelectorAll('tr')].find((tr) => tr.textContent?.includes('127.0.0.1:1'))!;
    expect(row.className).toBe('failed');
    expect(row.textContent).toContain('refused×1');
    expect(row.textContent).not.toContain('ok×');
    expect(row.textContent).toContain('connection refused (nothing listens there)');
  });

  it('why it ended names the refusal, the same sentence the CLI prints', () => {
    const el = render(<EndView analysis={a} command={['curl', '-sS', 'http://127.0.0.1:1']} running={false} />);
    const sentence = el.querySelector('[data-testid="trace-end-sentence"]')!.textContent;
    expect(sentence).toBe(a.end!.sentence);
    expect(sentence).toContain('it could not connect to 127.0.0.1:1: connection refused (nothing listens there)');
    expect(sentence).not.toContain('.curlrc');
  });
});
