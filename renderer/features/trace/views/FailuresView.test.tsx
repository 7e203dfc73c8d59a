// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { FailureGroup } from '../../../../native-bridge/contract/index.js';
import { failureSections } from '../display.js';
import { FailuresView } from './FailuresView.js';

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

function group(target: string, over: Partial<FailureGroup> = {}): FailureGroup {
  return {
    name: 'openat',
    errno: 'ENOENT',
    errnoText: 'No such file or directory',
    target,
    count: 1,
    firstTime: '10:00:00.000001',
    lastTime: '10:00:00.000001',
    firstSeq: 1,
    lastSeq: 1,
    rank: 0,
    noise: false,
    noiseReason: null,
    sentence: 'it looked for this directory and it does not exist',
    example: `openat(AT_FDCWD, "${target}", O_RDONLY|O_DIRECTORY) = -1 ENOENT (No such file or directory)`,
    ...over,
  };
}

describe('FailuresView', () => {
  it('shows the telling failure first with its sentence, and noise dimmed below, not hidden', () => {
    const groups = [
      group('/usr/lib/locale/C.UTF-8/LC_CTYPE', { noise: true, noiseReason: 'looking for translations and character sets', lastSeq: 99 }),
      group('/etc/other', { lastSeq: 50 }),
      group('/home/u/.config/purplebox', { lastSeq: 10 }),
    ];
    const sections = failureSections(groups, { classes: [], text: '' }, new Map(), ['purplebox', '/home/u/.config/purplebox']);
    const el = render(<FailuresView sections={sections} truncated={0} />);

    const important = [...el.querySelectorAll('[data-testid=trace-failure]')];
    expect(important.map((li) => li.getAttribute('data-target'))).toEqual(['/home/u/.config/purplebox', '/etc/other']);
    expect(important[0]!.textContent).toContain('It looked for this directory and it does not exist.');
    expect(important[0]!.textContent).toContain('named on the command line');

    const noise = [...el.querySelectorAll('[data-testid=trace-failure-noise]')];
    expect(noise).toHaveLength(1);
    expect(noise[0]!.className).toContain('noise');
    expect(noise[0]!.textContent).toContain('looking for translations');
    // Noise comes after every important failure in the page.
    expect(important[1]!.compareDocumentPosition(noise[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('renders a hostile target as text, never as markup', () => {
    const sections = failureSections([group('<img src=x onerror=alert(1)>')], { classes: [], text: '' }, new Map());
    const el = render(<FailuresView sections={sections} truncated={0} />);
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('says so when nothing failed', () => {
    const el = render(<FailuresView sections={{ important: [], noise: [] }} truncated={0} />);
    expect(el.textContent).toMatch(/No failed calls so far/);
  });
});
