// End-to-end tests of the built app (dist/) in headless Chromium, driven by playwright-core (DESIGN §11).
// Builds nothing: run `npm run build` first. Serves dist/ with `vite preview` and the fixtures with a small
// static server, both on 127.0.0.1; every request that leaves 127.0.0.1 fails the test that made it.
// Usage: node test/e2e/run.mjs [name-filter]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng } from './png.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// E2E_DIST: test another build folder (e.g. one a parallel worker built), default dist/.
const DIST = resolve(process.env.E2E_DIST ?? join(ROOT, 'dist'));
const FIXTURES = join(ROOT, 'test/e2e/fixtures');
const OUT = join(ROOT, 'test-results/e2e');
const READY_TIMEOUT = 60_000;
const READY = '[data-testid="map"][data-ready="true"]';
const HOSTILE = '<img src=x onerror=window.__xss=1>';
const filter = process.argv[2] ?? '';

// ---------------------------------------------------------------- servers

function freePort() {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitForHttp(url, ms, child) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with code ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url} within ${ms} ms`);
}

async function startPreview() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', DIST, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(base, 30_000, child);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${e.message}\n${log}`);
  }
  return { base, stop: () => stopChild(child) };
}

function stopChild(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}

/** Fixtures on their own 127.0.0.1 origin (CORS open), as a user's layer server would be. */
async function startFixtureServer() {
  const port = await freePort();
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    const file = join(FIXTURES, name);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (!/^[\w][\w.-]*$/.test(name) || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${port}/`, stop: () => new Promise((r) => server.close(() => r())) };
}

// ---------------------------------------------------------------- browser

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH)');
  return found;
}

/** A fresh page with watchers for page errors, console errors, dialogs and requests leaving 127.0.0.1. */
async function openPage(ctx) {
  const page = await ctx.newPage();
  const seen = { errors: [], outside: [], dialogs: [] };
  page.on('pageerror', (e) => seen.errors.push(String(e.message).slice(0, 300)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push('console: ' + m.text().slice(0, 300));
  });
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const host = new URL(url).hostname;
    if (!['127.0.0.1', 'localhost', ''].includes(host)) seen.outside.push(url.slice(0, 160));
  });
  return { page, seen };
}

async function waitReady(page) {
  const t0 = Date.now();
  await page.waitForSelector(READY, { timeout: READY_TIMEOUT, state: 'attached' });
  return Date.now() - t0;
}

/**
 * Screenshot of the map element, decoded in Node (png.mjs): finds the ground colour and, per query, counts pixels within `tol` of `stack` (RGBA fills, alpha 0–255)
 * composited source-over onto that ground in order.
 */
async function mapColours(page, shotName, queries) {
  const png = await page.locator('[data-testid="map"]').screenshot({ path: join(OUT, shotName) });
  const { width, height, data: d } = decodePng(png);
  // The ground is the commonest colour along the left and bottom edges (the view is fitted with padding there).
  const freq = new Map();
  const tally = (x, y) => {
    const i = (y * width + x) * 4;
    const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    freq.set(k, (freq.get(k) ?? 0) + 1);
  };
  for (let y = 0; y < height; y += 3) tally(2, y);
  for (let x = 0; x < width; x += 3) tally(x, height - 40);
  const top = [...freq.entries()].sort((p, q) => q[1] - p[1])[0][0];
  const ground = [(top >> 16) & 255, (top >> 8) & 255, top & 255];
  const over = (under, [r, gg, b, al]) => [r, gg, b].map((v, i) => Math.round(v * (al / 255) + under[i] * (1 - al / 255)));
  const counts = queries.map(({ stack, tol }) => {
    const rgb = stack.reduce((acc, fill) => over(acc, fill), ground);
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - rgb[0]) <= tol && Math.abs(d[i + 1] - rgb[1]) <= tol && Math.abs(d[i + 2] - rgb[2]) <= tol) n++;
    }
    return n;
  });
  return { ground, counts };
}

// ---------------------------------------------------------------- assertions

class AssertionError extends Error {}
function assert(cond, message) {
  if (!cond) throw new AssertionError(message);
}
function assertClean(seen) {
  assert(seen.errors.length === 0, `page errors: ${JSON.stringify(seen.errors)}`);
  assert(seen.outside.length === 0, `requests left 127.0.0.1: ${JSON.stringify(seen.outside)}`);
  assert(seen.dialogs.length === 0, `dialogs opened: ${JSON.stringify(seen.dialogs)}`);
}
const summary = (page) => page.evaluate(() => window.__parkAtlas.layerSummary());

// ---------------------------------------------------------------- cases

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test('sample park loads and draws', async ({ ctx, app }) => {
  const manifestPath = join(DIST, 'sample/index.json');
  assert(existsSync(manifestPath), 'dist/sample/index.json is missing (is data/sample generated, and was the app built after?)');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const { page, seen } = await openPage(ctx);
  await page.goto(app, { waitUntil: 'domcontentloaded' });
  const ms = await waitReady(page);
  await page.waitForTimeout(300);
  assertClean(seen);

  // Every manifest layer is on the map, in order, with all its features; plans start hidden.
  const layers = await summary(page);
  assert(layers.length === manifest.layers.length, `expected ${manifest.layers.length} layers, map has ${layers.length}`);
  manifest.layers.forEach((entry, i) => {
    const fc = JSON.parse(readFileSync(join(DIST, 'sample', entry.file), 'utf8'));
    const got = layers[i];
    assert(got.kind === entry.kind, `layer ${i} (${entry.file}): kind ${got.kind}, expected ${entry.kind}`);
    assert(got.featureCount === fc.features.length, `layer ${entry.file}: ${got.featureCount} features drawn, file has ${fc.features.length}`);
    assert(got.visible === (entry.kind !== 'plan'), `layer ${entry.file}: visible=${got.visible}`);
  });
  const headerText = await page.locator('[data-testid="park-name"]').innerText();
  assert(headerText.includes(manifest.name.zh), `header "${headerText}" does not show the park name ${manifest.name.zh}`);
  const errorsShown = await page.locator('[data-testid="load-error"]').count();
  assert(errorsShown === 0, `${errorsShown} load errors shown`);

  // The canvas shows the park: zone and parcel fills in their legend colours.
  await page.screenshot({ path: join(OUT, 'sample-app.png') });
  const legend = await page.evaluate(() => window.__parkAtlas.legend());
  const byKind = (k) => Object.values(legend).filter((l) => l.kind === k);
  const parkFill = byKind('park')[0]?.baseFill;
  const under = parkFill ? [parkFill] : [];
  const zones = byKind('zone').flatMap((l) => l.entries);
  const parcels = byKind('parcel').flatMap((l) => l.entries).sort((a, b) => b.count - a.count);
  assert(zones.length > 0, 'no zone layer in the sample');
  assert(parcels.length > 0, 'no parcel layer in the sample');
  const { counts, ground } = await mapColours(page, 'sample-map.png', [
    ...zones.map((e) => ({ stack: [...under, e.fill], tol: 6 })),
    ...parcels.map((e) => ({ stack: [...under, e.fill], tol: 14 })),
  ]);
  const zoneHits = zones.map((e, i) => ({ value: e.value, n: counts[i] }));
  const parcelHits = parcels.map((e, i) => ({ value: e.value, count: e.count, n: counts[zones.length + i] }));
  const report = ['zones ' + zoneHits.map((z) => `${z.value}:${z.n}px`).join(' '), 'parcels ' + parcelHits.map((p) => `${p.value}:${p.n}px`).join(' ')];
  assert(zoneHits.every((z) => z.n >= 300), `zone fills not visible: ${JSON.stringify(zoneHits)} (ground ${ground}, fills ${JSON.stringify(zones.map((z) => z.fill))}, park ${parkFill})`);
  const main = parcelHits.slice(0, 3);
  assert(main.every((p) => p.n >= 150), `main parcel land uses not visible: ${JSON.stringify(main)}`);

  // Hovering a parcel inside the park names that parcel (the park frame must not catch the pointer).
  const parcelEntry = manifest.layers.find((l) => l.kind === 'parcel');
  const parcelFc = JSON.parse(readFileSync(join(DIST, 'sample', parcelEntry.file), 'utf8'));
  const target = parcelFc.features.find((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates[0].length <= 6) ?? parcelFc.features[0];
  const ring = (target.geometry.type === 'Polygon' ? target.geometry.coordinates : target.geometry.coordinates[0])[0].slice(0, -1);
  const centre = [0, 1].map((k) => ring.reduce((sum, p) => sum + p[k], 0) / ring.length);
  const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), centre);
  const box = await page.locator('[data-testid="map"]').boundingBox();
  await page.mouse.move(box.x + x - 3, box.y + y - 3);
  await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
  await page.locator('[data-testid="tooltip-id"]').waitFor({ state: 'visible', timeout: 10_000 });
  const hoverId = await page.locator('[data-testid="tooltip-id"]').textContent();
  const targetId = String(target.id ?? target.properties.id);
  assert(hoverId === targetId, `hovering parcel ${targetId} shows ${hoverId}`);
  await page.screenshot({ path: join(OUT, 'sample-hover.png') });
  report.push(`hover ${hoverId}`);
  assertClean(seen);
  return `ready in ${ms} ms; ${layers.length} layers; ${report.join('; ')}`;
});

test('?layers= loads exactly the given files', async ({ ctx, app, fixtures }) => {
  const files = ['park.geojson', 'zones.geojson', 'parcels.geojson', 'generic.geojson'];
  const { page, seen } = await openPage(ctx);
  await page.goto(`${app}?layers=${files.map((f) => fixtures + f).join(',')}`, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  assertClean(seen);
  const layers = await summary(page);
  const got = layers.map((l) => `${l.kind}:${l.featureCount}`).join(',');
  assert(got === 'park:1,zone:3,parcel:6,generic:1', `layers drawn: ${got}`);
  const items = await page.locator('[data-testid="layer-item"]').count();
  assert(items === 4, `layer panel lists ${items} layers`);
  const sampleRequested = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/sample/')));
  assert(!sampleRequested, 'the sample park was requested although ?layers= was given');
  const header = await page.locator('[data-testid="park-name"]').innerText();
  assert(header.includes('测试产业集聚区'), `park name from the park layer not shown: ${header}`);
  const legend = await page.evaluate(() => window.__parkAtlas.legend());
  const industrial = Object.values(legend).find((l) => l.kind === 'parcel').entries.find((e) => e.value === 'industrial');
  const [n] = (await mapColours(page, 'fixtures-map.png', [{ stack: [industrial.fill], tol: 16 }])).counts;
  assert(n > 500, `industrial parcel colour seen on ${n} pixels`);
  return got;
});

test('a broken layer is reported by name and the others still draw', async ({ ctx, app, fixtures }) => {
  const { page, seen } = await openPage(ctx);
  await page.goto(`${app}?layers=${fixtures}broken.geojson,${fixtures}parcels.geojson,${fixtures}missing.geojson`, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  // The 404 for missing.geojson is logged by the browser itself; it is the case under test, not a fault.
  seen.errors = seen.errors.filter((e) => !/404|Failed to load resource/.test(e));
  assertClean(seen);
  const messages = await page.locator('[data-testid="load-error"]').allInnerTexts();
  assert(messages.length === 2, `expected 2 error messages, got ${JSON.stringify(messages)}`);
  assert(messages.some((m) => m.includes('broken.geojson')), `no message names broken.geojson: ${JSON.stringify(messages)}`);
  assert(messages.some((m) => m.includes('missing.geojson')), `no message names missing.geojson: ${JSON.stringify(messages)}`);
  assert(await page.locator('[data-testid="load-errors"]').isVisible(), 'error box not visible');
  const layers = await summary(page);
  assert(layers.length === 1 && layers[0].kind === 'parcel' && layers[0].featureCount === 6, `layers drawn: ${JSON.stringify(layers)}`);
  const legend = await page.evaluate(() => window.__parkAtlas.legend());
  const fill = Object.values(legend)[0].entries.find((e) => e.value === 'industrial').fill;
  const [n] = (await mapColours(page, 'broken-map.png', [{ stack: [fill], tol: 16 }])).counts;
  assert(n > 500, `good layer not drawn (industrial colour on ${n} pixels)`);
  await page.screenshot({ path: join(OUT, 'broken-app.png') });
  return messages.join(' | ');
});

test('hostile attribute text is shown literally in the tooltip', async ({ ctx, app, fixtures }) => {
  const { page, seen } = await openPage(ctx);
  await page.goto(`${app}?layers=${fixtures}hostile.geojson`, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  const [x, y] = await page.evaluate(() => window.__parkAtlas.project([114.05, 32.95]));
  const box = await page.locator('[data-testid="map"]').boundingBox();
  await page.mouse.move(box.x + x - 20, box.y + y - 20);
  await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
  const name = page.locator('[data-testid="tooltip-name"]');
  await name.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await name.textContent();
  const id = await page.locator('[data-testid="tooltip-id"]').textContent();
  await page.screenshot({ path: join(OUT, 'hostile-tooltip.png') });
  assert(text === HOSTILE, `tooltip name is ${JSON.stringify(text)}`);
  assert(id === 'X1', `tooltip id is ${JSON.stringify(id)}`);
  await page.waitForTimeout(300);
  const xss = await page.evaluate(() => ({ flag: window.__xss, imgs: document.querySelectorAll('img[src="x"]').length }));
  assert(xss.flag === undefined, `window.__xss was set to ${xss.flag}`);
  assert(xss.imgs === 0, 'an <img src=x> element was created');
  assertClean(seen);
  return `tooltip: ${text}`;
});

test('switching to English changes the header', async ({ ctx, app, fixtures }) => {
  const { page, seen } = await openPage(ctx);
  await page.goto(`${app}?layers=${fixtures}park.geojson,${fixtures}zones.geojson`, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  const header = page.locator('[data-testid="app-header"]');
  const before = await header.innerText();
  assert(before.includes('园区一张图'), `Chinese header expected by default: ${JSON.stringify(before)}`);
  await page.locator('[data-testid="lang-en"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="app-title"]')?.textContent === 'Park Atlas', null, { timeout: 5000 });
  const after = await header.innerText();
  assert(after.includes('Park Atlas') && !after.includes('园区一张图'), `English header expected: ${JSON.stringify(after)}`);
  const panel = await page.locator('[data-testid="layer-panel"]').innerText();
  assert(/layers/i.test(panel) && panel.includes('Built zone'), `layer panel not in English: ${JSON.stringify(panel.slice(0, 200))}`);
  assertClean(seen);
  return `${before.split('\n')[0]} → ${after.split('\n')[0]}`;
});

test('a layer checkbox hides and shows the layer', async ({ ctx, app, fixtures }) => {
  const { page, seen } = await openPage(ctx);
  await page.goto(`${app}?layers=${fixtures}park.geojson,${fixtures}parcels.geojson`, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  const id = (await summary(page)).find((l) => l.kind === 'parcel').id;
  const legend = await page.evaluate(() => window.__parkAtlas.legend());
  const fill = legend[id].entries.find((e) => e.value === 'industrial').fill;
  const toggle = page.locator(`[data-testid="layer-toggle-${id}"]`);
  await toggle.uncheck();
  await waitReady(page);
  let layers = await summary(page);
  assert(layers.find((l) => l.id === id).visible === false, 'layer still visible after unchecking');
  const [hidden] = (await mapColours(page, 'toggle-hidden.png', [{ stack: [fill], tol: 16 }])).counts;
  assert(hidden < 50, `hidden parcels still drawn (${hidden} px)`);
  await toggle.check();
  await waitReady(page);
  layers = await summary(page);
  assert(layers.find((l) => l.id === id).visible === true, 'layer not visible after checking');
  const [shown] = (await mapColours(page, 'toggle-shown.png', [{ stack: [fill], tol: 16 }])).counts;
  assert(shown > 500, `parcels not drawn again (${shown} px)`);
  assertClean(seen);
  return `industrial px hidden ${hidden}, shown ${shown}`;
});

/**
 * The app restores the working project autosaved in IndexedDB (issue 7): each case starts from the original data, not
 * from what an earlier case left (the profile is shared). Review decisions and other stores are left alone.
 */
async function forgetWorkingCopies(ctx, base) {
  const page = await ctx.newPage();
  try {
    await page.goto(`${base}sample/index.json`);
    await page.evaluate(() => new Promise((res) => {
      const open = indexedDB.open('park-atlas');
      open.onupgradeneeded = () => open.transaction.abort(); // no database yet: create none
      open.onerror = () => res();
      open.onsuccess = () => {
        const db = open.result;
        const stores = ['working', 'workingLayers'].filter((n) => db.objectStoreNames.contains(n));
        if (stores.length === 0) return res(db.close());
        const tx = db.transaction(stores, 'readwrite');
        for (const n of stores) tx.objectStore(n).clear();
        tx.oncomplete = tx.onerror = () => res(db.close());
      };
    }));
  } catch {
    // nothing to forget
  } finally {
    await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- main

// More cases, one file per part of the app: test/e2e/cases/*.mjs export `register(api)`.
const CASES_DIR = join(ROOT, 'test/e2e/cases');
if (existsSync(CASES_DIR)) {
  for (const f of readdirSync(CASES_DIR).filter((n) => n.endsWith('.mjs')).sort()) {
    const mod = await import(pathToFileURL(join(CASES_DIR, f)).href);
    mod.register({ test, openPage, waitReady, mapColours, assert, assertClean, summary, OUT, READY, READY_TIMEOUT, DIST, CHROMIUM_ARGS, chromiumPath });
  }
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('dist/index.html not found: run `npm run build` first.');
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const selected = cases.filter((c) => c.name.includes(filter));
  let passed = 0;
  let failed = 0;
  let preview;
  let fixtureServer;
  let ctx;
  const profile = mkdtempSync(join(tmpdir(), 'park-atlas-e2e-'));
  try {
    preview = await startPreview();
    fixtureServer = await startFixtureServer();
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: CHROMIUM_ARGS,
    });
    console.log(`app ${preview.base}  fixtures ${fixtureServer.base}  chromium ${basename(chromiumPath())}`);
    for (const c of selected) {
      const t0 = Date.now();
      try {
        const note = await c.fn({ ctx, app: preview.base, fixtures: fixtureServer.base });
        passed++;
        console.log(`PASS  ${c.name} (${Date.now() - t0} ms)${note ? `\n      ${note}` : ''}`);
      } catch (e) {
        failed++;
        const msg = e instanceof AssertionError ? e.message : (e?.stack ?? String(e));
        console.log(`FAIL  ${c.name} (${Date.now() - t0} ms)\n      ${String(msg).split('\n').join('\n      ')}`);
      } finally {
        for (const p of ctx.pages()) await p.close().catch(() => {});
        await forgetWorkingCopies(ctx, preview.base);
      }
    }
  } catch (e) {
    failed += Math.max(1, selected.length - passed - failed);
    console.log(`FAIL  setup: ${e?.stack ?? e}`);
  } finally {
    await ctx?.close().catch(() => {});
    await preview?.stop();
    await fixtureServer?.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`screenshots in ${OUT}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
