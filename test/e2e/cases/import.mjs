// End-to-end cases of import and export (issue 7): files given to the header's file input (DESIGN §11) open the
// preview dialog; what it says (format, encoding, coordinate system, areas) is checked against the fixtures, the
// confirmed layers against the map and core's figures, whose areas are checked against GeographicLib computed here
// (and proj4 for the Gauss-Kruger points), independently of the app. Exports are read back.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { polygonArea } from '../geodesic.mjs';
import proj4 from 'proj4';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const FX = join(ROOT, 'test/fixtures');
const SHOTS = join(ROOT, 'test-results/e2e');
const VIEWPORT = { width: 1440, height: 900 };

/** DESIGN §4: within max(1e-6 relative, 0.001 m²) of GeographicLib. */
const areaClose = (got, want) => Math.abs(got - want) <= Math.max(1e-6 * want, 0.001);

// test/fixtures/shapefile/make.ts LONLAT[0]: RN-001, a 0.004° × 0.003° square at 114.30°E 33.00°N with a 0.001° hole.
const sq = (x, y, w, h) => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
const RN001 = [sq(114.3, 33.0, 0.004, 0.003), sq(114.301, 33.001, 0.001, 0.001).reverse()];
// test/fixtures/coordtxt/standard.txt DK-01: 150 × 200 m in 3° zone 38 (X north, Y east, zone prefixed).
const GK38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const DK01_XY = [[3650200, 38520000], [3650200, 38520150], [3650000, 38520150], [3650000, 38520000], [3650200, 38520000]];
const DK01 = [DK01_XY.map(([x, y]) => proj4(GK38, '+proj=longlat +ellps=GRS80 +no_defs', [y, x]))];

