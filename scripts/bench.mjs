// npm run bench: runs every bench/*.bench.ts in its own Node process (one at a time: the machine has 2 cores)
// and passes on their output, one JSON line per benchmark on stdout. Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(`${root}bench`).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', `bench/${f}`], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench/${f} failed with exit code ${r.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
