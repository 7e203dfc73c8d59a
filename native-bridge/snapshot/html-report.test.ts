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

  it('says what the snapshot does not hold, and survives out-of-range times', () => {
    const snapshot = syntheticSnapshot();
    snapshot.parts = { notes: { actual: 'only notes' } };
    snapshot.meta.capturedAt = 1e300;
    const out = renderHtmlReport(snapshot);
    expect(out).toContain('No metrics history in this snapshot.');
    expect(out).toContain('Not in this snapshot: metrics, processes, memory, traces, cores, audit, inventory.');
    expect(out).toContain('an unknown time');
  });
});
