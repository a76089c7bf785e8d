// The portable deck (issue 8 §5): src/portable/main.tsx as ONE classic script (IIFE, dynamic imports inlined) and
// one stylesheet, so that it runs from file:// (Chromium refuses ES modules and fetch() on file:// pages).
// scripts/build-portable.mjs runs this build and writes index.html and data.js beside it.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const WORKER_URL_ID = '\0park-atlas-portable-worker-url';

/** MapController asks for maplibre's worker as a file URL (`?url`); the portable deck makes it from the inlined source. */
function noWorkerFile(): Plugin {
  return {
    name: 'park-atlas-portable-worker',
    enforce: 'pre',
    resolveId(id) {
      return id.endsWith('maplibre-gl-worker.mjs?url') ? WORKER_URL_ID : null;
    },
    load(id) {
      return id === WORKER_URL_ID ? 'export default "";' : null;
    },
  };
}

export default defineConfig({
  plugins: [noWorkerFile(), react()],
  publicDir: false,
  base: './',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist-portable',
    emptyOutDir: true,
    // Everything in the one script: no asset file may be fetched from file://.
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    modulePreload: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: 'src/portable/main.tsx',
      // `import.meta` becomes {} in a classic script. maplibre reads import.meta.url only to find its worker when
      // none is set (the portable entry sets one); the other readers (preload helper, luma.gl) are not reached.
      onLog(level, log, handler) {
        if (log.code === 'EMPTY_IMPORT_META') return;
        handler(level, log);
      },
      output: {
        format: 'iife',
        name: 'ParkAtlasDeck',
        // One file: dynamic imports (chart.js, …) inlined (rolldown's successor of inlineDynamicImports).
        codeSplitting: false,
        entryFileNames: 'park-atlas-deck.js',
        assetFileNames: 'park-atlas-deck[extname]',
      },
    },
  },
});
