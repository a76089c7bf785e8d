// First render of the built app in headless Chromium (time to data-ready) for the sample park and for 100k
// generated parcels (first ready, and complete with core's figures and the idle layer), a pan on the 100k map, and
// the initial JS the browser must load (gzip). One JSON line.
// Needs dist/ (npm run build) and Debian chromium; serves both from its own static server on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serveFolder } from './support';
import { syntheticParcels } from './synthetic';

const ROOT = process.cwd();
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist'); // BENCH_DIST: another build folder
const N = Number(process.env.RENDER_N ?? 100_000);
const READY = '[data-testid="map"][data-ready="true"]';

if (!existsSync(join(DIST, 'index.html'))) {
  process.stderr.write('render bench: dist/ not found, run `npm run build` first\n');
  process.exit(1);
}

/** Bytes and gzip bytes of these files of dist/. */
function jsSize(files: string[]): { files: string[]; bytes: number; gzipBytes: number } {
  let bytes = 0, gzipBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(DIST, f));
    bytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}

/** The JS index.html names (the entry and its modulepreloads): what starts the page, before the app's own chunk. */
function entryJs(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
}

const parcelsJson = JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', name: 'synthetic-100k', features: syntheticParcels(N, 7) });
process.stderr.write(`render bench: ${N} parcels, ${(parcelsJson.length / 1e6).toFixed(1)} MB\n`);

const { base, server } = await serveFolder(DIST, { '/bench/parcels.geojson': parcelsJson });

const profile = mkdtempSync(join(tmpdir(), 'park-atlas-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, viewport: { width: 1600, height: 1000 }, args: CHROMIUM_ARGS,
});

