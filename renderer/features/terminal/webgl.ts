import type { Terminal } from '@xterm/xterm';

/**
 * Whether a WebGL renderer string names a software rasteriser. There xterm's WebGL renderer is slower
 * than its DOM one: in headless Chromium (SwiftShader) a terminal firehose gave 120–170 ms tasks with
 * WebGL against under 60 ms with the DOM renderer, because every glyph and texture goes through the CPU.
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer);
}

/** The GPU's name as WebGL2 reports it, or null when WebGL2 is unavailable. */
export function webglRendererName(doc: Document = document): string | null {
  try {
    const gl = doc.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

let hardware: boolean | null = null;

/**
 * Draws the terminal with WebGL when a real GPU is there (much cheaper per frame than DOM rows);
 * otherwise, or when loading fails, or when the GPU drops the context later, xterm keeps (or falls
 * back to) its DOM renderer. Returns a function that unloads it.
 */
export function loadGpuRendererIfAvailable(term: Terminal): () => void {
  let addon: { dispose(): void } | null = null;
  let cancelled = false;
  // Its own task: creating the probe context can take a while, and opening the terminal already did.
  const timer = setTimeout(() => {
    hardware ??= (() => {
      const name = webglRendererName();
      return name !== null && !isSoftwareRenderer(name);
    })();
    if (!hardware || cancelled) return;
    void import('@xterm/addon-webgl')
      .then(({ WebglAddon }) => {
        if (cancelled) return;
        const webgl = new WebglAddon();
        // A lost context (driver reset, GPU process crash): back to the DOM renderer.
        webgl.onContextLoss(() => webgl.dispose());
        term.loadAddon(webgl);
        addon = webgl;
      })
      .catch(() => {
        // No WebGL after all: the DOM renderer stays.
      });
  }, 0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    addon?.dispose();
  };
}
