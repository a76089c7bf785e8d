// End-to-end cases of the 五规合一 panel (issue 6): the check in a worker against `park-atlas conflicts` (the CLI's
// own main(), bundled from src/ with esbuild), a conflict on the map with the two features side by side, the
// GeoJSON download and the register's conflicts sheet against the CLI, cancelling a long check while the page
// stays responsive, and the plan swipe checked pixel by pixel.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importSource } from '../bundle.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodePng } from '../png.mjs';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SHOTS = join(ROOT, 'test-results/e2e');
const VIEWPORT = { width: 1440, height: 900 };
const TYPES = ['basic_farmland', 'eco_red_line', 'outside_construction_zone', 'landuse_mismatch', 'outside_park'];
const LAYER_ID = 'derived-conflicts';
// The swipe line and the map's buttons, hidden for pixel comparisons (deck's canvas sits in maplibre's control container).
const HIDE_OVERLAYS = '.swipe-overlay, .maplibregl-ctrl-top-right, .maplibregl-ctrl-bottom-right { visibility: hidden !important; }';

/** The CLI's main(), core's area formatting and the UI's words, bundled from src/ so expectations are theirs. */
let bundlePromise = null;
function bundle() {
  bundlePromise ??= importSource([
    "export { main } from './src/cli/main';",
    "export { formatArea } from './src/core/units';",
    "export { t, tMaybe } from './src/ui/i18n';",
  ], 'conflicts-cli');
  return bundlePromise;
}

/** `park-atlas conflicts FILES... [args]` run in process: its JSON. */
async function cli(files, args = []) {
  const { main } = await bundle();
  const out = [];
  const err = [];
  const code = await main(['conflicts', ...files, ...args], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {} });
  if (code !== 0) throw new Error(`park-atlas conflicts exited ${code}: ${err.join('\n')}`);
  return JSON.parse(out.join('\n'));
}

/** Generated plans: an n×n grid of park-plan M cells and one of farmland cells offset by half a cell (4 pairs each). */
function gridPlans(n, sides) {
  const cell = 0.001;
  const ring = (cx, cy, r) => {
    const pts = [];
    for (let k = 0; k < sides; k++) {
      const a = (2 * Math.PI * k) / sides + Math.PI / 4;
      pts.push([+(cx + r * Math.cos(a)).toFixed(6), +(cy + r * Math.sin(a)).toFixed(6)]);
    }
    pts.push(pts[0]);
    return [pts];
  };
  const pm = [];
  const lu = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = 114 + i * cell;
      const y = 33 + j * cell;
      pm.push({ type: 'Feature', id: `G-PM-${i}-${j}`, properties: { planType: 'park_master', planClass: 'M' }, geometry: { type: 'Polygon', coordinates: ring(x, y, cell * 0.69) } });
      lu.push({ type: 'Feature', id: `G-LU-${i}-${j}`, properties: { planType: 'land_use', planClass: 'basic_farmland' }, geometry: { type: 'Polygon', coordinates: ring(x + cell / 2, y + cell / 2, cell * 0.69) } });
    }
  }
  return { pm: { type: 'FeatureCollection', kind: 'plan', features: pm }, lu: { type: 'FeatureCollection', kind: 'plan', features: lu } };
}

