// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_PART_NAMES, type Snapshot } from '../../../native-bridge/contract/index.js';
import { syntheticSnapshot } from '../../../native-bridge/snapshot/test-support/synthetic.js';
import { bannerText, wallTime } from './format.js';
import type { OpenedView } from './store.js';
import { absentText, Viewer, VIEWER_TABS } from './Viewer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const HOSTILE = '<img src=x onerror=alert(1)>';
let host: HTMLDivElement;
let root: Root;

const LAYOUT = ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth'] as const;

beforeAll(() => {
  // happy-dom has no layout: every box is 0 px, so a virtual list would show no row. Give the list's
  // scroll box a browser's size (the e2e test covers real layout).
  for (const prop of LAYOUT) {
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vlist-scroll') ? (prop.endsWith('Height') ? 520 : 1100) : 0;
      },
    });
  }
});

afterAll(() => {
  for (const prop of LAYOUT) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
});

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const byTestId = (id: string): HTMLElement | null => host.querySelector(`[data-testid="${id}"]`);
const all = (id: string): HTMLElement[] => [...host.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function opened(snapshot: Snapshot, problems: string[] = []): OpenedView {
  return { source: 'path', label: '/tmp/x.triage.json.gz', path: '/tmp/x.triage.json.gz', bytes: 1234, snapshot, problems };
}

function show(view: OpenedView): void {
  act(() => root.render(<Viewer opened={view} />));
}

function click(el: HTMLElement | null): void {
  act(() => el!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
}

/** The virtual list measures its box in an effect, then renders the rows on screen. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('snapshot viewer', () => {
  it('says whose machine and when, in the captured machine’s time zone', () => {
    const snapshot = syntheticSnapshot();
    show(opened(snapshot));
    expect(byTestId('snapshot-banner-text')!.textContent).toBe('Snapshot of build-7 taken at 2026-11-26 13:15:00 (Europe/Paris)');
    expect(bannerText({ ...snapshot.meta, timeZone: 'Not/AZone' })).toBe('Snapshot of build-7 taken at 2026-11-26 12:15:00 (UTC)');
    expect(wallTime(8.64e15 + 1, 'UTC').text).toBe('an unknown time');
  });

  it('renders every part a full snapshot has, tab by tab', async () => {
    const snapshot = syntheticSnapshot({ processes: 500 });
    show(opened(snapshot));
    expect(byTestId('snapshot-note-actual')!.textContent).toBe('It froze for a minute');
    expect(byTestId('snapshot-note-steps')!.textContent).toBe('1. open app\n2. click save');
    expect(byTestId('snapshot-metrics')).not.toBeNull();
    expect(all('snapshot-absent')).toHaveLength(0);

    click(byTestId('snapshot-tab-processes'));
    await settle();
    expect(byTestId('snapshot-processes-count')!.textContent).toMatch(/^500 processes/);
    // Virtualised: far fewer rows in the DOM than in the file.
    const rows = all('snapshot-proc-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    click(byTestId('snapshot-proc-sort-pid'));
    expect(all('snapshot-proc-row')[0]!.dataset.pid).toBe('100');
    click(byTestId('snapshot-proc-sort-pid'));
    expect(all('snapshot-proc-row')[0]!.dataset.pid).toBe('599');

    click(byTestId('snapshot-tab-memory'));
    expect(byTestId('verdict-sentence')!.textContent).toBe('Memory has grown by 12 MiB per minute for 9 minutes.');
    expect(all('alert-row')[0]!.textContent).toContain('node (pid 102) passed its size limit');

    click(byTestId('snapshot-tab-traces'));
    expect(byTestId('trace-end-sentence')!.textContent).toBe('It exited with status 1 right after it failed to open /etc/app.conf.');
    expect(all('trace-failure')[0]!.dataset.target).toBe('/etc/app.conf');

    click(byTestId('snapshot-tab-cores'));
    expect(all('core-frame-function').map((el) => el.textContent)).toEqual(['parse_line', 'main']);

    click(byTestId('snapshot-tab-audit'));
    expect(all('snapshot-audit-entry')[0]!.textContent).toContain('Sent STOP to nginx (pid 101).');

    click(byTestId('snapshot-tab-inventory'));
    expect(byTestId('about-cpu-model')!.textContent).toBe('Intel Xeon');
  });

  it('says "not in this snapshot" for every absent part, with the reason the capture gave', () => {
    const snapshot = syntheticSnapshot();
    const bare: Snapshot = {
      ...snapshot,
      meta: { ...snapshot.meta, problems: [{ part: 'processes', message: '/proc was not readable' }] },
      parts: { metrics: snapshot.parts.metrics },
    };
    show(opened(bare, ['The audit part of this snapshot could not be read and is left out.']));
    expect(byTestId('snapshot-absent-notes')!.textContent).toBe('Notes are not in this snapshot.');
    expect(all('snapshot-problems')[0]!.textContent).toContain('The audit part of this snapshot could not be read and is left out.');
    for (const part of VIEWER_TABS.filter((p) => p !== 'metrics')) {
      click(byTestId(`snapshot-tab-${part}`));
      expect(byTestId('snapshot-absent')!.textContent).toBe(absentText(part, bare.meta.problems));
    }
    expect(absentText('processes', bare.meta.problems)).toBe('Processes: not in this snapshot (it could not be captured: /proc was not readable)');
    expect(absentText('cores', undefined)).toBe('Core dumps: not in this snapshot.');
    // Every part the format knows has a place: a tab, above the tabs (findings, changes, notes), or the
    // recorded window's tab, shown only in snapshots that have one.
    expect([...VIEWER_TABS, 'findings', 'changes', 'notes', 'history'].sort()).toEqual([...SNAPSHOT_PART_NAMES].sort());
    expect(byTestId('snapshot-tab-history')).toBeNull();
  });

  it('opens with the findings and what changed in the window, above the notes and tabs', () => {
    const snapshot = syntheticSnapshot();
    show(opened(snapshot));
    const top = byTestId('snapshot-findings')!;
    // Before the notes and the tabs in the page's order.
    expect(top.compareDocumentPosition(byTestId('snapshot-note-actual')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(top.querySelector('h2')!.textContent).toBe('Findings at 2026-11-26 13:15:00');
    expect(all('finding-cpu-saturated')[0]!.textContent).toContain('ffmpeg (pid 4411) and ffmpeg (pid 4412) use 97% of both cores');
    // Another machine at another time: the next step is told, not linked into this machine's views.
    expect(all('finding-cpu-saturated')[0]!.querySelector('a')).toBeNull();
    expect(all('finding-cpu-saturated')[0]!.textContent).toContain('Next step on that machine: Open ffmpeg (pid 4411) in Processes');
    expect(byTestId('snapshot-findings-summary')!.textContent).toBe('Nothing else looked wrong: 1 of 4 checks passed after 10 min of watching, 1 not judged.');
    const changes = byTestId('changes')!;
    expect(changes.querySelector('h2')!.textContent).toBe('What changed in the window (60 min)');
    expect([...changes.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '2026-11-26 13:13:00 triage-action signal STOP to nginx (pid 101)',
      '2026-11-26 13:05:00 package upgraded openssl 3.0.11 → 3.0.13',
    ]);
    expect(byTestId('changes-unread')!.textContent).toContain('systemd journal — systemd is not running on this machine');
  });

  it('opens a file from before findings and changes were recorded, and says they are not in it', () => {
    const { findings: _findings, changes: _changes, ...older } = syntheticSnapshot().parts;
    show(opened({ ...syntheticSnapshot(), parts: older }));
    expect(byTestId('snapshot-findings-absent')!.textContent).toBe('Findings: not in this snapshot (it was written by a Triage that did not record them).');
    expect(byTestId('snapshot-changes-absent')!.textContent).toBe('What changed: not in this snapshot (it was written by a Triage that did not record them).');
    expect(byTestId('snapshot-metrics')).not.toBeNull();
  });

  it('shows markup from the file as text, never as elements', async () => {
    const snapshot = syntheticSnapshot();
    const rows = snapshot.parts.processes!.rows.map((r, i) => (i === 0 ? { ...r, name: HOSTILE, cmdline: HOSTILE, cpu: 999 } : r));
    const hostile: Snapshot = {
      ...snapshot,
      meta: { ...snapshot.meta, host: HOSTILE },
      parts: { ...snapshot.parts, notes: { actual: HOSTILE }, processes: { ...snapshot.parts.processes!, rows } },
    };
    show(opened(hostile));
    expect(byTestId('snapshot-banner-text')!.textContent).toContain(`Snapshot of ${HOSTILE} taken at`);
    expect(byTestId('snapshot-note-actual')!.textContent).toBe(HOSTILE);
    click(byTestId('snapshot-tab-processes'));
    await settle();
    expect(all('snapshot-proc-row')[0]!.textContent).toContain(HOSTILE);
    expect(host.querySelectorAll('img')).toHaveLength(0);
  });
});
