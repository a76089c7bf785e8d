// 五规合一 conflicts in a Web Worker in headless Chromium (the app's path: core in a worker), against the same
// core in Node in this process, on the same generated data (bench/conflictData.ts; CONFLICTS_PLANS sets the
// park-plan count, default 100 000 with 25 000 constraints). One JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { detectConflicts } from '../src/core/overlay/detect';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';
import { conflictData } from './conflictData';
import { CHROMIUM_ARGS, serveFolder } from './support';

const plans = Number(process.env.CONFLICTS_PLANS ?? 100_000);
const data = conflictData({ planCount: plans, constraintCount: Math.round(plans / 4) });
const dir = mkdtempSync(join(tmpdir(), 'park-atlas-conflicts-browser-'));
const result: Record<string, unknown> = { bench: 'conflicts-browser', park_plan_polygons: plans, constraint_polygons: Math.round(plans / 4) };
try {
  await build({ entryPoints: [join(process.cwd(), 'bench/browser/overlayWorker.ts')], outfile: join(dir, 'worker.js'), bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'warning' });
  writeFileSync(join(dir, 'layers.json'), JSON.stringify(data));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module">
const layers = await (await fetch('layers.json')).json();
const w = new Worker('worker.js');
const t0 = performance.now();
w.onmessage = (e) => { document.title = JSON.stringify({ ...e.data, totalMs: performance.now() - t0 }); };
w.onerror = (e) => { document.title = JSON.stringify({ error: e.message }); };
w.postMessage({ layers });
</script>`);
  const { base, server } = await serveFolder(dir);

  // Node, same code, same data, in this process.
  const layers: ValidatedLayer[] = Object.entries(data).map(([name, fc]) => {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`${name} did not validate`);
    return r.value;
  });
  const t = performance.now();
  const node = await detectConflicts(layers, {});
  result.node_ms = Math.round(performance.now() - t);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  await page.goto(base);
  await page.waitForFunction(() => document.title.startsWith('{'), null, { timeout: 600_000, polling: 500 });
  const got = JSON.parse(await page.title());
  await browser.close();
  server.close();
  if (got.error) throw new Error(got.error);
  result.worker_detect_ms = Math.round(got.detectMs);
  result.worker_validate_ms = Math.round(got.validateMs);
  result.ratio_worker_vs_node = Number((got.detectMs / (result.node_ms as number)).toFixed(3));
  const nodeCounts: Record<string, number> = {};
  for (const c of node.conflicts) nodeCounts[c.type] = (nodeCounts[c.type] ?? 0) + 1;
  result.same_counts = JSON.stringify(nodeCounts) === JSON.stringify(got.counts);
  result.max_total_rel_diff = Math.max(...Object.keys(node.totals).map((k) => Math.abs(got.totals[k] - node.totals[k as keyof typeof node.totals]) / Math.max(1, node.totals[k as keyof typeof node.totals])));
  result.conflicts = nodeCounts;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
