import { describe, expect, it } from 'vitest';
import { REPORT_CSP, renderHtmlReport } from './html-report.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

function hostileSnapshot() {
  const snapshot = syntheticSnapshot({ samples: 120, processes: 30 });
  const rows = snapshot.parts.processes!.rows;
  rows[0] = { ...rows[0]!, name: HOSTILE, cmdline: `${HOSTILE} "</script><script>alert(2)</script>" \u001b]52;c;aGk=\u0007`, cpu: 99 };
  snapshot.meta.host = '<b>host</b>';
  snapshot.parts.notes = { actual: '<iframe src="https://evil.example"></iframe>' };
  snapshot.parts.traces![0]!.analysis.failures[0]!.target = '<svg onload=alert(3)>';
  return snapshot;
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(hostileSnapshot());

  it('is one self-contained page with a strict CSP and no script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    // Nothing is fetched: no external URL in src/href attributes.
    expect(html).not.toMatch(/\s(src|href)=["']?(https?:)?\/\//i);
  });

  it('draws the charts as inline SVG polylines', () => {
    expect(html.match(/<svg /g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/<polyline fill="none" stroke="#[0-9a-f]+" stroke-width="1.5" points="[\d., ]+">/);
    expect(html).toContain('CPU (% of all cores)');
    expect(html).toContain('Load average');
  });

  it('escapes every text from the file', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<b>host</b>');
    expect(html).toContain('Snapshot of &lt;b&gt;host&lt;/b&gt; taken at 2026-11-26 12:15:00 UTC');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('<svg onload');
    // Terminal escape sequences are shown as codes, never passed through.
    expect(html).not.toContain('\u001b');
    expect(html).toContain('\\x1b]52;c;aGk=\\x07');
  });

  it('shows the tables: processes, alerts, trace failures and backtraces, notes', () => {
    expect(html).toContain('Busiest (top 50)');
    expect(html).toContain('node (pid 102) passed its size limit');
    expect(html).toContain('It looked for /etc/app.conf and it does not exist.');
    expect(html).toContain('Invalid memory access at address 0x0 (a NULL pointer)');
    expect(html).toContain('parse_line');
    expect(html).toContain('What happened instead?');
    expect(html).toContain('Sent STOP to nginx (pid 101).');
  });

  it('opens with the findings and the changes of its window', () => {
    const full = renderHtmlReport(syntheticSnapshot());
    const at = (text: string) => full.indexOf(text);
    expect(at('<h2>Findings at 2026-11-26 12:15:00 UTC</h2>')).toBeGreaterThan(0);
    expect(at('<h2>Findings at')).toBeLessThan(at('<h2>What changed from 2026-11-26 11:15:00 UTC to 2026-11-26 12:15:00 UTC</h2>'));
    expect(at('<h2>What changed')).toBeLessThan(at('<h2>Notes</h2>'));
    expect(at('<h2>Notes</h2>')).toBeLessThan(at('<h2>System</h2>'));
    expect(full).toContain('<span class="sev-serious">Serious</span>');
    expect(full).toContain('ffmpeg (pid 4411) and ffmpeg (pid 4412) use 97% of both cores; other programs wait — pressure 45%.');
    expect(full).toContain('CPU busy: 97% (threshold 90%); load (1 min): 5.10 (threshold 2.00)');
    expect(full).toContain('Nothing else looked wrong: 1 of 4 checks passed after 10 min of watching.');
    expect(full).toContain('Battery low: not present on this machine: no battery under class/power_supply');
    expect(full).toContain('upgraded openssl 3.0.11 → 3.0.13');
    expect(full).toContain('Not read (changes there are unknown): systemd journal — systemd is not running on this machine');
  });

  it('a snapshot from before findings still renders, saying they are not in it', () => {
    const snapshot = syntheticSnapshot();
    delete snapshot.parts.findings;
    delete snapshot.parts.changes;
    const out = renderHtmlReport(snapshot);
    expect(out).toContain('<h2>Findings</h2><p class="muted">Not in this snapshot (it was taken by a Triage that did not record findings).</p>');
    expect(out).toContain('<h2>What changed</h2><p class="muted">Not in this snapshot (it was taken by a Triage that did not record changes).</p>');
    expect(out).toContain('Busiest (top 50)');
  });

  it('says what the snapshot does not hold, and survives out-of-range times', () => {
    const snapshot = syntheticSnapshot();
    snapshot.parts = { notes: { actual: 'only notes' } };
    snapshot.meta.capturedAt = 1e300;
    const out = renderHtmlReport(snapshot);
    expect(out).toContain('No metrics history in this snapshot.');
    expect(out).toContain('Not in this snapshot: findings, changes, metrics, processes, memory, traces, cores, audit, inventory.');
    expect(out).toContain('an unknown time');
  });
});
