// End-to-end cases of the panels: inspector, attribute table (filter → map), park dashboard, language switch.
// Every figure on screen is compared with core's evaluation as the app holds it (window.__parkAtlas.evaluation()).
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SHOTS = join(ROOT, 'test-results/e2e');
const VIEWPORT = { width: 1280, height: 800 };

const zh1 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const zh2 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const en1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function parcelsFile() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist/sample/index.json'), 'utf8'));
  const entry = manifest.layers.find((l) => l.kind === 'parcel');
  return { id: entry.file.replace(/\.[^.]+$/, ''), fc: JSON.parse(readFileSync(join(ROOT, 'dist/sample', entry.file), 'utf8')) };
}

/** A point well inside a parcel: the mean of its outer ring's vertices (the sample's parcels are convex blocks). */
function insidePoint(feature) {
  const poly = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates[0];
  const ring = poly[0].slice(0, -1);
  return [0, 1].map((k) => ring.reduce((s, p) => s + p[k], 0) / ring.length);
}

export function register({ test, openPage, waitReady, assert, assertClean }) {
  mkdirSync(SHOTS, { recursive: true });

  // The profile is shared by all cases and remembers the language: open in Chinese, the default.
  async function openApp(ctx, app, query = '?lang=zh') {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(app + query, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.waitForTimeout(200);
    return { page, seen };
  }

  async function clickFeature(page, lonLat) {
    const [x, y] = await page.evaluate((c) => window.__parkAtlas.project(c), lonLat);
    const box = await page.locator('[data-testid="map"]').boundingBox();
    assert(x > 0 && y > 0 && x < box.width && y < box.height, `point ${lonLat} is off the map (${x}, ${y})`);
    await page.mouse.move(box.x + x - 4, box.y + y - 4);
    await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    await page.mouse.click(box.x + x, box.y + y);
  }

  test('inspector: clicking an idle parcel on the map shows core\'s figures', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const { id: layerId, fc } = parcelsFile();
    const target = fc.features.find((f) => f.id === 'RH-027'); // I11: halted, idle one year, fee (data/README.md)
    await clickFeature(page, insidePoint(target));
    const panel = page.locator('[data-testid="inspector"]');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    const shownId = await panel.getAttribute('data-feature-id');
    assert(shownId === 'RH-027', `inspector shows ${shownId}, expected RH-027`);
    assert((await panel.getAttribute('data-layer-id')) === layerId, 'inspector names the wrong layer');

    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const p = ev.parcels.find((x) => x.id === 'RH-027');
    const text = async (tid) => (await page.locator(`[data-testid="inspector"] [data-testid="${tid}"]`).innerText()).trim();
    const raw = async (tid) => page.locator(`[data-testid="inspector"] [data-testid="${tid}"]`).getAttribute('data-value');

    // Metrics: the value behind the text is core's, and the text is core's value in the unit.
    for (const k of ['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu', 'revenuePerMu']) {
      const v = await raw(`metric-${k}`);
      if (p[k] === null) assert((await text(`metric-${k}`)).startsWith('—'), `${k}: core has null, screen shows ${await text(`metric-${k}`)}`);
      else assert(Number(v) === p[k], `${k}: screen ${v}, core ${p[k]}`);
    }
    assert((await text('metric-investmentIntensity')).includes(`${zh1.format(p.investmentIntensity)} 万元/亩`), `intensity text ${await text('metric-investmentIntensity')}`);
    assert((await text('metric-plotRatio')) === zh2.format(p.plotRatio), `plot ratio text ${await text('metric-plotRatio')}`);
    assert((await text('metric-buildingCoverage')) === `${zh1.format(p.buildingCoverage * 100)}%`, `coverage text ${await text('metric-buildingCoverage')}`);
    assert((await text('metric-areaMu')) === `${zh2.format(p.areaMu)} 亩`, `area text ${await text('metric-areaMu')} vs ${p.areaMu}`);

    // Every rule check, with core's status.
    const checks = await page.locator('[data-testid="inspector-checks"] li').evaluateAll((lis) => lis.map((li) => ({ rule: li.dataset.rule, status: li.dataset.status, text: li.innerText })));
    assert(checks.length === p.checks.length, `${checks.length} checks shown, core has ${p.checks.length}`);
    p.checks.forEach((c, i) => {
      assert(checks[i].rule === c.rule && checks[i].status === c.status, `check ${c.rule}: screen ${JSON.stringify(checks[i])}, core ${c.status}`);
      assert(checks[i].text.includes(c.source.slice(0, 20)), `check ${c.rule} does not show its source`);
    });

    // The idle finding, as core states it.
    assert(p.idle.isIdle === true && p.idle.disposal === 'fee', `sample changed: RH-027 idle ${JSON.stringify(p.idle)}`);
    assert((await page.locator('[data-testid="idle-disposal"]').getAttribute('data-disposal')) === 'fee', 'disposal is not "fee"');
    assert((await text('idle-fee')) === `${zh2.format(p.idle.feeWan)} 万元`, `fee ${await text('idle-fee')} vs ${p.idle.feeWan}`);
    assert((await text('idle-years')) === `${p.idle.idleYears} 年`, `years ${await text('idle-years')}`);
    assert((await text('idle-since')) === p.idle.since, 'since differs');
    assert((await text('idle-idleOn')) === p.idle.idleOn && (await text('idle-reclaimOn')) === p.idle.reclaimOn, 'idleOn / reclaimOn differ');
    assert((await text('idle-clause')) === p.idle.clause, `clause ${await text('idle-clause')}`);
    // Unknown and known properties are listed as text.
    const props = await page.locator('[data-testid="inspector-properties"]').innerText();
    assert(props.includes(target.properties.enterprise), 'enterprise missing from the property list');

    // The map highlights the selection, and the table shows the row.
    const sel = await page.evaluate(() => window.__parkAtlas.mapState?.()?.selection ?? null);
    assert(sel === null || (sel.featureId === 'RH-027' && sel.layerId === layerId), `map selection ${JSON.stringify(sel)}`);
    const row = page.locator('[data-testid="table-row"][data-id="RH-027"]');
    await row.waitFor({ state: 'visible', timeout: 5000 });
    assert((await row.getAttribute('aria-selected')) === 'true', 'table row of the clicked parcel is not highlighted');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'inspector.png') });

    // A parcel with a missing input shows the dash and the reason.
    await page.locator('[data-testid="table-filter"]').fill('RH-127');
    await page.locator('[data-testid="table-row"][data-id="RH-127"]').click();
    await page.locator('[data-testid="inspector"][data-feature-id="RH-127"]').waitFor({ timeout: 5000 });
    const missing = await text('metric-investmentIntensity');
    assert(missing.startsWith('—') && missing.includes('缺少'), `missing intensity shows ${JSON.stringify(missing)}`);

    // Closing clears the selection.
    await page.locator('[data-testid="inspector-close"]').click();
    await page.locator('[data-testid="inspector"]').waitFor({ state: 'detached', timeout: 5000 });
    const after = await page.evaluate(() => window.__parkAtlas.mapState?.()?.selection ?? null);
    assert(after === null, `selection after close ${JSON.stringify(after)}`);
    assertClean(seen);
    return `RH-027: ${await page.evaluate(() => 1) && p.checks.length} checks, idle fee ${p.idle.feeWan} 万元; RH-127 intensity "${missing.replace(/\s+/g, ' ')}"`;
  });

  test('table: "投资强度 < 230" filters rows and the map; a row click selects on the map', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const { id: layerId } = parcelsFile();
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const expected = ev.parcels.filter((p) => p.investmentIntensity !== null && p.investmentIntensity < 230);
    const count = page.locator('[data-testid="table-count"]');
    const total = Number(await count.getAttribute('data-total'));
    assert(total === ev.parcels.length, `table lists ${total} parcels, core has ${ev.parcels.length}`);
    // Virtualised: far fewer rows in the DOM than in the layer.
    const rendered = await page.locator('[data-testid="table-row"]').count();
    assert(rendered < total && rendered > 0, `${rendered} rows rendered of ${total}`);

    await page.locator('[data-testid="table-filter"]').fill('投资强度 < 230');
    await page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.getAttribute('data-shown') === String(n), expected.length, { timeout: 5000 });
    const shownText = await count.innerText();
    assert(shownText.replace(/\s/g, '') === `${expected.length}/${total}`, `count reads ${shownText}`);
    const ids = await page.locator('[data-testid="table-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert(ids.every((id) => expected.some((p) => p.id === id)), `rows not in core's set: ${ids}`);

    // The map follows: only those parcels are drawn.
    await waitReady(page);
    const state = await page.evaluate((id) => window.__parkAtlas.mapState?.()?.layers.find((l) => l.id === id) ?? null, layerId);
    assert(state !== null, 'mapState() has no parcel layer');
    assert(state.filtered === true && state.shownCount === expected.length, `map draws ${state.shownCount} parcels (filtered ${state.filtered}), expected ${expected.length}`);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SHOTS, 'table.png') });

    // Sorting by intensity puts the lowest first.
    await page.locator('[data-testid="table-sort-investmentIntensity"]').click();
    const firstId = await page.locator('[data-testid="table-row"]').first().getAttribute('data-id');
    const lowest = [...expected].sort((a, b) => a.investmentIntensity - b.investmentIntensity)[0];
    assert(firstId === lowest.id, `sorted first row ${firstId}, lowest intensity is ${lowest.id}`);

    // A row click selects the feature on the map and opens the inspector.
    await page.locator('[data-testid="table-row"]').first().click();
    await page.locator(`[data-testid="inspector"][data-feature-id="${lowest.id}"]`).waitFor({ timeout: 5000 });
    const sel = await page.evaluate(() => window.__parkAtlas.mapState?.()?.selection ?? null);
    assert(sel && sel.featureId === lowest.id && sel.layerId === layerId, `map selection ${JSON.stringify(sel)}`);

    // More expressions, in both languages, each with core's count.
    const cases = [
      ['idle', ev.parcels.filter((p) => p.idle.isIdle === true).length],
      ['闲置', ev.parcels.filter((p) => p.idle.isIdle === true).length],
      ['≥ 300 亩', ev.parcels.filter((p) => p.areaMu !== null && p.areaMu >= 300).length],
      ['>= 300 mu', ev.parcels.filter((p) => p.areaMu !== null && p.areaMu >= 300).length],
      ['容积率 <= 1', ev.parcels.filter((p) => p.plotRatio !== null && p.plotRatio <= 1 + 1e-9).length],
      ['投资强度 < 230 且 闲置', ev.parcels.filter((p) => p.investmentIntensity !== null && p.investmentIntensity < 230 && p.idle.isIdle === true).length],
    ];
    const got = [];
    for (const [expr, n] of cases) {
      await page.locator('[data-testid="table-filter"]').fill(expr);
      await page.waitForFunction((m) => document.querySelector('[data-testid="table-count"]')?.getAttribute('data-shown') === String(m), n, { timeout: 5000 }).catch(() => {});
      const shown = Number(await count.getAttribute('data-shown'));
      assert(shown === n, `"${expr}": table shows ${shown}, core ${n}`);
      got.push(`${expr}→${n}`);
    }
    // An expression it cannot read says so, in words.
    await page.locator('[data-testid="table-filter"]').fill('投资强度 <');
    const error = await page.locator('[data-testid="table-filter-error"]').innerText({ timeout: 5000 });
    assert(error.includes('缺少数值'), `error message: ${error}`);
    await page.locator('[data-testid="table-filter"]').fill('');
    await page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.getAttribute('data-shown') === String(n), total, { timeout: 5000 });
    const cleared = await page.evaluate((id) => window.__parkAtlas.mapState?.()?.layers.find((l) => l.id === id) ?? null, layerId);
    assert(cleared.filtered === false && cleared.shownCount === total, 'map still filtered after clearing');
    assertClean(seen);
    return `投资强度 < 230 → ${expected.length} / ${total} (map ${state.shownCount}); ${got.join(', ')}; ${rendered} rows in DOM`;
  });

  test('dashboard: lazy-loaded, KPIs equal core\'s park figures', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const loadedBefore = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => /Dashboard/.test(r.name)));
    assert(!loadedBefore, 'the dashboard chunk was loaded before the dashboard was opened');
    await page.locator('[data-testid="toggle-dashboard"]').click();
    const dash = page.locator('[data-testid="dashboard"]:not(.dashboard-loading)');
    await dash.waitFor({ state: 'visible', timeout: 10_000 });
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const park = ev.parks[0];
    const num = async (tid) => Number(await page.locator(`[data-testid="${tid}"]`).getAttribute('data-value'));
    const txt = async (tid) => (await page.locator(`[data-testid="${tid}"]`).innerText()).replace(/\s+/g, ' ');
    assert((await num('kpi-area')) === park.areaM2, 'area differs from core');
    assert((await txt('kpi-area')).includes(`${zh1.format(park.areaMu)} 亩`), `area text ${await txt('kpi-area')} vs ${park.areaMu}`);
    assert((await txt('kpi-area')).includes('公顷'), 'area in 公顷 missing');
    assert((await num('kpi-parcels')) === park.parcelCount, 'parcel count differs');
    assert((await num('kpi-intensity')) === park.investmentIntensity, 'intensity differs');
    assert((await txt('kpi-intensity')).includes(zh1.format(park.investmentIntensity)), `intensity text ${await txt('kpi-intensity')}`);
    assert((await num('kpi-plotRatio')) === park.plotRatio, 'plot ratio differs');
    assert((await num('kpi-coverage')) === park.buildingCoverage, 'coverage differs');
    assert((await num('dash-leading')) === park.leadingIndustryShare, 'leading share differs');
    const leadCheck = park.checks.find((c) => c.rule === 'leadingIndustryShare');
    assert((await page.locator('[data-testid="dash-leading"]').getAttribute('data-status')) === leadCheck.status, 'leading-industry status differs');
    assert((await txt('dash-leading')).includes('70.0%'), 'the 70% target is not shown');
    assert((await num('dash-idle-count')) === park.idle.idleCount, `idle count ${await num('dash-idle-count')} vs ${park.idle.idleCount}`);
    assert((await num('dash-idle-fee')) === park.idle.feeWan, 'idle fees differ');
    for (const d of ['fee', 'reclaim', 'negotiate']) {
      const n = Number(await page.locator(`[data-testid="dash-idle-row-${d}"]`).getAttribute('data-count'));
      assert(n === park.idle.byDisposal[d].count, `idle ${d}: ${n} vs ${park.idle.byDisposal[d].count}`);
    }
    const relTotal = await txt('dash-relocation-total');
    const t = park.relocation.total;
    assert(relTotal.includes(String(t.villages)) && relTotal.includes(new Intl.NumberFormat('zh-CN').format(t.households)), `relocation total ${relTotal} vs ${JSON.stringify(t)}`);
    // The chart drew something.
    const inked = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="dash-landuse-chart"]');
      if (!c) return 0;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert(inked > 500, `land-use chart drew ${inked} pixels`);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png') });
    await page.locator('[data-testid="dash-relocation"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'dashboard-detail.png') });

    // A zone's scope shows that zone's figures.
    const zone = ev.zones.find((z) => z.zoneType === 'control') ?? ev.zones[0];
    await page.locator(`[data-testid="dash-scope-${zone.id}"]`).click();
    await page.locator(`[data-testid="dashboard"][data-scope="${zone.id}"]`).waitFor({ timeout: 5000 });
    assert((await num('kpi-area')) === zone.areaM2, 'zone area differs');
    const zoneLead = zone.checks.find((c) => c.rule === 'leadingIndustryShare');
    assert((await page.locator('[data-testid="dash-leading"]').getAttribute('data-status')) === zoneLead.status, 'zone leading status differs');
    await page.locator('[data-testid="dashboard-close"]').click();
    await dash.waitFor({ state: 'detached', timeout: 5000 });
    assertClean(seen);
    return `park ${park.id}: ${zh1.format(park.areaMu)} 亩, ${park.parcelCount} parcels, intensity ${zh1.format(park.investmentIntensity)}, idle ${park.idle.idleCount}; zone ${zone.id} leading ${zoneLead.status}`;
  });

  test('language: panels switch to English and back', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    await page.locator('[data-testid="table-filter"]').fill('idle');
    await page.locator('[data-testid="table-row"][data-id="RH-035"]').click();
    await page.locator('[data-testid="inspector"][data-feature-id="RH-035"]').waitFor({ timeout: 5000 });
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const p = ev.parcels.find((x) => x.id === 'RH-035');
    await page.locator('[data-testid="lang-en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const panel = await page.locator('[data-testid="inspector"]').innerText();
    assert(panel.includes('Investment intensity') && panel.includes('Idle-land finding') && panel.includes('Reclaim without compensation'), `inspector not in English: ${panel.slice(0, 300)}`);
    assert(panel.includes(`${en1.format(p.investmentIntensity)} 10k CNY/mu`), `intensity not formatted for English (${en1.format(p.investmentIntensity)})`);
    const leftover = ['闲置土地认定', '规则检查', '处置方式', '全部属性', '实际值'].filter((w) => panel.includes(w));
    assert(leftover.length === 0, `Chinese labels left in the English inspector: ${leftover}`);
    const table = await page.locator('[data-testid="attribute-table"]').innerText();
    assert(table.includes('Filtered: idle') && table.includes('Area (mu)'), `table not in English: ${table.slice(0, 200)}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'english.png') });
    await page.locator('[data-testid="toggle-dashboard"]').click();
    await page.locator('[data-testid="dashboard"]:not(.dashboard-loading)').waitFor({ timeout: 10_000 });
    const dash = await page.locator('[data-testid="dashboard"]').innerText();
    assert(dash.includes('Park dashboard') && dash.includes('Total area') && dash.includes('Village relocation'), `dashboard not in English: ${dash.slice(0, 200)}`);
    await page.screenshot({ path: join(SHOTS, 'english-dashboard.png') });
    await page.locator('[data-testid="lang-zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const back = await page.locator('[data-testid="dashboard"]').innerText();
    assert(back.includes('园区看板') && back.includes('总面积'), 'dashboard did not switch back to Chinese');
    await page.locator('[data-testid="dashboard-close"]').click();
    const panelZh = await page.locator('[data-testid="inspector"]').innerText();
    assert(panelZh.includes('投资强度') && panelZh.includes('无偿收回'), 'inspector did not switch back to Chinese');
    assertClean(seen);
    return 'zh → en → zh: inspector, table and dashboard follow';
  });
}
