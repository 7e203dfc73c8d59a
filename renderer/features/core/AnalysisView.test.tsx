import { Window } from 'happy-dom';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreAnalysis } from '../../../native-bridge/contract/index.js';
import { createCoreService } from '../../../native-bridge/core/service.js';
import { compileFixture, crashForCore, makeTempDir, removeDir } from '../../../native-bridge/core/test-support/crash-programs.js';
import { AnalysisView } from './AnalysisView.js';

// Node environment on purpose: the crash helpers locate their C sources through import.meta.url, which a
// DOM environment rewrites. The view has no effects, so its markup parsed into a happy-dom document is it.
const service = createCoreService();
let dir: string | undefined;
let parse: CoreAnalysis;
let threads: CoreAnalysis;
let stripped: CoreAnalysis;
const window = new Window();

/** Real crashes, analysed by the real backend: what the view gets in the app. */
beforeAll(async () => {
  dir = await makeTempDir('triage-core-view-');
  const analyse = async (name: 'crash-parse' | 'crash-threads', strip = false): Promise<CoreAnalysis> => {
    const exe = await compileFixture(name, dir!, { strip, output: strip ? `${name}-stripped` : name });
    const produced = await crashForCore(exe, dir!);
    return service['core.open']({ path: produced.corePath });
  };
  parse = await analyse('crash-parse');
  threads = await analyse('crash-threads');
  stripped = await analyse('crash-parse', true);
});

afterAll(async () => {
  service.dispose();
  await removeDir(dir);
});

function render(analysis: CoreAnalysis): HTMLElement {
  const host = window.document.createElement('div');
  host.innerHTML = renderToStaticMarkup(<AnalysisView analysis={analysis} />);
  return host as unknown as HTMLElement;
}

const byTestId = (el: ParentNode, id: string): HTMLElement[] => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

describe('analysis view on real cores', () => {
  it('names the signal and shows parse_config, with the crash line of the source marked', () => {
    const view = render(parse);
    expect(byTestId(view, 'core-signal-name')[0]!.textContent).toMatch(/^SIGSEGV/);
    expect(byTestId(view, 'core-signal-summary')[0]!.textContent).toBe(parse.signal!.summary);
    expect(byTestId(view, 'core-frame-function').map((el) => el.textContent)).toContain('parse_config');
    const hit = byTestId(view, 'core-source-hit');
    expect(hit).toHaveLength(1);
    expect(hit[0]!.textContent).toContain('strlen(text)');
    expect(hit[0]!.textContent).toMatch(/^\s*6/);
    expect(byTestId(view, 'core-symbols-note')).toHaveLength(0);
  });

  it('lists every thread of a multithreaded crash, the crashing one first and open', () => {
    const view = render(threads);
    const shown = byTestId(view, 'core-thread');
    expect(shown).toHaveLength(threads.threads.length);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(Number(shown[0]!.dataset.threadId)).toBe(threads.crashedThreadId);
    expect(byTestId(shown[0]!, 'core-thread-crashed')).toHaveLength(1);
    expect(shown[0]!.hasAttribute('open')).toBe(true);
    expect(byTestId(shown[0]!, 'core-frame-function').map((el) => el.textContent)).toContain('worker_check');
    expect(shown.slice(1).every((el) => byTestId(el, 'core-thread-crashed').length === 0)).toBe(true);
    expect(byTestId(view, 'core-signal-name')[0]!.textContent).toMatch(/^SIGABRT/);
  });

  it('says symbols are missing for a stripped program and shows the machine code around the crash', () => {
    const view = render(stripped);
    expect(stripped.debugInfo.missing).toBe(true);
    const note = byTestId(view, 'core-symbols-note')[0]!;
    expect(note.textContent).toContain(stripped.debugInfo.advice!);
    if (stripped.disassembly) expect(byTestId(view, 'core-disassembly-hit')).toHaveLength(1);
    // Addresses stand in for the missing names.
    expect(byTestId(view, 'core-frame').some((row) => /0x[0-9a-f]+/.test(row.textContent ?? ''))).toBe(true);
  });

  it('renders names from the core as text, never as markup', () => {
    const hostile: CoreAnalysis = structuredClone(parse);
    hostile.threads[0]!.frames[0]!.function = '<img src=x onerror="globalThis.__pwned=1">';
    hostile.warnings = ['<b>bold</b>'];
    const view = render(hostile);
    expect(view.querySelector('img')).toBeNull();
    expect(view.querySelector('.core-warnings b')).toBeNull();
    expect(byTestId(view, 'core-frame-function').map((el) => el.textContent)).toContain('<img src=x onerror="globalThis.__pwned=1">');
  });
});