export function register({ test, openPage, waitReady, assert, assertClean, DIST }) {
  mkdirSync(SHOTS, { recursive: true });
  const manifest = () => JSON.parse(readFileSync(join(DIST, 'sample/index.json'), 'utf8'));
  const sampleFiles = () => manifest().layers.map((l) => join(DIST, 'sample', l.file));
  const panel = '[data-testid="conflicts-panel"]';
  const mapState = (page) => page.evaluate(() => window.__parkAtlas.mapState());
  const close = (a, b, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

  async function openConflicts(ctx, url) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-conflicts"]').click();
    await page.locator(panel).waitFor({ timeout: 15_000 });
    return { page, seen };
  }
  async function runCheck(page, minArea) {
    await page.locator('[data-testid="conflicts-mode-list"]').click();
    await page.locator('[data-testid="conflicts-min-area"]').fill(String(minArea));
    await page.locator('[data-testid="conflicts-run"]').click();
    await page.locator(`${panel}[data-status="done"]`).waitFor({ timeout: 60_000 });
  }
  async function download(page, click) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
    const dir = mkdtempSync(join(tmpdir(), 'park-atlas-conflicts-dl-'));
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    const bytes = readFileSync(path);
    rmSync(dir, { recursive: true, force: true });
    return { name: dl.suggestedFilename(), bytes };
  }
  /** The columns of the register's conflicts sheet (issue 6 §5: id, type, plan, against, 亩, 公顷; then m²). */
  const SHEET_COLUMNS = ['编号', '冲突类型', '规划要素', '冲突对象', '面积(亩)', '面积(公顷)', '面积(平方米)'];
  /** Rows of the register's conflicts sheet: { id, label, plan, against, mu, ha, m2 }, its headers checked. */
  async function registerConflicts(bytes) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const ws = wb.getWorksheet('规划冲突');
    if (!ws) throw new Error(`no 规划冲突 sheet: ${wb.worksheets.map((s) => s.name)}`);
    const headers = ws.getRow(1).values.slice(1);
    assert(JSON.stringify(headers) === JSON.stringify(SHEET_COLUMNS), `conflicts sheet columns ${JSON.stringify(headers)}, expected ${JSON.stringify(SHEET_COLUMNS)}`);
    const rows = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const [id, label, plan, against, mu, ha, m2] = ws.getRow(r).values.slice(1, 8);
      if (typeof m2 === 'number') rows.push({ id, label, plan, against, mu, ha, m2 });
    }
    return rows;
  }
  /**
   * The sheet against the CLI at the same minimum area: row i is conflict i of `park-atlas conflicts` (plan, against,
   * m², 亩; 公顷 = m² / 10 000) under the id of feature i of its `--geojson`. Returns the number of rows.
   */
  function checkRegister(rows, json, geojson) {
    const got = rows.map((r) => `${r.id}|${r.plan}|${r.against}|${r.mu}|${r.m2}`);
    const want = json.conflicts.map((c, i) => `${geojson.features[i].id}|${c.plan}|${c.against}|${c.areaMu}|${c.areaM2}`);
    assert(got.join('\n') === want.join('\n'), `register conflicts\n${got.join('\n')}\nvs the CLI\n${want.join('\n')}`);
    assert(new Set(rows.map((r) => r.id)).size === rows.length && rows.every((r) => typeof r.id === 'string' && r.id !== ''), `conflict ids not unique: ${rows.map((r) => r.id)}`);
    for (const [i, r] of rows.entries()) {
      assert(close(r.ha, json.conflicts[i].areaM2 / 10_000), `${r.id}: ${r.ha} 公顷, the CLI's ${json.conflicts[i].areaM2} m² is ${json.conflicts[i].areaM2 / 10_000}`);
      assert(typeof r.label === 'string' && r.label.length > 0, `${r.id}: no type`);
    }
    return rows.length;
  }
  /** Checks the groups and rows on screen against the CLI's JSON; returns a short note. */
  async function checkAgainst(page, expected, lang) {
    const { formatArea } = await bundle();
    for (const type of TYPES) {
      const mine = expected.conflicts.filter((c) => c.type === type);
      const group = page.locator(`[data-testid="conflict-group-${type}"]`);
      const count = Number(await group.getAttribute('data-count'));
      const area = Number(await group.getAttribute('data-area-m2'));
      assert(count === mine.length, `${type}: ${count} conflicts on screen, the CLI finds ${mine.length}`);
      assert(close(area, expected.totals[type]), `${type}: area ${area} m² on screen, the CLI ${expected.totals[type]}`);
      const text = await group.locator('[data-testid="conflict-group-area"]').innerText();
      const want = mine.length > 0 ? `${formatArea(expected.totals[type], 'mu', lang)} · ${formatArea(expected.totals[type], 'ha', lang)}` : '—';
      assert(text === want, `${type}: area shown "${text}", expected "${want}" (亩 and 公顷 of the CLI's total)`);
    }
    const items = await page.locator('[data-testid="conflict-item"]').evaluateAll((els) => els.map((e) => ({ type: e.dataset.type, plan: e.dataset.plan, against: e.dataset.against, areaM2: Number(e.dataset.areaM2) })));
    const key = (c) => `${c.type}|${c.plan}|${c.against}`;
    const wanted = new Map(expected.conflicts.map((c) => [key(c), c]));
    assert(items.length === expected.conflicts.length, `${items.length} conflict rows, the CLI lists ${expected.conflicts.length}`);
    for (const it of items) {
      const c = wanted.get(key(it));
      assert(c, `row ${key(it)} is not in the CLI's output`);
      assert(close(it.areaM2, c.areaM2), `row ${key(it)}: ${it.areaM2} m², the CLI ${c.areaM2}`);
    }
    const dropped = Number(await page.locator('[data-testid="conflicts-dropped"]').getAttribute('data-count'));
    assert(dropped === expected.droppedSlivers, `slivers dropped: ${dropped} on screen, the CLI ${expected.droppedSlivers}`);
    return TYPES.map((t) => `${t}:${expected.conflicts.filter((c) => c.type === t).length}`).join(' ');
  }

  test('five plans: the check in a worker equals `park-atlas conflicts`; a conflict on the map with both features; GeoJSON and register', async ({ ctx, app }) => {
    const files = sampleFiles();
    const expected = await cli(files);
    const polygons = await cli(files, ['--geojson']);
    const { tMaybe } = await bundle();
    const notes = [];
    const { page, seen } = await openConflicts(ctx, `${app}?lang=zh`);
    assert((await page.locator(panel).getAttribute('data-status')) === 'idle', 'the panel ran a check before being asked');
    const before = (await mapState(page)).view;

    // ---- run: progress, then core's figures per type
    await page.locator('[data-testid="conflicts-run"]').click();
    await page.locator(`${panel}[data-status="done"]`).waitFor({ timeout: 60_000 });
    notes.push(await checkAgainst(page, expected, 'zh'));
    assert(Number(await page.locator('[data-testid="conflicts-skipped"]').getAttribute('data-count')) === 0, 'the sample has no invalid feature, yet some were skipped');
    const checked = await page.locator('[data-testid^="conflict-group-"][data-checked]').evaluateAll((els) => els.map((e) => e.dataset.checked));
    assert(checked.length === TYPES.length && checked.every((c) => c === 'true'), `the sample has every plan, yet some types say "not checked": ${checked}`);

    // The conflict layer is on the map, one legend entry per type found.
    await waitReady(page);
    let state = await mapState(page);
    const layer = state.layers.find((l) => l.id === LAYER_ID);
    assert(layer && layer.kind === 'conflict' && layer.visible, `conflict layer on the map: ${JSON.stringify(layer && { kind: layer.kind, visible: layer.visible })}`);
    assert(layer.featureCount === expected.conflicts.length, `conflict layer has ${layer.featureCount} polygons, the CLI ${expected.conflicts.length}`);
    for (const type of TYPES) {
      const n = expected.conflicts.filter((c) => c.type === type).length;
      const entry = layer.legend.find((e) => e.value === type);
      assert((entry?.count ?? 0) === n && (n === 0 || entry.hatch), `legend of ${type}: ${JSON.stringify(entry)} (expected ${n}, hatched)`);
    }
    // Above every source layer (parcels must not hide it).
    const order = state.layers.map((l) => l.id);
    const sourceIds = manifest().layers.map((l) => l.file.replace(/\.[^.]+$/, ''));
    assert(sourceIds.every((id) => order.indexOf(id) < order.indexOf(LAYER_ID)), `drawing order ${order.join(' < ')}`);

    // ---- open one conflict: the map zooms to its polygon and selects it; the two features side by side
    const index = expected.conflicts.findIndex((c) => c.type === 'basic_farmland');
    const target = expected.conflicts[index];
    await page.locator(`[data-testid="conflict-item"][data-type="${target.type}"][data-plan="${target.plan}"][data-against="${target.against}"]`).click();
    await page.waitForFunction((v) => {
      const s = window.__parkAtlas.mapState();
      return s.view && (s.view.zoom !== v.zoom || s.view.center[0] !== v.center[0]);
    }, before, { timeout: 10_000 });
    await waitReady(page);
    state = await mapState(page);
    // Selected under the conflict's own id, the one `--geojson` and the register give it.
    const targetId = polygons.features[index].id;
    assert(typeof targetId === 'string' && state.selection?.layerId === LAYER_ID && state.selection?.featureId === targetId, `map selection ${JSON.stringify(state.selection)}, expected ${targetId}`);
    assert(state.view.zoom > before.zoom + 0.5, `the map did not zoom in to the conflict: zoom ${before.zoom} → ${state.view.zoom}`);
    const g = polygons.features[index].geometry;
    const points = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    const centre = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
    const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), centre);
    const box = await page.locator('[data-testid="map"]').boundingBox();
    assert(Math.abs(x - box.width / 2) < box.width * 0.1 && Math.abs(y - box.height / 2) < box.height * 0.1, `the conflict's centre is at ${Math.round(x)},${Math.round(y)} px, not the map's centre (${Math.round(box.width / 2)},${Math.round(box.height / 2)})`);
    // Drawn as the legend says: inside the polygon, pixels of its fill, and of its hatch lines over that fill,
    // composited per pixel onto the same view without the conflict layer (taken after clearing, below).
    const legendEntry = (await mapState(page)).layers.find((l) => l.id === LAYER_ID).legend.find((e) => e.value === 'basic_farmland');
    notes.push(`zoom ${before.zoom.toFixed(1)}→${state.view.zoom.toFixed(1)}`);

    const detail = page.locator('[data-testid="conflict-detail"]');
    await detail.waitFor({ timeout: 5000 });
    const pmFile = JSON.parse(readFileSync(join(DIST, 'sample/plan-park_master.geojson'), 'utf8'));
    const luFile = JSON.parse(readFileSync(join(DIST, 'sample/plan-land_use.geojson'), 'utf8'));
    for (const [side, id, file, planType] of [['plan', target.plan, pmFile, '产业集聚区总体规划'], ['against', target.against, luFile, '土地利用总体规划']]) {
      const card = detail.locator(`[data-testid="conflict-feature-${side}"]`);
      assert((await card.getAttribute('data-feature-id')) === id, `${side} card shows ${await card.getAttribute('data-feature-id')}, expected ${id}`);
      const f = file.features.find((x) => String(x.id ?? x.properties.id) === id);
      assert(f, `${id} not in the sample`);
      const typeText = await card.locator('[data-testid="conflict-feature-plan-type"]').innerText();
      assert(typeText === planType, `${side} plan type "${typeText}", expected ${planType}`);
      const classText = await card.locator('[data-testid="conflict-feature-class"]').innerText();
      const wantClass = tMaybe('zh', `planClass.${f.properties.planClass}`, f.properties.planClass);
      assert(classText === wantClass, `${side} class "${classText}", expected "${wantClass}"`);
      const keys = await card.locator('[data-testid="conflict-feature-properties"] [data-key]').evaluateAll((els) => els.map((e) => e.dataset.key));
      assert(Object.keys(f.properties).every((k) => keys.includes(k)), `${side} properties shown ${keys}, the feature has ${Object.keys(f.properties)}`);
    }
    await page.screenshot({ path: join(SHOTS, 'conflicts-panel.png') });

    // The plan feature can be taken to the inspector.
    await detail.locator('[data-testid="conflict-select-plan"]').click();
    await page.locator(`[data-testid="inspector"][data-feature-id="${target.plan}"]`).waitFor({ timeout: 5000 });

    // ---- clearing takes the polygons off the map: the pixels they covered show fill and hatching as drawn
    await page.locator('[data-testid="inspector-close"]').click();
    // Back to the conflict (the inspector's feature moved the map), then the same view without the layer.
    await page.locator(`[data-testid="conflict-item"][data-type="${target.type}"][data-plan="${target.plan}"][data-against="${target.against}"]`).click();
    await page.waitForFunction((v) => {
      const s = window.__parkAtlas.mapState();
      return Math.abs(s.view.zoom - v.zoom) < 1e-6 && Math.abs(s.view.center[0] - v.center[0]) < 1e-9 && Math.abs(s.view.center[1] - v.center[1]) < 1e-9;
    }, state.view, { timeout: 10_000 });
    await waitReady(page);
    const withConflicts = decodePng(await page.locator('[data-testid="map"]').screenshot({ path: join(SHOTS, 'conflicts-map.png') }));
    const corners = await page.evaluate((b) => b.map((c) => window.__parkAtlas.project(c)), [[Math.min(...lons), Math.max(...lats)], [Math.max(...lons), Math.min(...lats)]]);
    await page.locator('[data-testid="conflicts-clear"]').click();
    await page.locator(`${panel}[data-status="idle"]`).waitFor({ timeout: 5000 });
    await waitReady(page);
    assert(!(await mapState(page)).layers.some((l) => l.id === LAYER_ID), 'the conflict layer stayed on the map after clearing');
    const without = decodePng(await page.locator('[data-testid="map"]').screenshot());
    const over = (under, [r, g, b, a]) => [r, g, b].map((v, k) => v * (a / 255) + under[k] * (1 - a / 255));
    const hatchRgba = [...legendEntry.line.slice(0, 3), 180];
    let fillPx = 0;
    let hatchPx = 0;
    let changed = 0;
    const [[x0, y0], [x1, y1]] = corners;
    for (let py = Math.max(0, Math.floor(y0)); py < Math.min(without.height, Math.ceil(y1)); py++) {
      for (let px = Math.max(0, Math.floor(x0)); px < Math.min(without.width, Math.ceil(x1)); px++) {
        const i = (py * without.width + px) * 4;
        const under = [without.data[i], without.data[i + 1], without.data[i + 2]];
        const fill = over(under, legendEntry.fill);
        const hatch = over(fill, hatchRgba);
        const got = [withConflicts.data[i], withConflicts.data[i + 1], withConflicts.data[i + 2]];
        const near = (c) => c.every((v, k) => Math.abs(v - got[k]) <= 6);
        if (!near(under)) changed++;
        if (near(fill)) fillPx++;
        else if (near(hatch)) hatchPx++;
      }
    }
    // Exact composites of the legend's colours, so a wrong colour or a missing hatch fails (the other changed pixels:
    // outline, selection, anti-aliased line edges, the overlapping landuse_mismatch polygon).
    assert(fillPx > 1000 && hatchPx > 100, `in the conflict's box ${changed} px changed: ${fillPx} px of its fill, ${hatchPx} px of its hatching`);
    notes.push(`of ${changed} px changed: fill ${fillPx}, hatch ${hatchPx}`);
    await runCheck(page, 1);

    // ---- sorting by plan id orders the rows by plan id within each type
    await page.locator('[data-testid="conflicts-sort"]').selectOption('plan');
    const byPlan = await page.locator('[data-testid="conflict-group-landuse_mismatch"] [data-testid="conflict-item"]').evaluateAll((els) => els.map((e) => e.dataset.plan));
    assert(byPlan.join() === [...byPlan].sort().join(), `rows by plan: ${byPlan}`);
    await page.locator('[data-testid="conflicts-sort"]').selectOption('area');
    const byArea = await page.locator('[data-testid="conflict-group-landuse_mismatch"] [data-testid="conflict-item"]').evaluateAll((els) => els.map((e) => Number(e.dataset.areaM2)));
    assert(byArea.every((a, i) => i === 0 || byArea[i - 1] >= a), `rows by area: ${byArea}`);

    // ---- the polygons as GeoJSON: what `park-atlas conflicts --geojson` writes
    const geo = await download(page, () => page.locator('[data-testid="conflicts-export-geojson"]').click());
    const fc = JSON.parse(geo.bytes.toString('utf8'));
    assert(/\.geojson$/.test(geo.name), `file name ${geo.name}`);
    assert(JSON.stringify(fc.features) === JSON.stringify(polygons.features), 'the downloaded polygons differ from `park-atlas conflicts --geojson`');
    assert(JSON.stringify(fc.totals) === JSON.stringify(polygons.totals) && fc.droppedSlivers === polygons.droppedSlivers, 'totals or slivers of the download differ from the CLI');

    // ---- another minimum area: slivers counted; the register takes this check, not a default one
    const coarse = await cli(files, ['--min-area', '20000']);
    const coarsePolygons = await cli(files, ['--min-area', '20000', '--geojson']);
    await runCheck(page, 20000);
    notes.push(`min 20000 m²: ${await checkAgainst(page, coarse, 'zh')}, dropped ${coarse.droppedSlivers}`);
    assert(coarse.droppedSlivers > 0, 'the coarse check should drop some conflicts as slivers');
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="export-register"]').waitFor({ timeout: 15_000 });
    const reg = await download(page, () => page.locator('[data-testid="export-register"]').click());
    const rows = await registerConflicts(reg.bytes);
    checkRegister(rows, coarse, coarsePolygons);
    // Back on the tab, the result is still there (the check outlives the panel).
    await page.locator('[data-testid="tab-conflicts"]').click();
    await page.locator(`${panel}[data-status="done"]`).waitFor({ timeout: 5000 });
    const kept = Number(await page.locator('[data-testid="conflicts-result"]').getAttribute('data-count'));
    assert(kept === coarse.conflicts.length, `after switching tabs ${kept} conflicts shown, expected ${coarse.conflicts.length}`);
    assertClean(seen);
    notes.push(`register ${rows.length} rows`);
    return notes.join('; ');
  });

  test('five plans: without plans only parcels against their park are checked, and the other types say so', async ({ ctx, app, fixtures }) => {
    const names = ['park.geojson', 'parcels.geojson'];
    const expected = await cli(names.map((n) => join(ROOT, 'test/e2e/fixtures', n)));
    const { page, seen } = await openConflicts(ctx, `${app}?lang=zh&layers=${names.map((n) => fixtures + n).join(',')}`);
    await runCheck(page, 1);
    const note = await checkAgainst(page, expected, 'zh');
    for (const type of TYPES) {
      const group = page.locator(`[data-testid="conflict-group-${type}"]`);
      const isChecked = (await group.getAttribute('data-checked')) === 'true';
      assert(isChecked === (type === 'outside_park'), `${type}: data-checked=${isChecked}`);
      if (!isChecked) {
        const text = await group.locator('[data-testid="conflict-group-missing"]').innerText();
        assert(text.includes('产业集聚区总体规划') && text.includes('未检查'), `${type}: the missing plan is not named: "${text}"`);
        assert((await group.locator('[data-testid="conflict-group-count"]').innerText()) === '未检查', `${type}: count shown instead of "not checked"`);
      }
    }
    assertClean(seen);
    return note;
  });

  test('five plans: the register exported without a check runs it (small project) and equals the CLI', async ({ ctx, app }) => {
    const expected = await cli(sampleFiles());
    const polygons = await cli(sampleFiles(), ['--geojson']);
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="export-register"]').waitFor({ timeout: 15_000 });
    const reg = await download(page, () => page.locator('[data-testid="export-register"]').click());
    const rows = await registerConflicts(reg.bytes);
    checkRegister(rows, expected, polygons);
    assertClean(seen);
    return `${rows.length} rows, ids ${rows[0]?.id}…${rows.at(-1)?.id} as in --geojson`;
  });

  test('five plans: a long check shows progress, leaves the page responsive, and stops at once on cancel', async ({ ctx, app }) => {
    const N = 120;
    // 48-sided cells: enough clipping work that the check still runs when the test reaches Cancel on a busy machine.
    const { pm, lu } = gridPlans(N, 48);
    const bodies = { 'gen-pm.geojson': JSON.stringify(pm), 'gen-lu.geojson': JSON.stringify(lu) };
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    // Generated layers served on the app's own origin (nothing written to disk, nothing leaves 127.0.0.1).
    // By path: the page's own address also ends in these names (they are in its ?layers=).
    await page.route((url) => /^\/gen\/gen-(pm|lu)\.geojson$/.test(url.pathname), (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      return route.fulfill({ status: 200, contentType: 'application/geo+json', body: bodies[name] });
    });
    await page.goto(`${app}?lang=zh&layers=${app}gen/gen-pm.geojson,${app}gen/gen-lu.geojson`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-conflicts"]').click();
    await page.locator(panel).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="conflicts-run"]').click();
    const bar = page.locator('[data-testid="conflicts-progress"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="conflicts-progress"]')?.dataset.done) > 0, null, { timeout: 60_000 });
    // Responsiveness while the worker works: the longest gap between 16 ms timer ticks over 400 ms.
    const lagMs = await page.evaluate(() => new Promise((res) => {
      let last = performance.now();
      let worst = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 16);
      setTimeout(() => { clearInterval(timer); res(worst); }, 400);
    }));
    const before = { done: Number(await bar.getAttribute('data-done')), total: Number(await bar.getAttribute('data-total')) };
    assert((await page.locator(panel).getAttribute('data-status')) === 'running', `the check finished before it could be cancelled (${JSON.stringify(before)})`);
    // Each farmland cell overlaps the boxes of the 4 park-plan cells around it: (2N − 1)² candidate pairs.
    assert(before.total === (2 * N - 1) ** 2 && before.done > 0 && before.done < before.total, `progress ${JSON.stringify(before)}`);
    assert(lagMs < 250, `the page was blocked for ${Math.round(lagMs)} ms while the check ran`);
    await page.screenshot({ path: join(SHOTS, 'conflicts-progress.png') });
    const t0 = Date.now();
    await page.locator('[data-testid="conflicts-cancel"]').click();
    await page.locator(`${panel}[data-status="cancelled"]`).waitFor({ timeout: 2000 });
    const stopMs = Date.now() - t0;
    assert((await bar.count()) === 0, 'the progress bar is still shown after cancelling');
    // Longer than the whole check takes: a worker left running would deliver its result by now.
    await page.waitForTimeout(9000);
    assert((await page.locator(panel).getAttribute('data-status')) === 'cancelled', `status after waiting: ${await page.locator(panel).getAttribute('data-status')}`);
    assert((await page.locator('[data-testid="conflicts-result"]').count()) === 0, 'a result appeared after cancelling');
    const state = await mapState(page);
    assert(!state.layers.some((l) => l.id === LAYER_ID), 'conflict polygons were drawn after cancelling');
    assertClean(seen);
    return `cancelled at ${before.done}/${before.total} pairs in ${stopMs} ms; worst main-thread gap ${Math.round(lagMs)} ms while running`;
  });

  test('five plans: the plan swipe shows one plan left of the line and the other right of it', async ({ ctx, app }) => {
    const { page, seen } = await openConflicts(ctx, `${app}?lang=zh`);
    const mapBox = await page.locator('[data-testid="map"]').boundingBox();
    const shot = async () => {
      const png = await page.locator('[data-testid="map"]').screenshot();
      return decodePng(png);
    };
    const hideOverlay = await page.addStyleTag({ content: HIDE_OVERLAYS });
    await waitReady(page);
    const plain = await shot();
    await page.locator('[data-testid="conflicts-mode-swipe"]').click();
    await page.locator('[data-testid="plan-swipe"]').waitFor({ state: 'attached', timeout: 5000 });
    const left = await page.locator('[data-testid="plan-swipe-left-layer"]').inputValue();
    const right = await page.locator('[data-testid="plan-swipe-right-layer"]').inputValue();
    assert(left === 'plan-park_master' && right === 'plan-land_use', `default comparison ${left} | ${right}`);
    const at = async (percent) => {
      await page.locator('[data-testid="plan-swipe-range"]').fill(String(percent));
      await page.waitForFunction((p) => document.querySelector('[data-testid="plan-swipe"]')?.dataset.fraction === (p / 100).toFixed(3), percent);
      await page.waitForTimeout(50);
      await waitReady(page);
      return shot();
    };
    const allLeft = await at(100);
    const allRight = await at(0);
    const half = await at(50);
    // By default only the two plans are drawn; with the other layers back, parcels show through.
    assert(await page.locator('[data-testid="plan-swipe-solo"]').isChecked(), 'the comparison does not start with the two plans alone');
    await page.locator('[data-testid="plan-swipe-solo"]').uncheck();
    await page.waitForTimeout(50);
    await waitReady(page);
    const withOthers = await shot();
    await page.locator('[data-testid="plan-swipe-solo"]').check();
    await page.waitForTimeout(50);
    await waitReady(page);
    /** Share of pixels differing (any channel by more than 12) within columns [x0, x1). */
    const diff = (a, b, x0, x1) => {
      let n = 0;
      let all = 0;
      for (let y = 0; y < a.height; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * a.width + x) * 4;
          all++;
          if (Math.abs(a.data[i] - b.data[i]) > 12 || Math.abs(a.data[i + 1] - b.data[i + 1]) > 12 || Math.abs(a.data[i + 2] - b.data[i + 2]) > 12) n++;
        }
      }
      return n / all;
    };
    const w = half.width;
    const mid = Math.round(w / 2);
    const margin = 6;
    const figures = {
      leftHalfVsAllLeft: diff(half, allLeft, 0, mid - margin),
      rightHalfVsAllRight: diff(half, allRight, mid + margin, w),
      leftPlanVsRightPlan: diff(allLeft, allRight, 0, w),
      plainVsAllLeft: diff(plain, allLeft, 0, w),
      soloVsOthers: diff(half, withOthers, 0, w),
    };
    const f = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, +(v * 100).toFixed(2)]));
    assert(figures.leftPlanVsRightPlan > 0.05, `the two plans look the same (${JSON.stringify(f)} % differing)`);
    assert(figures.plainVsAllLeft > 0.05, `comparing did not draw the (hidden) plans (${JSON.stringify(f)})`);
    assert(figures.soloVsOthers > 0.05, `showing the other layers changed nothing (${JSON.stringify(f)})`);
    assert(figures.leftHalfVsAllLeft < 0.005, `left of the line is not the left plan (${JSON.stringify(f)})`);
    assert(figures.rightHalfVsAllRight < 0.005, `right of the line is not the right plan (${JSON.stringify(f)})`);

    // Dragging the handle moves the line.
    await hideOverlay.evaluate((el) => el.remove());
    const handle = page.locator('[data-testid="plan-swipe-handle"]');
    const hb = await handle.boundingBox();
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(mapBox.x + mapBox.width * 0.6, hb.y + hb.height / 2, { steps: 6 });
    await page.mouse.up();
    const fraction = Number(await page.locator('[data-testid="plan-swipe"]').getAttribute('data-fraction'));
    assert(Math.abs(fraction - 0.6) < 0.02, `after dragging to 60% the line is at ${fraction}`);
    await waitReady(page);
    await page.screenshot({ path: join(SHOTS, 'conflicts-swipe.png') });

    // Leaving the comparison gives the map back as it was.
    const restoreStyle = await page.addStyleTag({ content: HIDE_OVERLAYS });
    await page.locator('[data-testid="conflicts-mode-list"]').click();
    // The pointer off the map, so no hover highlight counts as a difference.
    await page.mouse.move(2, 2);
    await page.waitForTimeout(200);
    await waitReady(page);
    const after = await shot();
    const back = diff(plain, after, 0, w);
    await restoreStyle.evaluate((el) => el.remove());
    const where = () => {
      let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
      for (let y = 0; y < after.height; y++) {
        for (let x = 0; x < after.width; x++) {
          const i = (y * after.width + x) * 4;
          if (Math.abs(plain.data[i] - after.data[i]) > 12 || Math.abs(plain.data[i + 1] - after.data[i + 1]) > 12 || Math.abs(plain.data[i + 2] - after.data[i + 2]) > 12) {
            x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
          }
        }
      }
      return `${x0},${y0}–${x1},${y1}`;
    };
    assert(back < 0.005, `after leaving the comparison ${(back * 100).toFixed(2)}% of the map differs from before (in ${where()})`);
    assert((await page.locator('[data-testid="plan-swipe"]').count()) === 0, 'the swipe line stayed on the map');
    assertClean(seen);
    return `differing %: ${JSON.stringify(f)}; back ${(back * 100).toFixed(2)}%`;
  });
}
