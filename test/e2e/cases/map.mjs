// End-to-end cases of the map part (issue 4): layer panel, thematic styling, idle layer, URL state, base map.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng } from '../png.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHOTS = join(ROOT, 'test-results/e2e');
const SAMPLE = join(process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(ROOT, 'dist'), 'sample');

export function register({ test, openPage, waitReady, mapColours, assert, assertClean, READY }) {
  const mapState = (page) => page.evaluate(() => window.__parkAtlas.mapState());
  const layerOfKind = async (page, kind) => (await mapState(page)).layers.find((l) => l.kind === kind);
  /** Waits for data-ready to drop (a change was taken) and come back. */
  const settle = async (page) => {
    await page.waitForTimeout(120);
    await page.waitForSelector(READY, { timeout: 30_000, state: 'attached' });
    await page.waitForTimeout(150);
  };
  const centreOf = (f) => {
    const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates[0])[0].slice(0, -1);
    return [0, 1].map((k) => ring.reduce((s, p) => s + p[k], 0) / ring.length);
  };
  const sampleParcels = () => JSON.parse(readFileSync(join(SAMPLE, 'parcels.geojson'), 'utf8'));
  /** RGB of the pixels in a square of half-size r around map point (x, y). */
  const pixelsAround = async (page, [x, y], r) => {
    const box = await page.locator('[data-testid="map"]').boundingBox();
    const png = await page.screenshot({ path: join(ROOT, 'test-results/e2e/map-clip.png'), clip: { x: box.x + x - r, y: box.y + y - r, width: 2 * r, height: 2 * r } });
    const { data } = decodePng(png);
    const out = [];
    for (let i = 0; i < data.length; i += 4) out.push([data[i], data[i + 1], data[i + 2]]);
    return out;
  };
  const near = (a, b, tol) => Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol && Math.abs(a[2] - b[2]) <= tol;
  /** A fill of alpha a over a (light) ground, as the map composites it. */
  const over = (ground, [r, g, b, a]) => [r, g, b].map((v, i) => Math.round((v * a) / 255 + ground[i] * (1 - a / 255)));

  async function openSample(ctx, app, query = '?lang=zh', size = { width: 1280, height: 800 }) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(size);
    await page.goto(`${app}${query}`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    // The attribute table (panels) may open under the map; the map cases want the whole map area.
    const table = page.locator('[data-testid="toggle-table"]');
    if ((await table.count()) > 0 && (await table.getAttribute('aria-pressed')) === 'true') {
      await table.click();
      await settle(page);
    }
    await page.waitForTimeout(300);
    return { page, seen };
  }

  test('map: layer panel toggles, opacity, order and zoom-to; legend follows', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    const parcels = await layerOfKind(page, 'parcel');
    const zones = await layerOfKind(page, 'zone');
    const industrial = parcels.legend.find((e) => e.value === 'industrial');
    // Opacity: the slider changes what the map draws (full industrial colour disappears at 30%).
    const [before] = (await mapColours(page, 'map-opacity-100.png', [{ stack: [industrial.fill], tol: 14 }])).counts;
    await page.locator(`[data-testid="layer-opacity-${parcels.id}"]`).fill('30');
    await settle(page);
    const after = await layerOfKind(page, 'parcel');
    assert(Math.abs(after.opacity - 0.3) < 1e-9, `opacity in the map state: ${after.opacity}`);
    const [faded] = (await mapColours(page, 'map-opacity-30.png', [{ stack: [industrial.fill], tol: 14 }])).counts;
    assert(before > 5000 && faded < before / 10, `industrial colour at 100%: ${before} px, at 30%: ${faded} px`);
    await page.locator(`[data-testid="layer-opacity-${parcels.id}"]`).fill('100');
    await settle(page);

    // Toggle: zones off → off in the map state, their legend leaves the panel.
    await page.locator(`[data-testid="layer-toggle-${zones.id}"]`).uncheck();
    await settle(page);
    assert((await layerOfKind(page, 'zone')).visible === false, 'zones still visible');
    assert((await page.locator(`[data-testid="legend-${zones.id}"]`).count()) === 0, 'legend of a hidden layer still shown');
    await page.locator(`[data-testid="layer-toggle-${zones.id}"]`).check();
    await settle(page);

    // Order: moving the zones up swaps them with the layer above, in the panel and on the map.
    const order0 = (await mapState(page)).layers.map((l) => l.id);
    await page.locator(`[data-testid="layer-up-${zones.id}"]`).click();
    await settle(page);
    const order1 = (await mapState(page)).layers.map((l) => l.id);
    const i = order0.indexOf(zones.id);
    assert(order1.indexOf(zones.id) === i + 1 && order1[i] === order0[i + 1], `order ${order0.join(' ')} → ${order1.join(' ')}`);
    const panelOrder = await page.locator('[data-testid="layer-item"]').evaluateAll((els) => els.map((e) => e.dataset.layerId));
    assert(panelOrder.join() === [...order1].reverse().join(), `panel lists ${panelOrder.join(' ')}, map draws ${order1.join(' ')}`);

    // Zoom to a layer: the relocation areas (partly outside the park) → view changes.
    const reloc = await layerOfKind(page, 'relocation');
    const z0 = (await mapState(page)).view;
    await page.locator(`[data-testid="layer-zoom-${reloc.id}"]`).click();
    await settle(page);
    const z1 = (await mapState(page)).view;
    assert(z0 && z1 && (Math.abs(z1.center[0] - z0.center[0]) > 1e-4 || Math.abs(z1.zoom - z0.zoom) > 0.01), `view unchanged: ${JSON.stringify([z0, z1])}`);
    await page.locator('[data-testid="zoom-to-park"]').click();
    await settle(page);
    // Filters (from the attribute table) reach the legend: counts are of the features drawn.
    const toggleTable = page.locator('[data-testid="toggle-table"]');
    if ((await toggleTable.count()) > 0 && !(await page.locator('[data-testid="table-filter"]').isVisible())) {
      await toggleTable.click();
      await page.locator('[data-testid="table-filter"]').waitFor({ state: 'visible', timeout: 5000 });
    }
    if (await page.locator('[data-testid="table-filter"]').isVisible()) {
      const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
      const low = ev.parcels.filter((p) => p.investmentIntensity !== null && p.investmentIntensity < 230);
      await page.locator('[data-testid="table-filter"]').fill('投资强度 < 230');
      await page.waitForFunction(([id, n]) => window.__parkAtlas.mapState()?.layers.find((l) => l.id === id)?.shownCount === n, [parcels.id, low.length], { timeout: 5000 });
      await settle(page);
      const f = await layerOfKind(page, 'parcel');
      const byUse = Object.fromEntries(f.legend.map((e) => [e.value, e.count]));
      const want = {};
      for (const p of low) want[p.landUse] = (want[p.landUse] ?? 0) + 1;
      assert(Object.entries(want).every(([k, n]) => byUse[k] === n) && f.legend.reduce((a, e) => a + e.count, 0) === low.length, `legend under filter ${JSON.stringify(byUse)}, core ${JSON.stringify(want)}`);
      const countText = await page.locator(`[data-testid="layer-count-${parcels.id}"]`).innerText();
      assert(countText === `${low.length}/${parcels.featureCount}`, `layer count reads ${countText}`);
      await page.locator('[data-testid="table-filter"]').fill('');
      await settle(page);
    }
    // North arrow present and north up.
    assert(await page.locator('[data-testid="north-arrow"]').isVisible(), 'no north arrow');
    assert(await page.locator('.maplibregl-ctrl-scale').isVisible(), 'no scale bar');
    assertClean(seen);
    return `opacity px ${before}→${faded}; order ok; zoom-to ${z0.zoom.toFixed(2)}→${z1.zoom.toFixed(2)}`;
  });

  test('map: choropleth by investment intensity, missing data hatched', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    await page.screenshot({ path: join(SHOTS, 'overview.png') });
    const parcels = await layerOfKind(page, 'parcel');
    const industrial = parcels.legend.find((e) => e.value === 'industrial');
    const [landUsePx] = (await mapColours(page, 'map-landuse.png', [{ stack: [industrial.fill], tol: 10 }])).counts;

    await page.locator('[data-testid="theme-metric"]').selectOption('investmentIntensity');
    await page.locator('[data-testid="theme-method"]').selectOption('threshold');
    await settle(page);
    const themed = await layerOfKind(page, 'parcel');
    const title = await page.locator(`[data-testid="legend-title-${parcels.id}"]`).innerText();
    assert(title.includes('投资强度') && title.includes('230') && title.includes('万元/亩'), `legend title: ${title}`);
    const labels = await page.locator(`[data-testid="legend-${parcels.id}"] [data-testid="legend-entry"]`).allInnerTexts();
    assert(labels.some((l) => l.includes('数据缺失')), `no missing-data entry: ${JSON.stringify(labels)}`);
    assert(labels.filter((l) => l.includes('万元/亩')).length >= 3, `class ranges without units: ${JSON.stringify(labels)}`);
    // Legend counts are core's: missing = industrial parcels whose intensity is null.
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const missing = ev.parcels.filter((p) => p.landUse === 'industrial' && p.investmentIntensity === null).map((p) => p.id);
    const missingEntry = themed.legend.find((e) => e.value === 'missing');
    assert(missingEntry.count === missing.length && missing.includes('RH-127'), `missing entry ${missingEntry.count}, core ${missing.join(',')}`);
    const total = themed.legend.reduce((s, e) => s + e.count, 0);
    assert(total === parcels.featureCount, `legend counts ${total} ≠ ${parcels.featureCount} parcels`);

    // The map changed: land-use brown gone, class colours present.
    const classes = themed.legend.filter((e) => e.value.startsWith('c') && e.count > 0);
    const { counts } = await mapColours(page, 'map-choropleth.png', [{ stack: [industrial.fill], tol: 10 }, ...classes.map((c) => ({ stack: [c.fill], tol: 12 }))]);
    assert(counts[0] < landUsePx / 10, `land-use colour still on ${counts[0]} px (was ${landUsePx})`);
    const seenClasses = classes.filter((_, k) => counts[k + 1] > 100).length;
    assert(seenClasses >= 3, `class colours seen: ${JSON.stringify(classes.map((c, k) => [c.label, counts[k + 1]]))}`);

    // RH-127 (M2: investment missing) is drawn pale and hatched, never in a class colour.
    const rh127 = sampleParcels().features.find((f) => f.id === 'RH-127');
    const xy = await page.evaluate((c) => window.__parkAtlas.project(c), centreOf(rh127));
    const px = await pixelsAround(page, xy, 8);
    const ground = [238, 240, 241];
    const grey = (p) => Math.max(...p) - Math.min(...p) < 28;
    const hatch = px.filter((p) => grey(p) && p[0] < 200).length;
    const paleN = px.filter((p) => grey(p) && Math.min(...p) > 225).length;
    const classN = px.filter((p) => classes.some((c) => near(p, over(ground, c.fill), 10))).length;
    assert(paleN > px.length * 0.3 && hatch > 3 && classN === 0, `RH-127 pixels: pale ${paleN}, hatch ${hatch}, class ${classN} of ${px.length}`);
    await page.screenshot({ path: join(SHOTS, 'choropleth.png') });

    // Compliance: three classes with core's counts (core's compliance: a large-project review is not a shortfall).
    await page.locator('[data-testid="theme-metric"]').selectOption('compliance');
    await settle(page);
    const comp = await layerOfKind(page, 'parcel');
    const fails = ev.parcels.filter((p) => p.compliance === 'fail').length;
    assert(ev.parcels.filter((p) => p.compliance === 'pass').length === comp.legend.find((e) => e.value === 'pass').count, 'compliance: pass count differs from core');
    const failEntry = comp.legend.find((e) => e.value === 'fail');
    assert(failEntry.count === fails, `compliance: fail ${failEntry.count}, core flags ${fails}`);
    await page.screenshot({ path: join(SHOTS, 'compliance.png') });
    assertClean(seen);
    return `classes ${classes.map((c) => `${c.label}:${c.count}`).join(' | ')}; missing ${missingEntry.count}; RH-127 pale ${paleN} hatch ${hatch}; fails ${fails}`;
  });

  test('map: idle layer shows disposal classes with core counts', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    const idle = await layerOfKind(page, 'idle');
    assert(idle, 'no idle layer');
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const park = ev.parks[0].idle;
    const expected = { reclaim: park.byDisposal.reclaim.count, fee: park.byDisposal.fee.count, negotiate: park.byDisposal.negotiate.count, approaching: park.approachingCount };
    const got = Object.fromEntries(idle.legend.map((e) => [e.value, e.count]));
    for (const k of Object.keys(expected)) assert(got[k] === expected[k], `idle ${k}: map ${got[k]}, core ${expected[k]}`);
    const dom = await page.locator(`[data-testid="legend-${idle.id}"] [data-testid="legend-entry"]`).evaluateAll((els) => els.map((e) => [e.dataset.value, Number(e.dataset.count), e.innerText]));
    for (const [v, n] of dom) assert(expected[v] === n, `panel shows ${v}: ${n}`);
    assert(dom.some(([, , text]) => text.includes('无偿收回')), `labels: ${JSON.stringify(dom)}`);
    const parcelFill = (await layerOfKind(page, 'parcel')).legend.find((e) => e.value === 'industrial').fill;
    const { counts } = await mapColours(page, 'map-idle.png', idle.legend.map((e) => ({ stack: [parcelFill, e.fill], tol: 16 })));
    assert(counts.every((n) => n > 30), `idle class colours on the map: ${JSON.stringify(counts)}`);
    // Hovering an idle parcel reports the parcel layer and its id.
    const rh136 = sampleParcels().features.find((f) => f.id === 'RH-136');
    const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), centreOf(rh136));
    const box = await page.locator('[data-testid="map"]').boundingBox();
    await page.mouse.move(box.x + x - 3, box.y + y - 3);
    await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    await page.locator('[data-testid="tooltip-id"]').waitFor({ state: 'visible', timeout: 10_000 });
    const hoverId = await page.locator('[data-testid="tooltip-id"]').textContent();
    assert(hoverId === 'RH-136', `hover over idle RH-136 shows ${hoverId}`);
    assertClean(seen);
    return Object.entries(got).map(([k, v]) => `${k}:${v}`).join(' ');
  });

  test('map: URL state round trip (theme, view, layers, selection)', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    const zones = await layerOfKind(page, 'zone');
    await page.locator('[data-testid="theme-metric"]').selectOption('plotRatio');
    await page.locator('[data-testid="theme-method"]').selectOption('quantile');
    await page.locator(`[data-testid="layer-toggle-${zones.id}"]`).uncheck();
    await settle(page);
    const box = await page.locator('[data-testid="map"]').boundingBox();
    // Click a parcel: the selection goes to the map and the URL.
    const rh040 = sampleParcels().features.find((f) => f.id === 'RH-040');
    const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), centreOf(rh040));
    await page.mouse.click(box.x + x, box.y + y);
    await settle(page);
    const selected = (await mapState(page)).selection;
    assert(selected && selected.featureId === 'RH-040', `click selected ${JSON.stringify(selected)}`);
    await page.locator('.maplibregl-ctrl-zoom-in').click();
    await page.waitForTimeout(800);
    await settle(page);
    await page.waitForTimeout(500);
    const view = (await mapState(page)).view;
    const url = page.url();
    assert(/theme=plotRatio:quantile/.test(url) && url.includes(`hide=${zones.id}`) && /[?&]v=/.test(url), `URL: ${url}`);
    assert(url.includes(`sel=${selected.layerId}~${selected.featureId}`), `selection not in URL: ${url}`);

    const { page: p2, seen: seen2 } = await openPage(ctx);
    await p2.setViewportSize({ width: 1280, height: 800 });
    await p2.goto(url, { waitUntil: 'domcontentloaded' });
    await waitReady(p2);
    await p2.waitForTimeout(300);
    const s2 = await mapState(p2);
    const v2 = s2.view ?? (await p2.evaluate(() => null));
    assert((await p2.locator('[data-testid="theme-metric"]').inputValue()) === 'plotRatio', 'theme not restored');
    assert((await p2.locator('[data-testid="theme-method"]').inputValue()) === 'quantile', 'method not restored');
    const parcels2 = s2.layers.find((l) => l.kind === 'parcel');
    assert(parcels2.thematicTitle && parcels2.thematicTitle.includes('容积率'), `legend title after reload: ${parcels2.thematicTitle}`);
    assert(s2.layers.find((l) => l.id === zones.id).visible === false, 'zones visible after reload');
    const p2view = await p2.evaluate(() => window.__parkAtlas.mapState().view);
    const c2 = p2view ?? v2;
    if (c2) assert(Math.abs(c2.zoom - view.zoom) < 0.05 && Math.abs(c2.center[0] - view.center[0]) < 1e-4 && Math.abs(c2.center[1] - view.center[1]) < 1e-4, `view ${JSON.stringify(view)} → ${JSON.stringify(c2)}`);
    const centre = await p2.evaluate((c) => window.__parkAtlas.project(c), view.center);
    const b2 = await p2.locator('[data-testid="map"]').boundingBox();
    assert(Math.abs(centre[0] - b2.width / 2) < 2 && Math.abs(centre[1] - b2.height / 2) < 2, `restored centre at ${centre}, map ${b2.width}×${b2.height}`);
    assert(s2.selection && s2.selection.featureId === selected.featureId, `selection after reload: ${JSON.stringify(s2.selection)}`);
    assertClean(seen);
    assertClean(seen2);
    return `${url.slice(url.indexOf('?'))}`;
  });

  test('map: ?layers= survives the URL state', async ({ ctx, app, fixtures }) => {
    const files = ['park.geojson', 'parcels.geojson'].map((f) => fixtures + f);
    const { page, seen } = await openSample(ctx, app, `?layers=${files.join(',')}&lang=zh`);
    await page.locator('[data-testid="theme-metric"]').selectOption('compliance');
    await settle(page);
    await page.waitForTimeout(500);
    const url = new URL(page.url());
    assert(url.searchParams.get('layers') === files.join(','), `layers param now ${url.searchParams.get('layers')}`);
    assert(url.searchParams.get('theme')?.startsWith('compliance'), `theme not written: ${url.search}`);
    const { page: p2, seen: seen2 } = await openPage(ctx);
    await p2.goto(url.href, { waitUntil: 'domcontentloaded' });
    await waitReady(p2);
    const layers = await p2.evaluate(() => window.__parkAtlas.layerSummary());
    assert(layers.map((l) => `${l.kind}:${l.featureCount}`).join() === 'park:1,parcel:6', `after reload: ${JSON.stringify(layers)}`);
    assert((await p2.locator('[data-testid="theme-metric"]').inputValue()) === 'compliance', 'theme lost with ?layers=');
    assertClean(seen);
    assertClean(seen2);
    return url.search;
  });

  test('map: no base map by default, no outside request; a configured one is requested', async ({ ctx, app, fixtures }) => {
    const { page, seen } = await openSample(ctx, app);
    const state = await mapState(page);
    assert(state.baseMap === null, `base map by default: ${state.baseMap}`);
    const hosts = await page.evaluate(() => [...new Set(performance.getEntriesByType('resource').map((r) => new URL(r.name).hostname))]);
    assert(hosts.every((h) => h === '127.0.0.1'), `hosts contacted: ${hosts}`);
    assertClean(seen);

    // A template on 127.0.0.1 (the fixture server answers 404): tiles are requested from it, then cleared.
    const requested = [];
    page.on('request', (r) => r.url().startsWith(fixtures + 'tile') && requested.push(r.url()));
    await page.locator('[data-testid="basemap-button"]').click();
    await page.locator('[data-testid="basemap-url"]').fill('ftp://example/{z}/{x}/{y}');
    await page.locator('[data-testid="basemap-apply"]').click();
    assert(await page.locator('[data-testid="basemap-popover"] [role="alert"]').isVisible(), 'bad URL accepted');
    await page.locator('[data-testid="basemap-url"]').fill(`${fixtures}tile-{z}-{x}-{y}.png`);
    await page.locator('[data-testid="basemap-apply"]').click();
    await page.waitForTimeout(1500);
    assert(requested.length > 0, 'no tile requested from the configured base map');
    assert((await mapState(page)).baseMap?.startsWith(fixtures), 'base map not in the map state');
    await page.locator('[data-testid="basemap-button"]').click();
    await page.locator('[data-testid="basemap-clear"]').click();
    await settle(page);
    assert((await mapState(page)).baseMap === null, 'base map not cleared');
    const stored = await page.evaluate(() => localStorage.getItem('parkAtlas.baseMap'));
    assert(stored === null, `base map still stored: ${stored}`);
    seen.errors = seen.errors.filter((e) => !/404|Failed to load resource|tile/i.test(e));
    assertClean(seen);
    return `default: no base map, hosts ${hosts.join(',')}; configured: ${requested.length} tile requests`;
  });
}

mkdirSync(SHOTS, { recursive: true });
