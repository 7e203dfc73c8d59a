import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No node:path here: renderer/ may not import Node built-ins (lint), and Vite resolves these against `root`.
const rendererRoot = import.meta.dirname;

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is loaded from Electron's app:// protocol and from the web server at /.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The CSP forbids inline code: never inline assets as data: scripts, keep CSS in files.
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships /*@__PURE__*/ comments Rollup cannot place; harmless, and noise in every build.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
