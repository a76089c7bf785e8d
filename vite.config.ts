import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The fictional sample park (DESIGN §1 data/): served at /sample/ in dev, copied to dist/sample/ by the build. */
const SAMPLE_DIR = resolve(root, 'data/sample');
const SAMPLE_ROUTE = 'sample';
const SAFE_NAME = /^[\w][\w.-]*$/;

function sampleFiles(): string[] {
  if (!existsSync(SAMPLE_DIR)) return [];
  return readdirSync(SAMPLE_DIR).filter((n) => SAFE_NAME.test(n) && statSync(join(SAMPLE_DIR, n)).isFile());
}

function contentType(name: string): string {
  if (name.endsWith('.geojson')) return 'application/geo+json; charset=utf-8';
  if (name.endsWith('.json')) return 'application/json; charset=utf-8';
  return 'application/octet-stream';
}

/** Sample data as static files, not bundled JS: big layers stay out of the bundle and load like user files. */
function sampleData(): Plugin {
  return {
    name: 'park-atlas-sample-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const prefix = `${server.config.base}${SAMPLE_ROUTE}/`;
        if (!path.startsWith(prefix)) return next();
        const name = decodeURIComponent(path.slice(prefix.length));
        const file = join(SAMPLE_DIR, name);
        if (!SAFE_NAME.test(name) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          res.end(`not found: ${name}`);
          return;
        }
        res.setHeader('Content-Type', contentType(name));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      const files = sampleFiles();
      if (files.length === 0) this.warn(`no sample data in ${SAMPLE_DIR}: dist/${SAMPLE_ROUTE}/ will be empty`);
      for (const name of files) {
        this.emitFile({ type: 'asset', fileName: `${SAMPLE_ROUTE}/${name}`, source: readFileSync(join(SAMPLE_DIR, name)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), sampleData()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    // maplibre-gl and deck.gl are large by nature; the app is used on a desktop over a LAN or offline.
    chunkSizeWarningLimit: 4000,
  },
});
