// A large layer (30,000 generated parcels through ?layers=): read and validated in the data worker, evaluated
// there (figures equal core's in Node), drawn as one image while seen whole and as polygons when zoomed in, and a
// new review date re-evaluated in the worker with the idle findings following it.
import { createServer } from 'node:http';
import { importSource } from '../bundle.mjs';

const N = 30_000;

/** JSON with object keys sorted: the same data compare equal whatever order their members were built in. */
const canonical = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** The first place two JSON values differ, as a path with both values (null when equal). */
function firstDifference(a, b, path = '') {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

export function register({ test, openPage, assert, assertClean, READY, OUT }) {
  test('scale: 30k parcels load and evaluate in the data worker, draw as one image, re-evaluate on a new date', async ({ ctx, app }) => {
    const core = await importSource([
      "export { syntheticParcels } from './bench/synthetic';",
      "export { validateLayer } from './src/core/schema/validate';",
      "export { evaluate } from './src/core/evaluate';",
    ], 'scale-core');
    const text = JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', name: 'synthetic-30k', features: core.syntheticParcels(N, 11) });
    const server = createServer((req, res) => {
      if (req.url !== '/parcels-30k.geojson') { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'application/geo+json', 'content-length': Buffer.byteLength(text), 'access-control-allow-origin': '*' }).end(text);
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${server.address().port}/parcels-30k.geojson`;
    try {
      const validated = core.validateLayer(JSON.parse(text), 'parcels-30k.geojson');
      assert(validated.ok, 'the generated layer should validate in Node');
      const expectAt = (reviewDate) => JSON.parse(JSON.stringify(core.evaluate([validated.value], { reviewDate })));

      const { page, seen } = await openPage(ctx);
      await page.setViewportSize({ width: 1400, height: 900 });
      // The status line while the file is read: every text it shows, recorded as it changes.
      await page.addInitScript(() => {
        window.__progressSeen = [];
        new MutationObserver(() => {
          const el = document.querySelector('[data-testid="load-progress"]');
          if (el && window.__progressSeen.at(-1) !== el.textContent) window.__progressSeen.push(el.textContent);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await page.goto(`${app}?lang=en&layers=${encodeURIComponent(url)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector(READY, { timeout: 180_000, state: 'attached' });
      await page.waitForFunction(() => window.__parkAtlas.evaluation() !== null, null, { timeout: 120_000, polling: 500 })
        .catch((e) => { throw new Error(`no evaluation: ${e.message.split('\n')[0]}; page errors ${JSON.stringify(seen.errors)}`); });
      const progressSeen = await page.evaluate(() => window.__progressSeen);
      assert(progressSeen.length > 0 && progressSeen.every((x) => /^Reading parcels-30k\.geojson: [\d.,]+ \/ [\d.,]+ MB, [\d,]+ features$/.test(x)), `reading progress shown: ${JSON.stringify(progressSeen.slice(0, 5))}`);
      const layers = await page.evaluate(() => window.__parkAtlas.layerSummary());
      const parcels = layers.find((l) => l.kind === 'parcel');
      assert(parcels && parcels.featureCount === N, `parcel layer: ${JSON.stringify(layers)}`);

      // Core's figures, computed in the worker, equal Node's for the same file and date.
      const first = await page.evaluate(() => ({ ev: window.__parkAtlas.evaluation(), mark: performance.getEntriesByName('park-atlas:evaluated').pop()?.detail ?? null }));
      assert(typeof first.mark?.workerMs === 'number', `the evaluation did not come from the data worker: ${JSON.stringify(first.mark)}`);
      const want = expectAt(first.ev.reviewDate);
      assert(first.ev.parcels.length === N, `${first.ev.parcels.length} parcel results`);
      assert(canonical(first.ev) === canonical(want), `the worker's evaluation differs from core's in Node at ${firstDifference(first.ev, want)}`);

      // Seen whole, the layer is one image; zoomed to one parcel, polygons again.
      const images = await page.evaluate(() => window.__parkAtlas.imageLayers());
      assert(images.includes(parcels.id), `not drawn as an image at the overview: ${JSON.stringify(images)}`);
      await page.screenshot({ path: `${OUT}/scale-30k-overview.png` });

      // A new review date: re-evaluated in the worker; idle findings follow.
      const idleCount = (ev) => ev.parcels.filter((p) => p.idle.isIdle === true).length;
      const before = await page.evaluate(() => performance.getEntriesByName('park-atlas:evaluated').length);
      await page.locator('[data-testid="tab-review"]').click();
      await page.locator('[data-testid="review-date"]').fill('2028-12-31');
      await page.waitForFunction((n) => performance.getEntriesByName('park-atlas:evaluated').length > n && window.__parkAtlas.evaluation()?.reviewDate === '2028-12-31', before, { timeout: 60_000 });
      const later = await page.evaluate(() => window.__parkAtlas.evaluation());
      const wantLater = expectAt('2028-12-31');
      assert(canonical(later) === canonical(wantLater), `the re-evaluation differs from core's in Node at ${firstDifference(later, wantLater)}`);
      assert(idleCount(later) !== idleCount(first.ev), `idle parcels did not change with the date (${idleCount(later)})`);

      // Zoomed to one parcel: drawn as polygons, and the inspector shows it.
      const id = want.parcels[0].id;
      await page.locator('[data-testid="tab-layers"]').click();
      await page.locator(`[data-testid="table-row"]`).first().click();
      await page.waitForTimeout(1500);
      await page.waitForSelector(READY, { timeout: 60_000, state: 'attached' });
      const zoomedImages = await page.evaluate(() => window.__parkAtlas.imageLayers());
      assert(!zoomedImages.includes(parcels.id), `still an image when zoomed to one parcel: ${JSON.stringify(zoomedImages)}`);
      await page.screenshot({ path: `${OUT}/scale-30k-zoomed.png` });
      assertClean(seen);
      await page.close();
      return `${N} parcels; progress: ${progressSeen.length} states, last "${progressSeen.at(-1)}"; worker evaluate ${Math.round(first.mark.workerMs)} ms; idle ${idleCount(first.ev)} at ${first.ev.reviewDate} → ${idleCount(later)} at 2028-12-31; first row ${id}`;
    } finally {
      server.close();
    }
  });
}
