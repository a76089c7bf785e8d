// 五规合一 conflicts in headless Chromium through the app's own worker path (bench/browser/conflictsPage.ts calls
// conflictsInWorker of src/ui/data/coreWorker.ts, which runs src/workers/core.worker.ts as a module worker through
// comlink and assembles the result on the page), against, in the same run and on the same generated data
// (bench/conflictData.ts; CONFLICTS_PLANS sets the park-plan count, default 100 000 with a quarter as many
// constraints): the same core in Node (median of 3 after a warm-up), PostGIS (bench/postgis.ts, skipped with a
// line when it cannot be started) and GEOS through shapely 2 (bench/shapelyPeer.ts, likewise). Worker times are
// the whole job as the page sees it: layers cloned to the worker, the work, the typed arrays moved back, the
// assembly. One JSON line on stdout, progress on stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import { detectConflicts } from '../src/core/overlay/detect';
import { CONFLICT_TYPES, type ConflictResult } from '../src/core/overlay/types';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';
import { conflictData } from './conflictData';
import { postgisConflictsPeer } from './postgis';
import { runShapelyPeer } from './shapelyPeer';
import { CHROMIUM_ARGS, serveFolder } from './support';

const MIN_AREA_M2 = 1;
const REPEAT = 3;
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** coreWorker.ts names its worker for vite; here the worker is bundled beside the page as core-worker.js. */
const WORKER_URL_IN_SOURCE = "new URL('../../workers/core.worker.ts', import.meta.url)";
const workerUrlPlugin: Plugin = {
  name: 'core-worker-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]ui[\\/]data[\\/]coreWorker\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(WORKER_URL_IN_SOURCE)) throw new Error(`${args.path} no longer starts its worker with ${WORKER_URL_IN_SOURCE}: update this bench`);
      return { contents: text.replace(WORKER_URL_IN_SOURCE, "new URL('./core-worker.js', import.meta.url)"), loader: 'ts' };
    });
  },
};

const plans = Number(process.env.CONFLICTS_PLANS ?? 100_000);
const loadAtStart = loadavg()[0];
const data = conflictData({ planCount: plans, constraintCount: Math.round(plans / 4) });
const dir = mkdtempSync(join(tmpdir(), 'park-atlas-conflicts-browser-'));
const result: Record<string, unknown> = { bench: 'conflicts-browser', park_plan_polygons: plans, constraint_polygons: Math.round(plans / 4), load_average_start: round(loadAtStart, 2) };
try {
  const common = { bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', logLevel: 'warning', absWorkingDir: process.cwd() } as const;
  await build({ ...common, entryPoints: ['src/workers/core.worker.ts'], outfile: join(dir, 'core-worker.js') });
  await build({ ...common, entryPoints: ['bench/browser/conflictsPage.ts'], outfile: join(dir, 'page.js'), plugins: [workerUrlPlugin] });
  writeFileSync(join(dir, 'layers.json'), JSON.stringify(data));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>');

  // Node, same code, same data, in this process.
  const layers: ValidatedLayer[] = Object.entries(data).map(([name, fc]) => {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`${name} did not validate`);
    return r.value;
  });
  let node: ConflictResult = await detectConflicts(layers, { minAreaM2: MIN_AREA_M2 });
  const nodeRuns: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    node = await detectConflicts(layers, { minAreaM2: MIN_AREA_M2 });
    nodeRuns.push(performance.now() - t);
  }
  const nodeMs = median(nodeRuns);
  log(`node: ${nodeRuns.map((x) => x.toFixed(0)).join(' ')} ms`);

  // Chromium, the app's worker path.
  const { base, server } = await serveFolder(dir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let got: {
    error?: string; validateMs: number; clone: { postMs: number; roundTripMs: number }; coldMs: number; counts: Record<string, number>; totals: Record<string, number>; droppedSlivers: number;
    firstGeometryType: string | null; userAgent: string; runs: Array<{ ms: number; firstProgressMs: number; progressCalls: number; maxGapMs: number }>;
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${base}?runs=${REPEAT}&minArea=${MIN_AREA_M2}`);
    await page.waitForFunction(() => document.title.startsWith('{'), null, { timeout: 900_000, polling: 500 });
    got = JSON.parse(await page.title());
  } finally {
    await browser.close();
    server.close();
  }
  if (got.error) throw new Error(got.error);
  const workerMs = median(got.runs.map((r) => r.ms));
  log(`chromium worker (app path): ${got.runs.map((r) => r.ms.toFixed(0)).join(' ')} ms; ${got.userAgent}`);

  // Peers, after the browser has gone (2 cores).
  const pg = await postgisConflictsPeer(layers, { minAreaM2: MIN_AREA_M2, repeat: REPEAT }, log);
  const shp = runShapelyPeer(layers, { minAreaM2: MIN_AREA_M2, threads: 2, repeat: REPEAT }, log);
  if (!shp.ok) log(`shapely: skipped: ${shp.reason}`);

  const nodeCounts = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, node.conflicts.filter((c) => c.type === k).length]));
  const relDiff = (totals: Record<string, number>) =>
    Object.fromEntries(CONFLICT_TYPES.map((k) => [k, Number((Math.abs(got.totals[k] - totals[k]) / Math.max(totals[k], 1e-9)).toPrecision(3))]));
  Object.assign(result, {
    load_average_end: round(loadavg()[0], 2),
    node_ms: Math.round(nodeMs),
    worker_ms: Math.round(workerMs),
    worker_runs_ms: got.runs.map((r) => Math.round(r.ms)),
    worker_cold_ms: Math.round(got.coldMs),
    worker_first_progress_ms: Math.round(median(got.runs.map((r) => r.firstProgressMs))),
    worker_progress_calls: got.runs[0]?.progressCalls ?? 0,
    page_max_gap_ms: Math.round(Math.max(...got.runs.map((r) => r.maxGapMs))),
    page_validate_ms: Math.round(got.validateMs),
    layers_post_message_ms: Math.round(got.clone.postMs),
    layers_clone_round_trip_ms: Math.round(got.clone.roundTripMs),
    ratio_worker_vs_node: round(workerMs / nodeMs),
    postgis_ms: pg.ok ? Math.round(pg.serialMs) : null,
    postgis_parallel_ms: pg.ok ? Math.round(pg.parallelMs) : null,
    postgis_skipped: pg.ok ? null : pg.reason,
    ratio_worker_vs_postgis: pg.ok ? round(workerMs / pg.serialMs) : null,
    ratio_worker_vs_postgis_parallel: pg.ok ? round(workerMs / pg.parallelMs) : null,
    shapely_ms: shp.ok ? Math.round(shp.serialMs) : null,
    shapely_threads_ms: shp.ok ? Math.round(shp.threadsMs) : null,
    shapely_skipped: shp.ok ? null : shp.reason,
    ratio_worker_vs_shapely: shp.ok ? round(workerMs / shp.serialMs) : null,
    same_counts_as_node: CONFLICT_TYPES.every((k) => (got.counts[k] ?? 0) === nodeCounts[k]),
    same_counts_as_postgis: pg.ok ? CONFLICT_TYPES.every((k) => (got.counts[k] ?? 0) === pg.counts[k]) : null,
    area_rel_diff_vs_node: relDiff(node.totals),
    area_rel_diff_vs_postgis: pg.ok ? relDiff(pg.totals) : null,
    conflicts: got.counts,
    first_geometry_type: got.firstGeometryType,
    browser: /Chrome\/[\d.]+/.exec(got.userAgent)?.[0] ?? got.userAgent,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
