/** The terminal's font; TerminalView and the warm-up below must agree on it. */
export const TERMINAL_FONT_FAMILY = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, monospace";
export const TERMINAL_FONT_SIZE = 13;

let warmed = false;

/**
 * Lays out a few hidden characters in the terminal's font (regular, bold, italic) while the page is
 * idle. The first use of a font family makes the browser look it up and load it inside whatever
 * layout needs it; without this, that happens when xterm measures its cells, in the same task that
 * opens the terminal just as a trace starts streaming (about 80 ms here the first time, 6 ms after).
 */
export function warmTerminalFonts(doc: Document = document): void {
  if (warmed) return;
  warmed = true;
  const run = () => {
    const box = doc.createElement('div');
    box.setAttribute('aria-hidden', 'true');
    // CSSOM, not a style attribute: the page's CSP forbids inline style attributes.
    box.style.cssText = 'position:absolute;left:-10000px;top:0;visibility:hidden;white-space:pre;contain:strict;width:2000px;height:200px';
    for (const variant of ['', 'font-weight:bold;', 'font-style:italic;', 'font-weight:bold;font-style:italic;']) {
      const line = doc.createElement('div');
      line.style.cssText = `font-family:${TERMINAL_FONT_FAMILY};font-size:${TERMINAL_FONT_SIZE}px;${variant}`;
      line.textContent = 'W'.repeat(32);
      box.append(line);
    }
    doc.body.append(box);
    void box.firstElementChild?.getBoundingClientRect().width;
    box.remove();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 100);
}