// Main-thread tasks over 50 ms, as the page's PerformanceObserver sees them ([start, duration] in ms).
await ctx.addInitScript(() => {
  const w = window as unknown as { __longTasks: Array<[number, number]> };
  w.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
});
const longTasks = (page: import('playwright-core').Page, from: number, to: number): Promise<number[]> =>
  page.evaluate(([a, b]) => (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks.filter(([s]) => s >= a && s < b).map(([, d]) => d), [from, to]);

async function firstRender(url: string, timeout: number): Promise<{ ms: number; errors: string[]; outside: string[]; scripts: string[]; page: import('playwright-core').Page }> {
  const page = await ctx.newPage();
  const errors: string[] = [], outside: string[] = [], scripts = new Set<string>();
  page.on('pageerror', (e) => errors.push(e.message.slice(0, 120)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !/^(data|blob):/.test(u)) outside.push(u);
    else if (u.startsWith(base) && /\.m?js$/.test(new URL(u).pathname)) scripts.add(decodeURIComponent(new URL(u).pathname.slice(1)));
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(READY, { timeout, state: 'attached' });
  // The scripts loaded until the map was ready: the page's modules and its workers' (a copy, later loads excluded).
  return { ms: Date.now() - t0, errors, outside, scripts: [...scripts], page };
}

const result: Record<string, unknown> = { bench: 'render' };
try {
  // Warm the browser's caches once, as a user opening the app a second time would not have to compile again.
  const warm = await firstRender(base, 60_000);
  await warm.page.close();
  // Initial JS: every script the first visit loaded before the map was ready (entry, app chunk, workers).
  const js = jsSize(warm.scripts);
  result.initial_js_kb = Math.round(js.bytes / 1024);
  result.initial_js_gzip_kb = Math.round(js.gzipBytes / 1024);
  result.initial_js_files = js.files.length;
  result.entry_js_gzip_kb = Math.round(jsSize(entryJs()).gzipBytes / 1024);
  const sample = await firstRender(base, 60_000);
  result.sample_ready_ms = sample.ms;
  await sample.page.close();

  // 100k parcels: report a time-out as a figure (null with the limit), not as a crash of the whole bench.
  let bigErrors: string[] = [], bigOutside = 0;
  try {
    const big = await firstRender(`${base}?layers=${encodeURIComponent('/bench/parcels.geojson')}`, 180_000);
    bigErrors = big.errors;
    bigOutside = big.outside.length;
    result.parcels_100k_ready_ms = big.ms;
    // First ready: the parcels drawn. Complete: core's figures in (from the data worker) and the layers derived from
    // them (idle land) drawn too: the first ready after the evaluated mark, since navigation start.
    result.parcels_100k_complete_ms = Math.round(await big.page.evaluate(() => new Promise<number>((resolve) => {
      const check = () => {
        const evaluated = performance.getEntriesByName('park-atlas:evaluated')[0];
        const ready = evaluated && performance.getEntriesByName('park-atlas:ready').find((m) => m.startTime > evaluated.startTime);
        if (ready && document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true') resolve(ready.startTime);
        else setTimeout(check, 50);
      };
      check();
    })));
    const loadTasks = await longTasks(big.page, 0, await big.page.evaluate(() => performance.now()));
    result.load_100k_longest_task_ms = Math.round(Math.max(0, ...loadTasks));
    result.load_100k_tasks_over_100ms = loadTasks.filter((d) => d > 100).length;
    // Pannable: drag the map and time until the moved view has rendered again (data-ready resets on a camera move).
    const box = (await big.page.locator('[data-testid="map"]').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const t0 = Date.now();
    await big.page.mouse.move(cx, cy);
    await big.page.mouse.down();
    for (let i = 1; i <= 10; i++) await big.page.mouse.move(cx + i * 30, cy + i * 10);
    await big.page.mouse.up();
    await big.page.waitForSelector(READY, { timeout: 60_000, state: 'attached' });
    result.parcels_100k_pan_ms = Date.now() - t0;
    // The attribute table on the 100k layer: jump through it in 20 steps; each step's time until the rows under the
    // new scroll position are in the DOM (virtualised: rows rendered stay ~30).
    const steps: number[] = [];
    for (let i = 1; i <= 20; i++) {
      steps.push(await big.page.evaluate(async (fraction) => {
        const el = document.querySelector('.vt-scroller') as HTMLElement | null;
        if (!el) return -1;
        const t0 = performance.now();
        el.scrollTop = fraction * (el.scrollHeight - el.clientHeight);
        const want = Math.floor(el.scrollTop / 30); // ROW_H of the table
        for (let k = 0; k < 200; k++) {
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          const ids = [...document.querySelectorAll('[data-testid="table-row"]')].map((r) => Number((r as HTMLElement).dataset.index ?? NaN));
          if (ids.some((x) => Number.isFinite(x) && Math.abs(x - want) < 40)) break;
        }
        return performance.now() - t0;
      }, i / 20));
    }
    result.table_100k_scroll_step_ms_median = Math.round(steps.slice().sort((a, b) => a - b)[10]);
    result.table_100k_scroll_step_ms_max = Math.round(Math.max(...steps));
    result.table_100k_rows_in_dom = await big.page.locator('[data-testid="table-row"]').count();
    result.heap_mb_100k = Math.round((await big.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) / 1e6);
    // Last, as it changes the figures: computing. A new review date re-evaluates the 100k parcels (in the data
    // worker); the page's longest task until the figures are in, and the worker's own time for metrics + rules + idle.
    await big.page.locator('[data-testid="tab-review"]').click();
    await big.page.locator('[data-testid="review-date"]').waitFor({ timeout: 30_000 });
    const marksBefore = await big.page.evaluate(() => performance.getEntriesByName('park-atlas:evaluated').length);
    const changedAt = await big.page.evaluate(() => performance.now());
    await big.page.locator('[data-testid="review-date"]').fill('2027-03-31');
    await big.page.waitForFunction((n) => performance.getEntriesByName('park-atlas:evaluated').length > n, marksBefore, { timeout: 60_000 });
    const evaluatedMark = await big.page.evaluate(() => {
      const m = performance.getEntriesByName('park-atlas:evaluated').pop() as PerformanceMark;
      return { at: m.startTime, workerMs: (m.detail as { workerMs?: number } | null)?.workerMs ?? null };
    });
    const computeTasks = await longTasks(big.page, changedAt, evaluatedMark.at);
    result.reevaluate_100k_ms = Math.round(evaluatedMark.at - changedAt);
    result.reevaluate_100k_worker_ms = evaluatedMark.workerMs === null ? null : Math.round(evaluatedMark.workerMs);
    result.reevaluate_100k_longest_main_task_ms = Math.round(Math.max(0, ...computeTasks));
    await big.page.waitForTimeout(300);
    await big.page.waitForSelector(READY, { timeout: 60_000, state: 'attached' });
    // After the figures arrive the page rebuilds the review queue, the table and the map's colours: not computing,
    // but the user waits on it too, so it is reported beside.
    const drawnAt = await big.page.evaluate(() => performance.now());
    result.reevaluate_100k_until_drawn_ms = Math.round(drawnAt - changedAt);
    result.reevaluate_100k_longest_task_until_drawn_ms = Math.round(Math.max(0, ...(await longTasks(big.page, changedAt, drawnAt))));
  } catch (e) {
    result.parcels_100k_ready_ms ??= null;
    result.parcels_100k_error = String((e as Error).message).split('\n')[0].slice(0, 160);
  }
  result.n = N;
  result.page_errors = [...sample.errors, ...bigErrors];
  result.outside_requests = sample.outside.length + bigOutside;
} finally {
  await ctx.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
