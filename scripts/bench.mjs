// npm run bench: bundles every bench/*.bench.ts with esbuild (as the app's build would, without tsx's
// name-keeping wrappers that slow closures) and runs each in its own Node process, one at a time (2 cores).
// Each prints one JSON line on stdout. Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(`${root}bench`).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
// Inside node_modules so the bundles resolve the project's packages.
const out = mkdtempSync(join(root, 'node_modules', '.park-atlas-bench-'));
let failed = 0;
for (const f of files) {
  const outfile = join(out, f.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(root, 'bench', f)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    logLevel: 'warning', packages: 'external', absWorkingDir: root,
  });
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', outfile], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench/${f} failed with exit code ${r.status}\n`);
  }
}
rmSync(out, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
