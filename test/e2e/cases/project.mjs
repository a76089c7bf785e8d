// End-to-end case of the working project (issue 7): draw a parcel with terra-draw by mouse clicks on the map (snapped
// to a neighbour's corners), type its attributes (wrong ones refused), move a vertex, undo and redo, split and merge;
// undo the merge, split, attributes and draw one by one and redo them; delete a parcel and undo it; reload and find
// the project as it was (autosave); save the .parkatlas file, restore the original data, open the file again (file
// input and drop) and compare layers, styling and review decisions; a damaged file is refused by name; the print
// layout (A4 landscape, A3 portrait) is printed to PDF and rasterised with pdftoppm at 100 dpi, and the 300 dpi PNG
// export read back.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { ringArea } from '../geodesic.mjs';
import { decodePng } from '../png.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHOTS = join(ROOT, 'test-results/e2e');
const VIEWPORT = { width: 1440, height: 900 };


export function register({ test, openPage, waitReady, assert, assertClean, READY, DIST }) {
  mkdirSync(SHOTS, { recursive: true });
  const sample = (name) => JSON.parse(readFileSync(join(DIST, 'sample', `${name}.geojson`), 'utf8'));
  const evaluation = (page) => page.evaluate(() => window.__parkAtlas.evaluation());
  const mapState = (page) => page.evaluate(() => window.__parkAtlas.mapState());
  const parcel = async (page, id) => (await evaluation(page)).parcels.find((p) => p.id === id) ?? null;
  const settle = async (page) => {
    await page.waitForTimeout(150);
    await page.waitForSelector(READY, { timeout: 60_000, state: 'attached' });
    await page.waitForTimeout(150);
  };
  /** Screen position (page coordinates) of a lon/lat. */
  const screenOf = async (page, lonLat) => {
    const box = await page.locator('[data-testid="map"]').boundingBox();
    const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), lonLat);
    return [box.x + x, box.y + y];
  };
  const click = async (page, [x, y]) => {
    await page.mouse.move(x, y, { steps: 3 });
    await page.mouse.click(x, y);
    await page.waitForTimeout(200);
  };
  const editMessage = async (page, kind) => {
    const msg = page.locator(`[data-testid="edit-message"][data-kind="${kind}"]`);
    await msg.waitFor({ timeout: 15_000 });
    return msg.innerText();
  };
  const autosaved = (page) => page.locator('[data-testid="autosave-status"][data-status="saved"]').waitFor({ timeout: 15_000 });
  async function download(page, clickIt) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), clickIt()]);
    const dir = mkdtempSync(join(tmpdir(), 'park-atlas-project-'));
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    return { name: dl.suggestedFilename(), path, bytes: readFileSync(path), done: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const ringOf = (f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]);
  /** The parcels as core evaluates them, the map draws them and the table lists them (ids containing `word`). */
  async function parcelsNow(page, word) {
    const ev = await evaluation(page);
    const drawnLayer = (await mapState(page)).layers.find((l) => l.id === 'parcels');
    await page.locator('[data-testid="table-tab-parcels"]').click();
    const filter = page.locator('[data-testid="table-filter"]');
    await filter.fill(word);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="table-count"]')?.dataset.shown) < 20, null, { timeout: 10_000 });
    const tableIds = (await page.locator('[data-testid="table-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id))).sort();
    const tableTotal = Number(await page.locator('[data-testid="table-count"]').getAttribute('data-total'));
    await filter.fill('');
    await page.waitForFunction(() => { const c = document.querySelector('[data-testid="table-count"]'); return c && c.dataset.shown === c.dataset.total; }, null, { timeout: 10_000 });
    await filter.blur(); // Ctrl+Z in a text field is the field's own undo
    return { ev, byId: new Map(ev.parcels.map((p) => [p.id, p])), count: ev.parcels.length, mapCount: drawnLayer.featureCount, tableTotal, tableIds, park: ev.parks[0] };
  }
  /** One undo or redo by its button, then `check` on the parcels until it holds (the evaluation follows an edit at once). */
  async function step(page, button, word, expectIds, count) {
    await page.locator(`[data-testid="${button}"]`).click();
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, count, { timeout: 10_000 });
    await settle(page);
    const now = await parcelsNow(page, word);
    const want = [...expectIds].sort();
    assert(now.count === count && now.mapCount === count && now.tableTotal === count, `${button}: ${now.count} parcels evaluated, ${now.mapCount} drawn, ${now.tableTotal} in the table; expected ${count}`);
    assert(JSON.stringify(now.tableIds) === JSON.stringify(want) && want.every((id) => now.byId.has(id)), `${button}: table lists ${JSON.stringify(now.tableIds)}, core has ${JSON.stringify(want.filter((id) => now.byId.has(id)))}; expected ${JSON.stringify(want)}`);
    return now;
  }

  /**
   * The print layout printed to PDF (SHOTS/name.pdf) and rasterised at 100 dpi (SHOTS/name.png): its page size in pt,
   * page count, and the distinct colours (5 bits a channel) in a region given as fractions [x0, y0, x1, y1] of the sheet.
   */
  async function printedSheet(page, name, region, stride) {
    const pdfPath = join(SHOTS, `${name}.pdf`);
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', pdfPath, join(SHOTS, name)]);
    const raster = decodePng(readFileSync(join(SHOTS, `${name}.png`)));
    const colours = new Set();
    const [x0, y0, x1, y1] = region;
    for (let y = Math.round(raster.height * y0); y < raster.height * y1; y += stride) {
      for (let x = Math.round(raster.width * x0); x < raster.width * x1; x += stride) {
        const i = (y * raster.width + x) * 4;
        colours.add((raster.data[i] >> 3) * 1024 + (raster.data[i + 1] >> 3) * 32 + (raster.data[i + 2] >> 3));
      }
    }
    return { info, size: m ? [Number(m[1]), Number(m[2])] : [NaN, NaN], pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), raster, colours: colours.size };
  }

  test('project: draw and edit a parcel, undo, autosave across a reload, save and reopen the .parkatlas, print to PDF', async ({ ctx, app }) => {
    const notes = [];
    // The easternmost parcel of the sample: the new parcel is drawn against its east side, on open land.
    const parcels0 = sample('parcels');
    const east = parcels0.features.map((f) => ({ f, ring: ringOf(f) })).sort((a, b) => Math.max(...b.ring.map((p) => p[0])) - Math.max(...a.ring.map((p) => p[0])))[0];
    const [c0, c1] = east.ring.slice(0, -1).sort((a, b) => b[0] - a[0]).slice(0, 2).sort((a, b) => a[1] - b[1]);
    const centre = [(c0[0] + c1[0]) / 2 + 0.0008, (c0[1] + c1[1]) / 2];
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${app}?lang=zh&v=${centre[0].toFixed(5)},${centre[1].toFixed(5)},15.6`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    assert((await page.locator('[data-testid="autosave-status"]').getAttribute('data-status')) === 'clean', 'autosave should start clean on the original data');
    const before = await evaluation(page);
    const parcelCount = before.parcels.length;

    // ---- draw: four corners, the first two 3 px off the neighbour's corners (snapping takes them), closed on the first
    await page.locator('[data-testid="edit-mode"]').click();
    await page.locator('[data-testid="edit-toolbar"]').waitFor();
    await page.locator('[data-testid="edit-draw"]').click();
    const w = 0.0014;
    const corners = [c0, [c0[0] + w, c0[1]], [c1[0] + w, c1[1]], c1];
    const screen = [];
    for (const c of corners) screen.push(await screenOf(page, c));
    for (const [i, [x, y]] of screen.entries()) await click(page, i === 0 || i === 3 ? [x + 3, y - 2] : [x, y]);
    await page.screenshot({ path: join(SHOTS, 'edit-drawing.png') });
    await click(page, [screen[0][0] + 1, screen[0][1] + 1]);
    const drawnText = await editMessage(page, 'done');
    const newId = /已添加 (\S+)，/.exec(drawnText)?.[1];
    assert(newId, `no new parcel announced: ${drawnText}`);
    const drawn = await parcel(page, newId);
    assert(drawn && (await evaluation(page)).parcels.length === parcelCount + 1, `parcel ${newId} not in core's evaluation`);
    // The drawn parcel's area from core equals GeographicLib's for the intended corners within the unsnapped corners' slack.
    const expected = ringArea([...corners, corners[0]]);
    assert(Math.abs(drawn.areaM2 - expected) / expected < 0.02, `area ${drawn.areaM2} m², expected about ${expected.toFixed(0)} m²`);
    notes.push(`drew ${newId}: ${drawn.areaM2.toFixed(0)} m² (GeographicLib of the clicked corners ${expected.toFixed(0)} m²)`);

    // ---- attributes: wrong entries refused (zh messages), right ones saved; core's figures follow at once
    const editor = page.locator('[data-testid="attr-editor"]');
    await editor.waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="attr-input-investmentWan"]').fill('六千万');
    await page.locator('[data-testid="attr-input-agreedStartDate"]').fill('2023-02-30');
    const numErr = await page.locator('[data-testid="attr-error-investmentWan"]').innerText();
    const dateErr = await page.locator('[data-testid="attr-error-agreedStartDate"]').innerText();
    assert(numErr.includes('应为数字') && dateErr.includes('日期'), `messages: ${numErr} | ${dateErr}`);
    assert(await page.locator('[data-testid="attr-save"]').isDisabled(), 'save enabled with wrong entries');
    await page.locator('[data-testid="attr-input-investmentWan"]').fill('6,000');
    await page.locator('[data-testid="attr-input-agreedStartDate"]').fill('2023-03-01');
    await page.locator('[data-testid="attr-input-landUse"]').selectOption('industrial');
    await page.locator('[data-testid="attr-input-name"]').fill('新建项目（测试）');
    await page.locator('[data-testid="attr-save"]').click();
    await editor.waitFor({ state: 'detached', timeout: 10_000 });
    const typed = await parcel(page, newId);
    const mu = drawn.areaM2 / (10000 / 15);
    assert(typed.landUse === 'industrial' && Math.abs(typed.investmentIntensity - 6000 / mu) < 1e-6, `figures after the attribute edit: ${JSON.stringify({ landUse: typed.landUse, ii: typed.investmentIntensity })}`);
    assert(typed.checks.some((c) => c.rule === 'investmentIntensity'), 'no investment-intensity check for the new industrial parcel');
    const shownIntensity = Number(await page.locator('[data-testid="metric-investmentIntensity"]').getAttribute('data-value'));
    assert(Math.abs(shownIntensity - typed.investmentIntensity) < 1e-9, `inspector shows ${shownIntensity}, core ${typed.investmentIntensity}`);
    notes.push(`attributes typed: 投资强度 ${typed.investmentIntensity.toFixed(1)} 万元/亩`);

    // ---- vertices: drag the south-east corner 40 px east; the screenshot shows the edit in progress
    await settle(page);
    await page.locator('[data-testid="edit-vertices"]').click();
    await page.waitForTimeout(400);
    const [vx, vy] = await screenOf(page, corners[1]);
    const mapBox = await page.locator('[data-testid="map"]').boundingBox();
    const barBox = await page.locator('[data-testid="edit-toolbar"]').boundingBox();
    assert(vx > mapBox.x + 10 && vx < mapBox.x + mapBox.width - 60 && vy > barBox.y + barBox.height + 10 && vy < mapBox.y + mapBox.height - 60, `the corner to drag is not in the open map: ${vx},${vy}`);
    await page.mouse.move(vx, vy, { steps: 3 });
    await page.waitForTimeout(100);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(vx + 5 * k, vy, { steps: 1 });
    await page.screenshot({ path: join(SHOTS, 'edit.png') });
    await page.mouse.up();
    await editMessage(page, 'done');
    const reshaped = await parcel(page, newId);
    assert(reshaped.areaM2 > typed.areaM2 * 1.05, `area after moving a vertex east: ${reshaped.areaM2} (was ${typed.areaM2})`);
    await page.locator('[data-testid="edit-finish"]').click();

    // ---- undo / redo (keyboard and buttons): the area steps back and forth
    const undoTitle = await page.locator('[data-testid="undo"]').getAttribute('title');
    assert(undoTitle.includes('编辑节点'), `undo title: ${undoTitle}`);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(([id, a]) => window.__parkAtlas.evaluation().parcels.find((p) => p.id === id)?.areaM2 === a, [newId, typed.areaM2], { timeout: 10_000 });
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(([id, a]) => window.__parkAtlas.evaluation().parcels.find((p) => p.id === id)?.areaM2 === a, [newId, reshaped.areaM2], { timeout: 10_000 });
    await page.locator('[data-testid="undo"]').click();
    await page.waitForFunction(([id, a]) => window.__parkAtlas.evaluation().parcels.find((p) => p.id === id)?.areaM2 === a, [newId, typed.areaM2], { timeout: 10_000 });
    notes.push(`undo/redo vertex move: ${typed.areaM2.toFixed(0)} ↔ ${reshaped.areaM2.toFixed(0)} m²`);

    // ---- split by a line drawn north → south across the middle, then merge the two parts again
    await settle(page);
    await page.locator('[data-testid="edit-split"]').click();
    const mid = (c0[0] + w / 2);
    const north = await screenOf(page, [mid, Math.max(c0[1], c1[1]) + 0.0004]);
    const south = await screenOf(page, [mid + 0.0001, Math.min(c0[1], c1[1]) - 0.0004]);
    await click(page, north);
    await click(page, south);
    await click(page, south); // a click on the last point finishes the line
    const splitText = await editMessage(page, 'done');
    const [idA, idB] = [`${newId}-a`, `${newId}-b`];
    const partA = await parcel(page, idA);
    const partB = await parcel(page, idB);
    assert(partA && partB && !(await parcel(page, newId)), `split parts: ${splitText}`);
    // The cut points lie on the straight (lon/lat) edges; geodesic edges through them differ by ~1e-7 of the area.
    assert(Math.abs(partA.areaM2 + partB.areaM2 - typed.areaM2) < 1e-6 * typed.areaM2, `parts ${partA.areaM2} + ${partB.areaM2} ≠ ${typed.areaM2}`);
    assert(partA.name === '新建项目（测试）' && partB.investmentIntensity !== null, 'the parts did not keep the attributes');
    notes.push(`split: ${idA} ${partA.areaM2.toFixed(0)} + ${idB} ${partB.areaM2.toFixed(0)} m²`);
    await settle(page);
    await page.locator('[data-testid="edit-merge"]').click();
    await editMessage(page, 'info');
    // The split selected part a; the other part is east or west of the cut: a click on part a itself does nothing.
    const midLat = (c0[1] + c1[1]) / 2;
    for (const lon of [mid + w / 4, mid - w / 4]) {
      await click(page, await screenOf(page, [lon, midLat]));
      await page.waitForTimeout(500);
      if ((await page.locator('[data-testid="edit-message"]').getAttribute('data-kind')) !== 'info') break;
    }
    await editMessage(page, 'done');
    const merged = await parcel(page, idA);
    assert(merged && !(await parcel(page, idB)) && Math.abs(merged.areaM2 - typed.areaM2) < 1e-6 * typed.areaM2, `merge: ${JSON.stringify(merged?.areaM2)} vs ${typed.areaM2}`);
    notes.push(`merged back: ${merged.areaM2.toFixed(3)} m² (before the split ${typed.areaM2.toFixed(3)})`);

    // ---- undo the merge, the split, the attributes and the draw one by one, then redo all four: each step checked by
    //      the parcels core evaluates, the map draws and the table lists, and by the figures of the parcels concerned
    const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    let s1 = await step(page, 'undo', newId, [idA, idB], parcelCount + 2);
    assert(same(s1.byId.get(idA).areaM2, partA.areaM2) && same(s1.byId.get(idB).areaM2, partB.areaM2) && same(s1.byId.get(idB).investmentIntensity, partB.investmentIntensity), `undo merge: ${idA} ${s1.byId.get(idA).areaM2}, ${idB} ${s1.byId.get(idB).areaM2}`);
    s1 = await step(page, 'undo', newId, [newId], parcelCount + 1);
    assert(same(s1.byId.get(newId).areaM2, typed.areaM2) && same(s1.byId.get(newId).investmentIntensity, typed.investmentIntensity), `undo split: ${JSON.stringify(s1.byId.get(newId))}`);
    s1 = await step(page, 'undo', newId, [newId], parcelCount + 1);
    const untyped = s1.byId.get(newId);
    assert(untyped.investmentIntensity === null && untyped.landUse !== 'industrial' && !untyped.checks.some((c) => c.rule === 'investmentIntensity'), `undo attributes: ${JSON.stringify({ ii: untyped.investmentIntensity, landUse: untyped.landUse })}`);
    s1 = await step(page, 'undo', newId, [], parcelCount);
    assert(JSON.stringify(s1.ev.parcels) === JSON.stringify(before.parcels) && JSON.stringify(s1.ev.parks) === JSON.stringify(before.parks), 'undo draw: the figures differ from those before the draw');
    notes.push(`undo merge → ${idA}+${idB}, split → ${newId}, attributes → 投资强度 —, draw → ${parcelCount} parcels as loaded`);
    await step(page, 'redo', newId, [newId], parcelCount + 1);
    await step(page, 'redo', newId, [newId], parcelCount + 1);
    await step(page, 'redo', newId, [idA, idB], parcelCount + 2);
    s1 = await step(page, 'redo', newId, [idA], parcelCount + 1);
    assert(same(s1.byId.get(idA).areaM2, merged.areaM2) && same(s1.byId.get(idA).investmentIntensity, merged.investmentIntensity), 'redo: the merged parcel differs');

    // ---- delete a parcel of the sample (its east neighbour), then undo: the park's totals follow both ways
    const parkBefore = s1.park;
    const neighbour = east.f.id;
    const [nx, ny] = ringOf(east.f).slice(0, -1).reduce((a, p, _, r) => [a[0] + p[0] / r.length, a[1] + p[1] / r.length], [0, 0]);
    await click(page, await screenOf(page, [nx, ny]));
    await page.locator(`[data-testid="inspector"][data-feature-id="${neighbour}"]`).waitFor({ timeout: 10_000 });
    const neighbourFig = s1.byId.get(neighbour);
    await page.locator('[data-testid="edit-delete"]').click();
    await page.locator('[data-testid="edit-message"][data-kind="done"]').filter({ hasText: `已删除 ${neighbour}` }).waitFor({ timeout: 10_000 });
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount, { timeout: 10_000 });
    await settle(page);
    const afterDelete = await parcelsNow(page, neighbour);
    assert(!afterDelete.byId.has(neighbour) && afterDelete.mapCount === parcelCount && afterDelete.tableTotal === parcelCount && afterDelete.tableIds.length === 0, `after deleting ${neighbour}: ${afterDelete.count} evaluated, ${afterDelete.mapCount} drawn, table ${JSON.stringify(afterDelete.tableIds)}`);
    assert(afterDelete.park.parcelCount === parkBefore.parcelCount - 1 && same(afterDelete.park.parcelAreaM2, parkBefore.parcelAreaM2 - neighbourFig.areaM2), `park totals after the delete: ${afterDelete.park.parcelCount} parcels, ${afterDelete.park.parcelAreaM2} m² (before ${parkBefore.parcelCount}, ${parkBefore.parcelAreaM2}; ${neighbour} ${neighbourFig.areaM2})`);
    const undone = await step(page, 'undo', neighbour, [neighbour], parcelCount + 1);
    assert(JSON.stringify(undone.byId.get(neighbour)) === JSON.stringify(neighbourFig) && JSON.stringify(undone.park) === JSON.stringify(parkBefore), `undo delete: ${neighbour} or the park's figures differ`);
    notes.push(`delete ${neighbour} (park ${parkBefore.parcelCount} → ${afterDelete.park.parcelCount} parcels), undone`);

    // ---- styling is part of the project too: zones hidden, parcels at 60 %
    await page.locator('[data-testid="edit-close"]').click();
    await page.locator('[data-testid="layer-toggle-zones"]').uncheck();
    await page.locator('[data-testid="layer-opacity-parcels"]').fill('60');
    await settle(page);
    await autosaved(page);
    const beforeReload = await evaluation(page);
    const stateBefore = await mapState(page);

    // ---- reload: the autosaved working copy comes back (layers with the edits, styling)
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.waitForTimeout(400);
    const afterReload = await evaluation(page);
    assert(JSON.stringify(afterReload.parcels) === JSON.stringify(beforeReload.parcels), 'parcels differ after the reload');
    const stateAfter = await mapState(page);
    const styling = (s) => JSON.stringify(s.layers.filter((l) => !l.derived).map((l) => [l.id, l.visible, l.opacity]));
    assert(styling(stateAfter) === styling(stateBefore), `styling after reload ${styling(stateAfter)} vs ${styling(stateBefore)}`);
    assert((await page.locator('[data-testid="autosave-status"]').getAttribute('data-status')) !== 'clean', 'restored copy shown as original data');
    notes.push(`reload: ${afterReload.parcels.length} parcels, ${newId} restored`);
    // What the autosave stored: the edited parcels in their own row, every other layer as a reference to its file.
    const stored = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('park-atlas');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['working', 'workingLayers']);
        const out = {};
        tx.objectStore('working').get('sample').onsuccess = (e) => { out.layers = e.target.result.doc.layers.map((l) => ({ id: l.id, kind: l.kind, inline: l.data != null, ref: l.ref ?? null })); };
        tx.objectStore('workingLayers').getAllKeys(IDBKeyRange.bound(['sample'], ['sample', []])).onsuccess = (e) => { out.rows = e.target.result.map((k) => k[1]); };
        tx.oncomplete = () => { open.result.close(); resolve(out); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    const storedParcels = stored.layers.find((l) => l.kind === 'parcel');
    assert(storedParcels.ref?.stored && JSON.stringify(stored.rows) === JSON.stringify([storedParcels.id]), `edited parcels stored as ${JSON.stringify(storedParcels)}, rows ${JSON.stringify(stored.rows)}`);
    assert(stored.layers.every((l) => !l.inline) && stored.layers.filter((l) => l !== storedParcels).every((l) => l.ref?.sourceUnchanged), `unchanged layers stored with their data: ${JSON.stringify(stored.layers)}`);
    notes.push(`stored: ${stored.rows.join(',')} as a row, ${stored.layers.length - 1} layers by reference`);

    // ---- the browser's storage fails (quota): a visible warning offers the project file; back to normal after
    await page.evaluate(() => {
      window.__projectTx = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await page.locator('[data-testid="layer-toggle-plan-land_use"]').check();
    const failed = page.locator('[data-testid="autosave-status"][data-status="failed"]');
    await failed.waitFor({ timeout: 10_000 });
    const failedText = await failed.innerText();
    assert(failedText.includes('自动保存失败') && failedText.includes('保存项目文件'), `warning reads ${failedText}`);
    assert((await failed.getAttribute('title')).includes('QuotaExceededError'), 'the browser\'s reason is not given');
    assert(await page.locator('[data-testid="autosave-save-file"]').isVisible(), 'no offer to save the project file');
    await page.locator('[data-testid="app-header"]').screenshot({ path: join(SHOTS, 'project-autosave-failed.png') });
    await page.evaluate(() => { IDBDatabase.prototype.transaction = window.__projectTx; });
    // Storage back: the next change is saved again. (Undo and redo are checked above, by keys and by buttons.)
    const toggle = page.locator('[data-testid="layer-toggle-plan-land_use"]');
    await toggle.uncheck();
    await page.waitForFunction(() => !window.__parkAtlas.layerSummary().find((l) => l.id === 'plan-land_use').visible, null, { timeout: 10_000 });
    // Seen in full-suite runs only: the toggle made while storage failed was not always recorded as a step (open
    // bug, in the closing note); then unchecking changes nothing to save. A fresh change is saved either way.
    if (!(await page.locator('[data-testid="autosave-status"][data-status="saved"]').waitFor({ timeout: 3000 }).then(() => true, () => false))) {
      notes.push('the toggle made during the storage failure was not recorded');
      await toggle.check();
      await settle(page);
      await toggle.uncheck();
    }
    await autosaved(page);
    notes.push('storage failure shown with the save offer, then saved again');

    // ---- a review decision (kept in the browser's store) goes into the project file too
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    // The panel opens on the selected parcel's case when it has one: back to the list first.
    if (await page.locator('[data-testid="review-back"]').count()) await page.locator('[data-testid="review-back"]').click();
    await page.locator('[data-testid="review-item"][data-parcel-id="RH-027"]').click();
    await page.locator('[data-testid="review-case"][data-parcel-id="RH-027"]').waitFor({ timeout: 5000 });
    await page.locator('[data-testid="decision-kind-fee_notice"]').check();
    await page.locator('[data-testid="decision-date"]').fill('2026-07-02');
    await page.locator('[data-testid="decision-reference"]').fill('汝自然资闲〔2026〕7号');
    await page.locator('[data-testid="decision-reviewer"]').fill('项目测试');
    await page.locator('[data-testid="decision-save"]').click();
    await page.locator('[data-testid="decision-saved"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="tab-layers"]').click();
    await settle(page);
    // ---- the meeting deck (kept in this browser) too: one slide retitled in the deck editor
    await page.locator('[data-testid="toggle-deck"]').click();
    const deckEditor = page.locator('[data-testid="deck-editor"]');
    await deckEditor.waitFor({ timeout: 15_000 });
    await deckEditor.locator('[data-testid="deck-slide-title"]').first().fill('总览（项目文件测试）');
    await page.locator('[data-testid="deck-close"]').click();
    await deckEditor.waitFor({ state: 'detached', timeout: 10_000 });
    await settle(page);

    // ---- save: one .parkatlas (ZIP: project.json + layers/*.geojson) with the edits, styling, decisions and view
    const saved = await download(page, () => page.locator('[data-testid="project-save"]').click());
    assert(saved.name.endsWith('.parkatlas'), `file name ${saved.name}`);
    const zip = unzipSync(new Uint8Array(saved.bytes));
    const manifest = JSON.parse(new TextDecoder().decode(zip['project.json']));
    const fileOf = (id) => JSON.parse(new TextDecoder().decode(zip[manifest.layers.find((l) => l.id === id).file]));
    assert(manifest.format === 'park-atlas.project' && manifest.version === 2 && manifest.rules?.rules?.investmentIntensity && manifest.view && manifest.reviewDate === '2026-06-30', `manifest ${JSON.stringify({ ...manifest, layers: manifest.layers.length })}`);
    const entry = (id) => manifest.layers.find((l) => l.id === id);
    assert(entry('zones').visible === false && Math.abs(entry('parcels').opacity - 0.6) < 1e-9, `styling in the file: ${JSON.stringify(manifest.layers.map((l) => [l.id, l.visible, l.opacity]))}`);
    const savedNew = fileOf('parcels').features.find((f) => f.id === idA);
    assert(savedNew && savedNew.properties.investmentWan === 6000 && savedNew.properties.agreedStartDate === '2023-03-01' && savedNew.properties.landUse === 'industrial', `saved attributes ${JSON.stringify(savedNew?.properties)}`);
    // Snapping: the neighbour's two corners are in the new parcel's ring exactly (shared boundary, no sliver).
    const ringKeys = new Set(ringOf(savedNew).map((p) => `${p[0]},${p[1]}`));
    assert(ringKeys.has(`${c0[0]},${c0[1]}`) && ringKeys.has(`${c1[0]},${c1[1]}`), `the drawn corners did not snap to ${east.f.id}'s corners exactly`);
    const fileDecisions = manifest.decisions;
    assert(fileDecisions?.decisions.some((d) => d.parcelId === 'RH-027' && d.kind === 'fee_notice' && d.reviewer === '项目测试'), `decisions in the file: ${JSON.stringify(fileDecisions).slice(0, 300)}`);
    assert(manifest.deck?.slides?.[0]?.title?.zh === '总览（项目文件测试）', `deck in the file: ${JSON.stringify(manifest.deck?.slides?.[0]?.title)}`);
    notes.push(`saved ${saved.name} (${(saved.bytes.length / 1024).toFixed(0)} KiB, ${Object.keys(zip).length} entries)`);
    const savedEvaluation = await evaluation(page);
    const savedState = await mapState(page);

    // ---- 恢复原始数据: the working copy goes, the sample comes back as it was fetched
    await page.locator('[data-testid="project-menu"]').click();
    await page.locator('[data-testid="project-discard"]').click();
    await page.locator('[data-testid="project-discard-confirm"]').click();
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount, { timeout: 20_000 });
    await settle(page);
    assert((await page.locator('[data-testid="autosave-status"]').getAttribute('data-status')) === 'clean', 'autosave not clean after restoring the original data');
    assert((await mapState(page)).layers.find((l) => l.id === 'zones').visible === true, 'zones still hidden after restoring the original data');
    assert(JSON.stringify((await evaluation(page)).parcels) === JSON.stringify(before.parcels), 'original parcels differ from the first load');

    // ---- a damaged file is refused by name and the open project stays
    const input = page.locator('[data-testid="project-open"]');
    assert((await input.getAttribute('accept')) === '.parkatlas', 'project-open does not accept .parkatlas');
    await input.setInputFiles({ name: 'not-a-project.parkatlas', mimeType: 'application/zip', buffer: Buffer.from(zipSync({ 'readme.txt': strToU8('hello') })) });
    const problems = page.locator('[data-testid="project-open-problems"]');
    await problems.waitFor({ timeout: 10_000 });
    const problemText = await problems.innerText();
    assert(problemText.includes('not-a-project.parkatlas') && problemText.includes('project.json'), `refusal reads ${problemText}`);
    assert((await evaluation(page)).parcels.length === parcelCount, 'the open project changed after a refused file');
    await page.locator('[data-testid="project-open-problems-close"]').click();
    // One layer's data broken: that layer is named (file and layer), the others open.
    const broken = { ...zip, [entry('relocation').file]: strToU8('{"type": "FeatureCollection", "features": [') };
    await input.setInputFiles({ name: 'one-layer-broken.parkatlas', mimeType: 'application/zip', buffer: Buffer.from(zipSync(broken)) });
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount + 1, { timeout: 20_000 });
    const shown = await page.locator('[data-testid="load-errors"]').innerText();
    assert(shown.includes('one-layer-broken.parkatlas') && shown.includes(entry('relocation').file), `problems shown: ${shown.slice(0, 400)}`);
    assert(!(await page.evaluate(() => window.__parkAtlas.layerSummary().some((l) => l.kind === 'relocation'))), 'the broken layer was drawn');

    // ---- open the saved file: the same layers, figures, styling and decisions
    await input.setInputFiles(saved.path);
    await page.waitForFunction(() => window.__parkAtlas.layerSummary().some((l) => l.kind === 'relocation'), null, { timeout: 20_000 });
    await settle(page);
    await page.waitForTimeout(400);
    const reopened = await evaluation(page);
    assert(JSON.stringify(reopened.parcels) === JSON.stringify(savedEvaluation.parcels), 'parcels differ after reopening the file');
    assert(JSON.stringify(reopened.parks) === JSON.stringify(savedEvaluation.parks) && JSON.stringify(reopened.zones) === JSON.stringify(savedEvaluation.zones), 'park or zone figures differ after reopening');
    const reopenedState = await mapState(page);
    const order = (s) => JSON.stringify(s.layers.filter((l) => !l.derived).map((l) => l.id));
    assert(styling(reopenedState) === styling(savedState) && order(reopenedState) === order(savedState), `styling after reopening ${styling(reopenedState)} vs ${styling(savedState)}`);
    const v0 = savedState.view;
    const v1 = reopenedState.view ?? (await mapState(page)).view;
    assert(v1 && Math.abs(v1.zoom - v0.zoom) < 0.01 && Math.abs(v1.center[0] - v0.center[0]) < 1e-6, `view ${JSON.stringify(v1)} vs ${JSON.stringify(v0)}`);
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    const badge = page.locator('[data-testid="review-item"][data-parcel-id="RH-027"] [data-testid="review-item-decision"]');
    await badge.waitFor({ timeout: 10_000 });
    assert((await badge.getAttribute('data-kind')) === 'fee_notice', 'the decision did not come back with the file');
    await page.locator('[data-testid="tab-layers"]').click();
    const deckBack = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => /^parkAtlas\.deck\.v1:[^.]*$/.test(k)).map(([, v]) => JSON.parse(v).slides[0].title.zh));
    assert(deckBack.length === 1 && deckBack[0] === '总览（项目文件测试）', `deck after reopening: ${JSON.stringify(deckBack)}`);
    notes.push('reopened: parcels, zones, park figures, styling, view, the RH-027 decision and the deck equal');

    // ---- a .parkatlas dropped on the window opens as the project (after the original data again)
    await page.locator('[data-testid="project-menu"]').click();
    await page.locator('[data-testid="project-discard"]').click();
    await page.locator('[data-testid="project-discard-confirm"]').click();
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount, { timeout: 20_000 });
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.parkatlas', { type: 'application/zip' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, saved.bytes.toString('base64'));
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount + 1, { timeout: 20_000 });
    assert((await page.locator('[data-testid="import-dialog"]').count()) === 0, 'the dropped project opened the import dialog');
    await settle(page);

    // ---- print layout: A4 landscape with title, legend, scale bar, north arrow, dates and sources; printed to PDF
    await page.locator('[data-testid="zoom-to-park"]').click();
    await settle(page);
    await page.locator('[data-testid="print-open"]').click();
    await page.locator('[data-testid="print-layout"][data-ready="true"]').waitFor({ timeout: 120_000 });
    const img = page.locator('[data-testid="print-map-image"]');
    const imgW = Number(await img.getAttribute('data-width'));
    const frameMm = Number(await page.evaluate(() => parseFloat(document.querySelector('.print-map').style.width)));
    const dpi = imgW / (frameMm / 25.4);
    assert(Math.abs(dpi - 300) < 2, `print map image ${imgW} px for ${frameMm} mm = ${dpi.toFixed(1)} dpi`);
    const legendText = await page.locator('[data-testid="print-legend"]').innerText();
    assert(legendText.includes('工业用地') && (await page.locator('[data-testid="print-scale"]').count()) === 1 && (await page.locator('[data-testid="print-north"]').count()) === 1, `legend: ${legendText.slice(0, 200)}`);
    // The legend has every layer the map draws (the park boundary too, which has no classes), top layer first.
    const drawnNow = (await mapState(page)).layers.filter((l) => l.visible && l.shownCount > 0).map((l) => l.id).reverse();
    const legendIds = await page.locator('[data-testid="print-legend-layer"]').evaluateAll((els) => els.map((e) => e.dataset.layerId));
    assert(JSON.stringify(legendIds) === JSON.stringify(drawnNow), `legend layers ${JSON.stringify(legendIds)}, drawn ${JSON.stringify(drawnNow)}`);
    const parkLayer = (await page.evaluate(() => window.__parkAtlas.layerSummary())).find((l) => l.kind === 'park');
    const parkEntry = await page.locator(`[data-testid="print-legend-layer"][data-layer-id="${parkLayer.id}"]`).innerText();
    assert(parkEntry.includes('园区边界'), `park boundary in the legend: ${JSON.stringify(parkEntry)}`);
    // The source line names the park's data, the files of the layers shown (not the hidden zones), the base map and who made it when.
    const manifestFile = JSON.parse(readFileSync(join(DIST, 'sample', 'index.json'), 'utf8'));
    const shownFiles = manifestFile.layers.filter((l) => drawnNow.includes(l.file.replace(/\.geojson$/, ''))).map((l) => l.file).sort();
    const sourceLine = await page.locator('[data-testid="print-source"]').innerText();
    const sourceMatch = /^数据来源：(.+) 园区数据（文件：(.+)）；底图：无$/.exec(sourceLine);
    assert(sourceMatch && sourceMatch[1] === manifestFile.name.zh && JSON.stringify(sourceMatch[2].split('、').sort()) === JSON.stringify(shownFiles), `source line ${JSON.stringify(sourceLine)}, files shown ${JSON.stringify(shownFiles)}`);
    const footText = await page.locator('.print-foot').innerText();
    const today = new Date().toLocaleDateString('sv-SE');
    assert(footText.includes(`制图：园区一张图 Park Atlas，${today}`) && footText.includes('坐标系：CGCS2000'), `foot: ${footText}`);
    const denominator = Number(await page.locator('[data-testid="print-scale"]').getAttribute('data-denominator'));
    await page.screenshot({ path: join(SHOTS, 'print-layout-screen.png') });
    // 100 dpi: the legend and source line are legible in the PNG (A4 landscape 1169 × 827 px); the map frame is the
    // left part of the sheet below the title.
    const a4 = await printedSheet(page, 'print-layout', [0.05, 0.2, 0.7, 0.8], 2);
    const size = a4.size;
    assert(Math.abs(size[0] - 841.89) < 2 && Math.abs(size[1] - 595.28) < 2 && a4.pages === 1, `PDF: ${a4.info}`);
    const raster = a4.raster;
    assert(Math.abs(raster.width - 1169) <= 1 && Math.abs(raster.height - 827) <= 1 && a4.colours > 40, `print raster ${raster.width}×${raster.height}, ${a4.colours} colours in the map frame`);
    notes.push(`print: A4 landscape PDF ${size[0]}×${size[1]} pt, map ${imgW} px (${dpi.toFixed(0)} dpi), 1:${denominator}; raster ${raster.width}×${raster.height}`);

    // ---- the same map as a 300 dpi PNG (A4 landscape: 3508 × 2480 px, resolution stated in the file)
    const png = await download(page, () => page.locator('[data-testid="print-png"]').click());
    const pngImage = decodePng(png.bytes);
    const dpiChunk = png.bytes.indexOf(Buffer.from('pHYs'));
    const ppm = dpiChunk > 0 ? png.bytes.readUInt32BE(dpiChunk + 4) : 0;
    assert(pngImage.width === 3508 && pngImage.height === 2480 && Math.round(ppm * 0.0254) === 300, `PNG ${pngImage.width}×${pngImage.height}, ${ppm} px/m`);
    writeFileSync(join(SHOTS, 'print-export-300dpi.png'), png.bytes);
    notes.push(`PNG ${pngImage.width}×${pngImage.height} at 300 dpi`);
    png.done();

    // ---- A3 portrait: the legend goes below the map; the PDF page is 842 × 1191 pt
    await page.locator('[data-testid="print-paper"]').selectOption('A3');
    await page.locator('[data-testid="print-orientation"]').selectOption('portrait');
    await page.locator('[data-testid="print-layout"][data-paper="A3"][data-orientation="portrait"][data-ready="true"]').waitFor({ timeout: 180_000 });
    const a3W = Number(await img.getAttribute('data-width'));
    const a3FrameMm = Number(await page.evaluate(() => parseFloat(document.querySelector('.print-map').style.width)));
    assert(Math.abs(a3W / (a3FrameMm / 25.4) - 300) < 2, `A3 map image ${a3W} px for ${a3FrameMm} mm`);
    const a3Legend = await page.locator('[data-testid="print-legend-layer"]').evaluateAll((els) => els.map((e) => e.dataset.layerId));
    assert(JSON.stringify(a3Legend) === JSON.stringify(drawnNow), `A3 legend layers ${JSON.stringify(a3Legend)}`);
    // The map frame is the upper part of a portrait sheet.
    const a3 = await printedSheet(page, 'print-layout-a3-portrait', [0.1, 0.1, 0.9, 0.6], 3);
    const a3Size = a3.size;
    assert(Math.abs(a3Size[0] - 842) < 2 && Math.abs(a3Size[1] - 1191) < 2 && a3.pages === 1, `A3 portrait PDF: ${a3.info}`);
    const a3Raster = a3.raster;
    assert(Math.abs(a3Raster.width - 1169) <= 1 && Math.abs(a3Raster.height - 1654) <= 1 && a3.colours > 40, `A3 raster ${a3Raster.width}×${a3Raster.height}, ${a3.colours} colours in the map frame`);
    notes.push(`print: A3 portrait PDF ${a3Size[0]}×${a3Size[1]} pt, map ${a3W} px; raster ${a3Raster.width}×${a3Raster.height}`);
    await page.locator('[data-testid="print-close"]').click();

    // ---- leave the browser as the next case expects it: no working copy, no decisions from this case
    await page.locator('[data-testid="project-menu"]').click();
    await page.locator('[data-testid="project-discard"]').click();
    await page.locator('[data-testid="project-discard-confirm"]').click();
    await page.waitForFunction((n) => window.__parkAtlas.evaluation()?.parcels.length === n, parcelCount, { timeout: 20_000 });
    await page.evaluate(() => new Promise((res, rej) => {
      const open = indexedDB.open('park-atlas');
      open.onerror = () => rej(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['decisions', 'working', 'workingLayers'], 'readwrite');
        tx.objectStore('decisions').clear();
        tx.objectStore('working').clear();
        tx.objectStore('workingLayers').clear();
        tx.oncomplete = () => { open.result.close(); res(); };
        tx.onerror = () => rej(tx.error);
      };
    }));
    saved.done();
    assertClean(seen);
    return notes.join('; ');
  });
}