export function register({ test, openPage, waitReady, assert, assertClean, summary }) {
  const dialog = '[data-testid="import-dialog"]';
  const ready = `${dialog}[data-ready="true"]`;

  async function openApp(ctx, app) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    return { page, seen };
  }

  async function importFiles(page, paths) {
    await page.locator('[data-testid="import-input"]').setInputFiles(paths.map((p) => join(FX, p)));
    await page.waitForSelector(ready, { timeout: 20_000 });
  }

  const attr = (page, testId, name) => page.locator(`${dialog} [data-testid="${testId}"]`).first().getAttribute(name);

  async function confirmAndWait(page, before) {
    const confirm = page.locator('[data-testid="import-confirm"]');
    assert(await confirm.isEnabled(), 'import-confirm is disabled');
    await confirm.click();
    await page.waitForSelector(dialog, { state: 'detached', timeout: 20_000 });
    await page.waitForFunction((n) => window.__parkAtlas.layerSummary().length > n, before, { timeout: 20_000 });
    await waitReady(page);
  }

  async function parcelFigures(page, ids) {
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    return Object.fromEntries(ids.map((id) => [id, ev.parcels.find((p) => p.id === id) ?? null]));
  }

  /** DESIGN §7 in the inspector: both areas, labelled, each in 亩, 公顷 and m² as core gives them (checked against `want`). */
  async function inspectorAreas(page, want, label) {
    const ins = page.locator('[data-testid="inspector"]');
    const planarDd = ins.locator('[data-testid="metric-planarArea"]');
    const ellDd = ins.locator('[data-testid="metric-area"]');
    assert(await planarDd.count() === 1, `${want.id}: the inspector shows no planar area`);
    const planar = Number(await planarDd.getAttribute('data-value'));
    const ellipsoidal = Number(await ellDd.getAttribute('data-value'));
    assert(Math.abs(planar - want.planar) <= 0.001, `${want.id}: inspector planar ${planar}, import ${want.planar}`);
    assert(areaClose(ellipsoidal, want.ellipsoidal), `${want.id}: inspector ellipsoidal ${ellipsoidal}, GeographicLib ${want.ellipsoidal}`);
    const labels = await ins.locator('[data-testid="inspector-metrics"] dt').allInnerTexts();
    assert(labels.includes(label.planar) && labels.includes(label.ellipsoidal), `${want.id}: area labels ${JSON.stringify(labels.slice(0, 3))}`);
    // The figures as written: 亩 = m² × 0.0015 (2 decimals), 公顷 = m² / 10 000 (4 decimals), m² (2 decimals).
    const fmt = (v, d) => v.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
    for (const [dd, m2] of [[planarDd, want.planar], [ellDd, want.ellipsoidal]]) {
      const text = await dd.innerText();
      for (const part of [`${fmt(m2 * 0.0015, 2)} ${label.mu}`, `${fmt(m2 / 10000, 4)} ${label.ha}`, `${fmt(m2, 2)} ${label.m2}`]) {
        assert(text.includes(part), `${want.id}: "${part}" not in ${JSON.stringify(text)}`);
      }
    }
    return { planar, ellipsoidal };
  }
  const ZH = { planar: '平面面积（CGCS2000 3° 第38带）', ellipsoidal: '椭球面积', mu: '亩', ha: '公顷', m2: '平方米' };

  /** Opens a feature in the inspector through the attribute table and returns the area it shows. */
  async function inspectorArea(page, layerId, featureId) {
    await page.locator(`[data-testid="table-tab-${layerId}"]`).click();
    await page.locator(`[data-testid="table-row"][data-id="${featureId}"]`).click();
    await page.waitForSelector(`[data-testid="inspector"][data-feature-id="${featureId}"]`, { timeout: 10_000 });
    return Number(await page.locator('[data-testid="metric-area"]').getAttribute('data-value'));
  }

  test('import: Shapefile zip and 坐标TXT through the file input, previewed, drawn, with GeographicLib areas', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    assert((await page.locator('[data-testid="import-input"]').getAttribute('type')) === 'file', 'import-input is not a file input');
    assert((await page.locator('[data-testid="import-input"]').getAttribute('multiple')) !== null, 'import-input is not multiple');
    const start = await summary(page);
    const notes = [];

    // --- Shapefile zip: UTF-8 by its .cpg, lon/lat by its .prj.
    await importFiles(page, ['shapefile/parcels-utf8.zip']);
    assert((await attr(page, 'import-format', 'data-format')) === 'shapefile-zip', `format ${await attr(page, 'import-format', 'data-format')}`);
    assert((await attr(page, 'import-encoding', 'data-encoding')) === 'utf-8' && (await attr(page, 'import-encoding', 'data-reason')) === 'cpg', 'encoding is not UTF-8 by .cpg');
    assert((await attr(page, 'import-crs', 'data-status')) === 'lonlat', `crs status ${await attr(page, 'import-crs', 'data-status')}`);
    assert((await attr(page, 'import-count', 'data-count')) === '4', `count ${await attr(page, 'import-count', 'data-count')}`);
    const facts = await page.locator(`${dialog} .import-facts`).innerText();
    assert(facts.includes('Shapefile') && facts.includes('.cpg') && facts.includes('2000国家大地坐标系'), `dialog facts do not say format/encoding/CRS: ${facts}`);
    assert((await page.locator('[data-testid="import-kind"]').inputValue()) === 'parcel', 'kind not suggested as parcel');
    const mapped = Object.fromEntries(await page.locator('[data-testid="import-mapping-row"]').evaluateAll((rows) => rows.map((r) => [r.dataset.source, r.dataset.target])));
    assert(mapped['企业名'] === 'enterprise' && mapped['宗地编'] === 'id' && mapped['投资额'] === 'investmentWan' && mapped['用地性'] === 'landUse', `mapping ${JSON.stringify(mapped)}`);
    // 面积亩 is a declared area in 亩: the row shows its unit and the conversion.
    const muRow = page.locator('[data-testid="import-mapping-row"][data-source="面积亩"]');
    assert((await muRow.getAttribute('data-target')) === 'declaredAreaM2' && (await muRow.locator('[data-testid="import-unit"]').inputValue()) === 'mu', '面积亩 not read as 亩');
    await page.screenshot({ path: join(SHOTS, 'import-dialog.png') });
    await confirmAndWait(page, start.length);

    let layers = await summary(page);
    const shp = layers.find((l) => !start.some((s) => s.id === l.id));
    assert(shp && shp.kind === 'parcel' && shp.featureCount === 4 && shp.visible, `imported Shapefile layer: ${JSON.stringify(shp)}`);
    assert(start.every((s) => layers.some((l) => l.id === s.id)), 'a layer of the project disappeared');
    const drawn = (await page.evaluate(() => window.__parkAtlas.mapState())).layers.find((l) => l.id === shp.id);
    assert(drawn && drawn.visible && drawn.featureCount === 4, `map state of the imported layer: ${JSON.stringify(drawn)}`);
    assert(await page.locator(`[data-testid="layer-item"][data-layer-id="${shp.id}"]`).count() === 1, 'imported layer not in the layer panel');
    const want001 = polygonArea(RN001);
    const fig = (await parcelFigures(page, ['RN-001']))['RN-001'];
    assert(fig && areaClose(fig.areaM2, want001), `RN-001 area ${fig?.areaM2}, GeographicLib ${want001}`);
    const shown = await inspectorArea(page, shp.id, 'RN-001');
    assert(areaClose(shown, want001), `inspector shows ${shown} m² for RN-001, GeographicLib ${want001}`);
    notes.push(`RN-001 ${shown.toFixed(3)} m² (GeographicLib ${want001.toFixed(3)})`);

    // --- 坐标TXT: zone 38 from 带号; planar and ellipsoidal areas in the preview.
    const before = (await summary(page)).length;
    await importFiles(page, ['coordtxt/standard.txt']);
    assert((await attr(page, 'import-format', 'data-format')) === 'coordtxt', 'format is not coordtxt');
    assert((await attr(page, 'import-encoding', 'data-encoding')) === 'utf-8', 'TXT encoding');
    assert((await attr(page, 'import-crs', 'data-status')) === 'projected' && (await attr(page, 'import-crs', 'data-zone')) === '3/38' && (await attr(page, 'import-crs', 'data-source')) === 'file', `TXT crs ${await attr(page, 'import-crs', 'data-zone')} ${await attr(page, 'import-crs', 'data-source')}`);
    const crsText = await page.locator('[data-testid="import-crs"]').innerText();
    assert(crsText.includes('第38带') && crsText.includes('带号 38'), `CRS text does not name zone 38 and why: ${crsText}`);
    // 地块面积 is in 公顷 by the 坐标TXT standard: the mapping says so, not "m² assumed".
    const haRow = page.locator('[data-testid="import-mapping-row"][data-source="地块面积"]');
    assert((await haRow.getAttribute('data-target')) === 'declaredAreaM2' && (await haRow.locator('[data-testid="import-unit"]').inputValue()) === 'ha', '地块面积 not read in 公顷');
    const row = page.locator('[data-testid="import-row"][data-id="DK-01"]');
    const planar = Number(await row.getAttribute('data-planar'));
    const ellipsoidal = Number(await row.getAttribute('data-ellipsoidal'));
    const wantDk01 = polygonArea(DK01);
    assert(planar === 30000, `DK-01 planar ${planar}, expected 150 × 200 = 30000 m²`);
    assert(Math.abs(ellipsoidal - wantDk01) <= 0.001, `DK-01 ellipsoidal in the preview ${ellipsoidal}, GeographicLib ${wantDk01}`);
    const headers = await page.locator('[data-testid="import-rows"] thead').innerText();
    assert(headers.includes('平面面积') && headers.includes('椭球面积'), `area columns not labelled: ${headers}`);
    // The raw 地块面积 column says the unit it was read in (公顷 by the standard), not a bare "3".
    const fieldNames = await page.locator('[data-testid="import-rows"] thead th').allInnerTexts();
    const rawCell = await row.locator('td').nth(fieldNames.indexOf('地块面积')).innerText();
    assert(rawCell === '3 公顷（文件原值）', `raw 地块面积 cell: ${JSON.stringify(rawCell)}`);
    await page.screenshot({ path: join(SHOTS, 'import-txt.png') });
    await confirmAndWait(page, before);
    layers = await summary(page);
    const txt = layers.find((l) => !start.some((s) => s.id === l.id) && l.id !== shp.id);
    assert(txt && txt.kind === 'parcel' && txt.featureCount === 2, `imported TXT layer: ${JSON.stringify(txt)}`);
    const dk = (await parcelFigures(page, ['DK-01', 'DK-02']));
    assert(areaClose(dk['DK-01'].areaM2, wantDk01), `DK-01 area ${dk['DK-01'].areaM2}, GeographicLib ${wantDk01}`);
    const shownDk = await inspectorArea(page, txt.id, 'DK-01');
    assert(areaClose(shownDk, wantDk01), `inspector shows ${shownDk} for DK-01, GeographicLib ${wantDk01}`);
    // Both areas after the import too, labelled with the zone: planar as the preview gave it (150 × 200 m), ellipsoidal.
    const both = await inspectorAreas(page, { id: 'DK-01', planar, ellipsoidal: wantDk01 }, ZH);
    await page.locator('[data-testid="inspector"]').screenshot({ path: join(SHOTS, 'import-inspector-areas.png') });
    await page.locator('[data-testid="lang-en"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="metric-planarArea"]')?.previousElementSibling?.textContent === 'Planar area (CGCS2000 3° zone 38)', null, { timeout: 10_000 });
    assert((await page.locator('[data-testid="metric-area"]').evaluate((e) => e.previousElementSibling.textContent)) === 'Ellipsoidal area', 'English ellipsoidal label');
    await page.locator('[data-testid="lang-zh"]').click();
    // A parcel of a lon/lat layer shows one area, unlabelled by projection.
    await inspectorArea(page, shp.id, 'RN-001');
    assert(await page.locator('[data-testid="metric-planarArea"]').count() === 0, 'a lon/lat parcel shows a planar area');
    notes.push(`DK-01 inspector planar ${both.planar.toFixed(3)}, ellipsoidal ${shownDk.toFixed(3)} m² (GeographicLib ${wantDk01.toFixed(3)})`);
    assertClean(seen);
    return notes.join('; ');
  });

  test('import: a broken file is named with its line, nothing is added, and the project stays', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const before = await summary(page);
    await importFiles(page, ['coordtxt/broken/garbled-point.txt']);
    const blocked = await page.locator(`${dialog} [data-testid="import-blocked"]`).innerText();
    assert(blocked.includes('garbled-point.txt') && blocked.includes('第 16 行'), `blocked message does not name file and line: ${blocked}`);
    assert(!(await page.locator('[data-testid="import-confirm"]').isEnabled()), 'confirm enabled for a broken file');
    const problems = await page.locator('[data-testid="import-problem"][data-severity="error"]').allInnerTexts();
    assert(problems.length === 1 && problems[0].includes('第 16 行'), `error list: ${JSON.stringify(problems)}`);
    await page.screenshot({ path: join(SHOTS, 'import-broken.png') });
    await page.locator('[data-testid="import-skip"]').click();
    await page.waitForSelector(dialog, { state: 'detached', timeout: 5000 });
    const after = await summary(page);
    assert(JSON.stringify(after) === JSON.stringify(before), `layers changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    // A file that is no format at all: refused with the reason, by name.
    await page.locator('[data-testid="import-input"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) });
    await page.waitForSelector(ready, { timeout: 10_000 });
    const why = await page.locator(`${dialog} [data-testid="import-blocked"]`).innerText();
    assert(why.includes('photo.jpg') && why.includes('不是 Park Atlas 支持的格式'), `unknown format message: ${why}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached', timeout: 5000 });
    assert(JSON.stringify(await summary(page)) === JSON.stringify(before), 'layers changed after an unknown file');

    // Dropped anywhere on the app (here on the map): the same dialog.
    const text = readFileSync(join(FX, 'coordtxt/standard.txt'), 'utf8');
    await page.evaluate((body) => {
      const dt = new DataTransfer();
      dt.items.add(new File([body], 'dropped.txt', { type: 'text/plain' }));
      const target = document.querySelector('[data-testid="map"]');
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, text);
    await page.waitForSelector(ready, { timeout: 10_000 });
    assert((await attr(page, 'import-format', 'data-format')) === 'coordtxt' && (await page.locator('[data-testid="import-file"]').innerText()) === 'dropped.txt', 'dropped file not previewed');
    await page.locator('[data-testid="import-skip"]').click();
    await page.waitForSelector(dialog, { state: 'detached', timeout: 5000 });
    assert(JSON.stringify(await summary(page)) === JSON.stringify(before), 'layers changed after cancelling a dropped file');
    assertClean(seen);
    return blocked;
  });

  test('import: a zone chooser for a 坐标TXT without zone, loose Gauss-Kruger parts, a CSV joined by key', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const notes = [];
    // No 带号 and no prefix: guessed from the open park's longitude (~114°E → zone 38), labelled, and changeable.
    await importFiles(page, ['coordtxt/broken/unknown-zone.txt']);
    assert((await attr(page, 'import-crs', 'data-source')) === 'guess' && (await attr(page, 'import-crs', 'data-zone')) === '3/38', `guess ${await attr(page, 'import-crs', 'data-source')} ${await attr(page, 'import-crs', 'data-zone')}`);
    const reasons = await page.locator('[data-testid="import-crs-reasons"]').innerText();
    assert(reasons.includes('不带带号') && reasons.includes('114'), `guess reasons: ${reasons}`);
    const e38 = Number(await page.locator('[data-testid="import-row"]').first().getAttribute('data-ellipsoidal'));
    await page.locator('[data-testid="import-zone"]').selectOption('39');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-crs"]')?.getAttribute('data-zone') === '3/39' && document.querySelector('[data-testid="import-dialog"]')?.getAttribute('data-ready') === 'true', null, { timeout: 10_000 });
    assert((await attr(page, 'import-crs', 'data-source')) === 'user', 'chosen zone not marked as the user’s');
    const e39 = Number(await page.locator('[data-testid="import-row"]').first().getAttribute('data-ellipsoidal'));
    const crs39 = await page.locator('[data-testid="import-crs"]').innerText();
    assert(crs39.includes('第39带') && crs39.includes('117°E'), `CRS after choosing zone 39: ${crs39}`);
    // The same offset from the central meridian in either zone: the same area, to rounding.
    assert(e38 > 0 && Math.abs(e39 / e38 - 1) < 1e-6, `areas in zones 38 and 39: ${e38}, ${e39}`);
    notes.push(`zone guess 38 → chosen 39`);
    await page.locator('[data-testid="import-skip"]').click();
    await page.waitForSelector(dialog, { state: 'detached', timeout: 5000 });

    // Loose .shp/.shx/.dbf/.prj in one go: GBK by the .dbf's language driver, zone 38 from the .prj.
    let n = (await summary(page)).length;
    await importFiles(page, ['shp', 'shx', 'dbf', 'prj'].map((e) => `shapefile/parcels-gbk-ldid.${e}`));
    assert((await attr(page, 'import-format', 'data-format')) === 'shapefile-parts', 'loose parts not grouped');
    assert((await attr(page, 'import-encoding', 'data-encoding')) === 'gbk' && (await attr(page, 'import-encoding', 'data-reason')) === 'language-driver', 'GBK not found by the language driver');
    assert((await attr(page, 'import-crs', 'data-zone')) === '3/38' && (await attr(page, 'import-crs', 'data-source')) === 'file', 'GK zone not from the .prj');
    const planars = await page.locator('[data-testid="import-row"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.planar)));
    assert(JSON.stringify(planars) === JSON.stringify([110000, 80000, 60000]), `planar areas ${JSON.stringify(planars)}`);
    const gkRows = await page.locator('[data-testid="import-row"]').evaluateAll((rows) => rows.map((r) => ({ id: r.dataset.id, planar: Number(r.dataset.planar), ellipsoidal: Number(r.dataset.ellipsoidal) })));
    await page.screenshot({ path: join(SHOTS, 'import-shp-gk.png') });
    await confirmAndWait(page, n);
    // In the inspector: the planar area in zone 38 as the import computed it from the file's metres, and the ellipsoidal.
    const gkLayer = (await summary(page)).at(-1).id;
    const gk0 = gkRows[0];
    const gkEll = (await parcelFigures(page, [gk0.id]))[gk0.id].areaM2;
    assert(Math.abs(gkEll - gk0.ellipsoidal) <= 0.001, `${gk0.id}: core ${gkEll}, preview ${gk0.ellipsoidal}`);
    await inspectorArea(page, gkLayer, gk0.id);
    await inspectorAreas(page, { id: gk0.id, planar: gk0.planar, ellipsoidal: gkEll }, ZH);
    notes.push(`${gk0.id} inspector planar ${gk0.planar} m² in zone 38`);

    // A table joined to that layer by 宗地编号 (it matches the layer's 宗地编号 field).
    n = (await summary(page)).length;
    await page.locator('[data-testid="import-input"]').setInputFiles(join(FX, 'tables/investment.csv'));
    await page.waitForSelector(ready, { timeout: 20_000 });
    assert((await attr(page, 'import-format', 'data-format')) === 'csv', 'CSV not detected');
    const report = page.locator('[data-testid="import-join-report"]');
    assert((await report.getAttribute('data-matched')) === '3', `join matched ${await report.getAttribute('data-matched')}: ${await report.innerText()}`);
    const joinProblems = (await page.locator('[data-testid="import-problem"]').allInnerTexts()).join('\n');
    assert(joinProblems.includes('RN-999') && joinProblems.includes('RN-002'), `unmatched and duplicate rows not named: ${joinProblems}`);
    await page.screenshot({ path: join(SHOTS, 'import-join.png') });
    await page.locator('[data-testid="import-confirm"]').click();
    await page.waitForSelector(dialog, { state: 'detached', timeout: 20_000 });
    await waitReady(page);
    assert((await summary(page)).length === n, 'a join must not add a layer');
    const tax = await page.evaluate(() => window.__parkAtlas.evaluation().parcels.find((p) => p.id === 'RN-001'));
    assert(tax && tax.taxPerMu !== null && Math.abs(tax.taxPerMu - 321.5 / tax.areaMu) < 1e-9, `taxPerMu of RN-001 after the join: ${JSON.stringify(tax && { taxPerMu: tax.taxPerMu, areaMu: tax.areaMu })}`);
    notes.push(`join: RN-001 taxPerMu ${tax.taxPerMu.toFixed(2)}`);
    assertClean(seen);
    return notes.join('; ');
  });

  test('export: GeoJSON, Shapefile zip and 坐标TXT of an imported layer, read back', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const n = (await summary(page)).length;
    await importFiles(page, ['coordtxt/standard.txt']);
    await confirmAndWait(page, n);
    const id = (await summary(page)).at(-1).id;
    await page.locator('[data-testid="tab-io"]').click();
    await page.waitForSelector(`[data-testid="export-row-${id}"]`, { timeout: 10_000 });
    const zoneLabel = await page.locator(`[data-testid="export-zone-${id}"] option[value=""]`).innerText();
    assert(zoneLabel.includes('38'), `default export zone: ${zoneLabel}`);
    const save = async (button) => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.locator(`[data-testid="${button}-${id}"]`).click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };
    const txt = await save('export-txt');
    const text = new TextDecoder('gbk').decode(txt.bytes);
    assert(txt.name === 'standard.txt' && text.includes('J1,1,3650200.000,38520000.000') && text.includes('带号=38') && text.includes('3.0000,DK-01,产业集聚区一号地块'), `坐标TXT export: ${txt.name}\n${text.slice(0, 400)}`);
    const gj = await save('export-geojson');
    const json = JSON.parse(gj.bytes.toString('utf8'));
    assert(json.kind === 'parcel' && json.features.length === 2 && json.features[0].properties.地块名称 === '产业集聚区一号地块', `GeoJSON export: ${gj.bytes.toString('utf8').slice(0, 300)}`);
    const shp = await save('export-shp');
    const entries = Object.keys(unzipSync(new Uint8Array(shp.bytes)));
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) assert(entries.some((e) => e.endsWith(`.${ext}`)), `Shapefile zip lacks .${ext}: ${entries.join(', ')}`);
    const prj = new TextDecoder().decode(unzipSync(new Uint8Array(shp.bytes))[entries.find((e) => e.endsWith('.prj'))]);
    assert(prj.includes('China Geodetic Coordinate System 2000'), `.prj: ${prj}`);
    await page.screenshot({ path: join(SHOTS, 'export-panel.png') });
    assertClean(seen);
    return `${txt.name}, ${gj.name}, ${shp.name} (${entries.join(' ')})`;
  });
}
