// End-to-end cases of meeting mode (issue 8): the default deck on the sample park, stepped through with the
// keyboard at 1920×1080, every slide's title and KPI figures checked against core's evaluation as the app holds it
// (window.__parkAtlas.evaluation()), type size on the projector, the 3D view, the relocation year slider, the deck
// editor (stored in localStorage), the park chooser on a two-park project, the portable deck opened from file://
// with no request, and its PDF export. The conflicts slide is checked against `park-atlas conflicts` on the sample
// (the CLI: core's overlay in Node): its figures, and its map drawing the conflict polygons (`--geojson`), live and
// portable, read through the presentation map's hooks (window.__parkAtlasDeck, src/ui/present/testHooks.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SHOTS = join(ROOT, 'test-results/e2e');
const PORTABLE = resolve(process.env.PORTABLE_DIST ?? join(ROOT, 'dist-portable'));
const FULL_HD = { width: 1920, height: 1080 };
const PRESENT = '[data-testid="presentation"]';
const MIN_TYPE_PX = 28;

/** `park-atlas conflicts FILES [--geojson]` (the CLI: core's overlay in Node), parsed. */
function cli(files, geojson = false) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/park-atlas.mjs'), 'conflicts', ...files, ...(geojson ? ['--geojson'] : [])], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`park-atlas conflicts failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** `park-atlas conflicts` on the sample park's files: the totals (m²) per type the conflicts slide must show. */
let cliConflicts = null;
function conflictTotals() {
  if (cliConflicts) return cliConflicts;
  const dir = join(ROOT, 'data/sample');
  const files = readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort().map((f) => join(dir, f));
  const json = cli(files);
  // The polygons the slide's map must draw: `--geojson`, one feature per conflict, `type` in its properties.
  const polygons = cli(files, true);
  const countByType = {};
  for (const f of polygons.features) countByType[f.properties.type] = (countByType[f.properties.type] ?? 0) + 1;
  cliConflicts = { totals: json.totals, count: json.conflicts.length, polygons: polygons.features.length, countByType, ids: polygons.features.map((f) => f.id) };
  return cliConflicts;
}

const zh = (digits) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mu = (m2) => m2 * 0.0015;

/** The default deck, as issue 8 §2 orders it, and the figures each slide shows. */
const DEFAULT_SLIDES = [
  { kind: 'overview', figures: ['area', 'parcelCount', 'leadingIndustryShare', 'builtCoverage'] },
  { kind: 'zones', figures: ['area', 'area', 'area', 'area'] },
  { kind: 'landUse', figures: ['parcelArea', 'industrialArea', 'leadingIndustryShare'], chart: 'landUse' },
  { kind: 'efficiency', figures: ['investmentIntensity', 'intensityFailCount', 'plotRatio', 'buildingCoverage'] },
  { kind: 'idle', figures: ['idleCount', 'idleArea', 'idleFee', 'reclaimCount'], chart: 'idleByDisposal' },
  { kind: 'relocation', figures: ['villagesDone', 'peopleMoved', 'unitsDone', 'landFreed'] },
  { kind: 'conflicts', figures: ['conflictArea.basic_farmland', 'conflictArea.eco_red_line', 'conflictArea.outside_construction_zone', 'conflictArea.landuse_mismatch'], chart: 'conflictsByType' },
  { kind: 'largeProjects', figures: ['largeProjectCount', 'largeProjectArea', 'parcelArea'] },
];

/**
 * What a KPI must show, read straight from the evaluation JSON (independently of src/core/deck): the value, and
 * its text as the slide writes it (zh), or null for a figure with no value.
 */
function expected(ev, figure, scopeId, cliTotals = null) {
  const scope = ev.parks.find((p) => p.id === scopeId) ?? ev.zones.find((z) => z.id === scopeId);
  const pct = (v) => `${zh(1).format(v * 100)}%`;
  const n0 = (v, unit) => `${zh(0).format(v)}${unit}`;
  const n1 = (v, unit) => `${zh(1).format(v)}${unit}`;
  const done = scope?.relocation.byStatus.done;
  switch (figure) {
    case 'area': return { value: scope.areaMu, text: n0(scope.areaMu, '亩') };
    case 'parcelCount': return { value: scope.parcelCount, text: n0(scope.parcelCount, '宗') };
    case 'parcelArea': return { value: mu(scope.parcelAreaM2), text: n0(mu(scope.parcelAreaM2), '亩') };
    case 'industrialArea': return { value: mu(scope.industrialAreaM2), text: n0(mu(scope.industrialAreaM2), '亩') };
    case 'leadingIndustryShare': return { value: scope.leadingIndustryShare, text: pct(scope.leadingIndustryShare) };
    case 'builtCoverage': return { value: scope.builtCoverage, text: pct(scope.builtCoverage) };
    case 'investmentIntensity': return { value: scope.investmentIntensity, text: n1(scope.investmentIntensity, '万元/亩') };
    case 'intensityFailCount': {
      const n = ev.parcels.filter((p) => p.park === scope.id && p.flags.some((f) => f.rule === 'investmentIntensity')).length;
      return { value: n, text: n0(n, '宗') };
    }
    case 'plotRatio': return { value: scope.plotRatio, text: zh(2).format(scope.plotRatio) };
    case 'buildingCoverage': return { value: scope.buildingCoverage, text: pct(scope.buildingCoverage) };
    case 'idleCount': return { value: scope.idle.idleCount, text: n0(scope.idle.idleCount, '宗') };
    case 'idleArea': return { value: scope.idle.idleAreaMu, text: n1(scope.idle.idleAreaMu, '亩') };
    case 'idleFee': return { value: scope.idle.feeWan, text: n1(scope.idle.feeWan, '万元') };
    case 'reclaimCount': return { value: scope.idle.byDisposal.reclaim.count, text: n0(scope.idle.byDisposal.reclaim.count, '宗') };
    case 'villagesDone': return { value: done.villages, text: n0(done.villages, '个') };
    case 'peopleMoved': return { value: done.population, text: n0(done.population, '人') };
    case 'unitsDone': return { value: done.resettlementUnits, text: n0(done.resettlementUnits, '套') };
    case 'landFreed': return { value: done.areaMu, text: n1(done.areaMu, '亩') };
    case 'largeProjectCount': return { value: scope.largeProjects.count, text: n0(scope.largeProjects.count, '宗') };
    case 'largeProjectArea': return { value: mu(scope.largeProjects.areaM2), text: n1(mu(scope.largeProjects.areaM2), '亩') };
    default:
      // Conflicts: the 五规合一 check runs when the deck is shown (the app's worker; the portable deck has them
      // inlined at build time) and must equal the CLI's totals for the same files.
      if (figure.startsWith('conflictArea.')) {
        const m2 = (cliTotals ?? conflictTotals().totals)[figure.slice('conflictArea.'.length)];
        return { value: mu(m2), text: n1(mu(m2), '亩'), approx: true };
      }
      throw new Error(`no expectation for ${figure}`);
  }
}

/** The title each default slide must carry (zh), from the evaluation (of the deck's park, default the first). */
function expectedTitle(kind, ev, park = ev.parks[0]) {
  const intensity = ev.parcels.find((p) => p.park === park.id && p.checks.some((c) => c.rule === 'investmentIntensity' && c.threshold !== null))
    ?.checks.find((c) => c.rule === 'investmentIntensity');
  return {
    overview: `${park.name} · 园区概况`,
    zones: '功能分区：建成区 · 发展区 · 控制区',
    landUse: '用地结构',
    efficiency: `投资强度：控制值 ≥ ${intensity.threshold} 万元/亩`,
    idle: '闲置土地处置',
    relocation: '村庄迁并进度',
    conflicts: '五规合一：规划冲突',
    largeProjects: '300 亩以上项目',
  }[kind];
}

/** A village's state in a year, as issue 8 §4 defines it from its status and target year (see core/deck/relocation). */
function villageState(v, year, reviewYear) {
  if (v.status === null || v.targetYear === null) return v.status === 'done' && year >= reviewYear ? 'done' : 'unknown';
  if (v.status === 'done') return year >= Math.min(v.targetYear, reviewYear) ? 'done' : 'in_progress';
  if (v.targetYear < year) return 'overdue';
  if (v.targetYear === year) return 'due';
  return v.status;
}

/**
 * A project of two parks, built from the sample (as test/unit/deck-parks.test.ts builds its own): the sample park and
 * a copy 0.06° east (wider than the park) as a county park, ids prefixed `Q-`, with every third parcel and every
 * other village of the copy left out, so that its figures differ from the first park's. Written to a folder (the
 * CLI reads the files from there; the page gets them through page.route).
 */
const SECOND_PARK = { id: 'Q-PARK-RH', name: '第二园区（测试）' };
function twoParkProject() {
  const dir = mkdtempSync(join(tmpdir(), 'park-atlas-two-parks-'));
  const shift = (c) => (typeof c[0] === 'number' ? [c[0] + 0.06, c[1]] : c.map(shift));
  const files = [];
  for (const [file, keep] of [['park.geojson', () => true], ['zones.geojson', () => true], ['parcels.geojson', (_, i) => i % 3 !== 0], ['relocation.geojson', (_, i) => i % 2 === 0]]) {
    const fc = JSON.parse(readFileSync(join(ROOT, 'data/sample', file), 'utf8'));
    const copies = fc.features.filter(keep).map((f) => {
      const id = `Q-${String(f.id ?? f.properties.id)}`;
      const properties = { ...f.properties, id };
      if ('park' in properties) properties.park = SECOND_PARK.id;
      if (file === 'park.geojson') Object.assign(properties, { name: SECOND_PARK.name, parkClass: 'county' });
      return { ...f, id, properties, geometry: { ...f.geometry, coordinates: shift(f.geometry.coordinates) } };
    });
    if (file === 'park.geojson' && copies[0].id !== SECOND_PARK.id) throw new Error(`the sample park's id is not PARK-RH: ${copies[0].id}`);
    const name = `two-parks-${file}`;
    writeFileSync(join(dir, name), JSON.stringify({ ...fc, features: [...fc.features, ...copies] }));
    files.push(name);
  }
  return { dir, files };
}

/** Visible text smaller than the projector minimum, inside the presentation (canvas labels are checked by size props). */
const smallText = (page) =>
  page.evaluate((min) => {
    const root = document.querySelector('[data-testid="presentation"]');
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const r = el.getBoundingClientRect();
      const css = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || css.visibility === 'hidden' || css.display === 'none') continue;
      const px = parseFloat(css.fontSize);
      if (px < min - 0.05) out.push(`${text.slice(0, 40)} (${px}px)`);
    }
    return out;
  }, MIN_TYPE_PX);

export function register({ test, openPage, waitReady, assert, assertClean }) {
  mkdirSync(SHOTS, { recursive: true });

  const slideReady = (page, n, timeout = 30_000) =>
    page.waitForSelector(`${PRESENT}[data-slide="${n}"][data-slide-ready="true"]`, { timeout, state: 'attached' });
  /** Slide n drawn; the conflicts slide also waits for its check (started with the deck) and is drawn again. */
  const slideAndFiguresReady = async (page, n, kind) => {
    await slideReady(page, n);
    if (kind !== 'conflicts') return;
    await page.waitForSelector(`${PRESENT}[data-conflicts="ready"]`, { timeout: 60_000, state: 'attached' });
    await slideReady(page, n);
  };

  async function openApp(ctx, app) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(FULL_HD);
    // A clean deck: an earlier case may have stored an edited one in this profile.
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parkAtlas.deck.')).forEach((k) => localStorage.removeItem(k)));
    await waitReady(page);
    return { page, seen };
  }

  /** The conflicts chart: one bar per type, each the CLI's total in 亩. */
  async function checkConflictChart(chart, where) {
    const note = await chart.getAttribute('data-note');
    assert(note === null, `${where}: conflict chart says ${note}`);
    const values = JSON.parse(await chart.getAttribute('data-values'));
    const { totals } = conflictTotals();
    const cli = Object.values(totals).map(mu);
    assert(values.length === cli.length && values.every((v, i) => Math.abs(v - cli[i]) <= 1e-9 * Math.max(1, cli[i])), `${where}: conflict chart ${values} vs CLI ${cli}`);
  }

  /**
   * The conflicts slide's map draws the conflict polygons: one layer of kind `conflict` on the presentation's map,
   * shown, above every plan (and every other layer), with as many features as the CLI's `--geojson` and as many of
   * each type; the slide's legend has one hatched entry per type drawn, in the map's colour for it, and the chart's
   * bars use the same colours. `mainMap`: the review map's conflict layer (the 五规合一 panel's), whose colours the
   * slide must repeat; null in the portable deck (no review map there).
   */
  async function checkConflictLayer(page, where, mainMap) {
    const want = conflictTotals();
    const state = await page.evaluate(() => window.__parkAtlasDeck?.mapState() ?? null);
    assert(state !== null, `${where}: no window.__parkAtlasDeck (presentation map hooks)`);
    const layers = state.layers;
    const at = layers.findIndex((l) => l.kind === 'conflict');
    assert(at >= 0, `${where}: no conflict layer on the slide's map: ${layers.map((l) => `${l.kind}:${l.id}`).join(' ')}`);
    const layer = layers[at];
    assert(layer.visible, `${where}: conflict layer hidden`);
    assert(layer.featureCount === want.polygons && layer.shownCount === want.polygons, `${where}: conflict layer has ${layer.featureCount} features (${layer.shownCount} shown), CLI --geojson ${want.polygons}`);
    const lastPlan = layers.reduce((m, l, i) => (l.kind === 'plan' && l.visible ? i : m), -1);
    assert(lastPlan >= 0 && at > lastPlan, `${where}: conflicts drawn at ${at}, plans up to ${lastPlan}`);
    const over = layers.slice(at + 1).filter((l) => l.visible);
    assert(over.length === 0, `${where}: drawn over the conflicts: ${over.map((l) => l.id).join(', ')}`);
    for (const e of layer.legend) {
      assert(e.count === (want.countByType[e.value] ?? 0), `${where}: ${e.value} ${e.count} polygons drawn, CLI ${want.countByType[e.value] ?? 0}`);
    }
    const drawnTypes = layer.legend.filter((e) => e.count > 0);
    if (mainMap) {
      for (const e of drawnTypes) {
        const m = mainMap.legend.find((x) => x.value === e.value);
        assert(m && m.line.join() === e.line.join() && m.fill.join() === e.fill.join(), `${where}: ${e.value} drawn ${e.line}/${e.fill}, review map ${m?.line}/${m?.fill}`);
      }
    }
    const items = await page.locator(`${PRESENT} [data-testid="present-legend-item"][data-kind="conflict"]`).evaluateAll((li) => li.map((x) => ({ value: x.dataset.value, line: x.dataset.line, count: Number(x.dataset.count) })));
    assert(items.length === drawnTypes.length && items.length === Object.keys(want.countByType).length, `${where}: legend lists ${items.map((i) => i.value)}, map draws ${drawnTypes.map((e) => e.value)}, CLI types ${Object.keys(want.countByType)}`);
    for (const e of drawnTypes) {
      const it = items.find((x) => x.value === e.value);
      assert(it && it.line === e.line.slice(0, 3).join(','), `${where}: legend ${e.value} colour ${it?.line}, map ${e.line}`);
    }
    const chart = page.locator(`${PRESENT} [data-testid="present-chart"]`);
    const codes = JSON.parse(await chart.getAttribute('data-codes'));
    const colours = JSON.parse(await chart.getAttribute('data-colours'));
    for (const e of drawnTypes) {
      const c = colours[codes.indexOf(e.value)];
      assert(c === `rgb(${e.line[0]}, ${e.line[1]}, ${e.line[2]})`, `${where}: chart bar ${e.value} ${c}, map ${e.line}`);
    }
    return `${layer.featureCount} conflict polygons over ${layers.filter((l) => l.kind === 'plan' && l.visible).length} plans (${drawnTypes.map((e) => `${e.value} ${e.count}`).join(', ')})`;
  }

  async function kpisOnScreen(page) {
    return page.locator(`${PRESENT} [data-testid="present-kpi"]`).evaluateAll((cards) =>
      cards.map((c) => ({
        figure: c.dataset.figure, scope: c.dataset.scope, value: c.dataset.value === undefined ? null : Number(c.dataset.value),
        note: c.dataset.note ?? null, check: c.dataset.check ?? null,
        number: c.querySelector('[data-testid="present-kpi-number"]').textContent.trim(),
        unit: c.querySelector('.present-kpi-unit')?.textContent.trim() ?? '',
      })),
    );
  }

  test('present: the default deck, keyboard through every slide, figures = core, type ≥ 28 px at 1920×1080', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const park = ev.parks[0];
    await page.locator('[data-testid="present-start"]').click();
    await page.locator(PRESENT).waitFor({ state: 'attached', timeout: 30_000 });
    // No check has run in this page: showing the deck starts one (never "not computed" while it runs).
    const firstState = await page.locator(PRESENT).getAttribute('data-conflicts');
    assert(firstState === 'computing' || firstState === 'ready', `conflicts state on entering: ${firstState}`);
    await slideReady(page, 1, 60_000);
    const count = Number(await page.locator(PRESENT).getAttribute('data-slide-count'));
    assert(count === DEFAULT_SLIDES.length, `deck has ${count} slides, expected ${DEFAULT_SLIDES.length}`);
    // The app's own map is still there; the presentation draws on its own (tiltable) map.
    assert((await page.locator('[data-testid="present-map"]').count()) === 1, 'presentation map missing');

    const keys = ['ArrowRight', ' ', 'PageDown'];
    const report = [];
    let conflictNote = '';
    for (let i = 0; i < DEFAULT_SLIDES.length; i++) {
      const want = DEFAULT_SLIDES[i];
      const n = i + 1;
      await slideAndFiguresReady(page, n, want.kind);
      await page.waitForTimeout(250);
      if (want.kind === 'conflicts') {
        await slideReady(page, n);
        // The review map under the presentation got the same check's polygons (the 五规合一 panel's layer).
        const main = (await page.evaluate(() => window.__parkAtlas.mapState()))?.layers.find((l) => l.kind === 'conflict') ?? null;
        assert(main !== null, 'the review map has no conflict layer after the check');
        conflictNote = await checkConflictLayer(page, `slide ${n}`, main);
      }
      const kind = await page.locator(PRESENT).getAttribute('data-slide-kind');
      assert(kind === want.kind, `slide ${n} is ${kind}, expected ${want.kind}`);
      const title = (await page.locator('[data-testid="present-title"]').innerText()).trim();
      assert(title === expectedTitle(kind, ev), `slide ${n} title "${title}", expected "${expectedTitle(kind, ev)}"`);

      const kpis = await kpisOnScreen(page);
      assert(kpis.length === want.figures.length, `slide ${n}: ${kpis.length} KPI cards, expected ${want.figures.length}`);
      kpis.forEach((k, j) => {
        assert(k.figure === want.figures[j], `slide ${n} card ${j + 1}: figure ${k.figure}, expected ${want.figures[j]}`);
        const e = expected(ev, k.figure, k.scope || park.id);
        if (e.value === null) {
          assert(k.value === null && k.note === e.note && k.number === e.text, `slide ${n} ${k.figure}: shows ${JSON.stringify(k)}, expected "${e.text}"`);
          return;
        }
        const same = e.approx ? Math.abs(k.value - e.value) <= 1e-9 * Math.max(1, Math.abs(e.value)) : k.value === e.value;
        assert(same, `slide ${n} ${k.figure}${k.scope ? `@${k.scope}` : ''}: screen value ${k.value}, core ${e.value}`);
        const shown = `${k.number}${k.unit}`;
        assert(shown === e.text, `slide ${n} ${k.figure}: screen "${shown}", expected "${e.text}"`);
      });
      if (kind === 'zones') {
        const scopes = kpis.map((k) => k.scope);
        const zoneIds = ev.zones.filter((z) => z.park === park.id).map((z) => z.id);
        assert(scopes[0] === park.id && zoneIds.every((z) => scopes.includes(z)), `zone cards cover ${scopes}, zones ${zoneIds}`);
      }
      if (kind === 'efficiency') {
        const intensity = kpis.find((k) => k.figure === 'investmentIntensity');
        const pass = park.investmentIntensity >= 230;
        assert(intensity.check === (pass ? 'pass' : 'fail'), `intensity check ${intensity.check} for ${park.investmentIntensity}`);
        const root = page.locator(PRESENT);
        assert((await root.getAttribute('data-extruded')) === 'true', 'efficiency slide is not in 3D');
        const pitch = Number(await root.getAttribute('data-pitch'));
        assert(pitch > 40, `efficiency slide pitch ${pitch}°`);
        await page.screenshot({ path: join(SHOTS, 'present-3d.png') });
      }
      if (want.chart) {
        const chart = page.locator(`${PRESENT} [data-testid="present-chart"]`);
        assert((await chart.count()) === 1, `slide ${n}: chart missing`);
        if (want.chart === 'landUse') {
          const values = JSON.parse(await chart.getAttribute('data-values'));
          const core = Object.values(park.landUseAreaM2).filter((a) => a > 0).map(mu);
          assert(values.length === core.length && values.every((v) => core.includes(v)), `land-use chart ${values} vs core ${core}`);
        }
        if (want.chart === 'idleByDisposal') {
          const values = JSON.parse(await chart.getAttribute('data-values'));
          const core = [park.idle.byDisposal.reclaim.areaMu, park.idle.byDisposal.fee.areaMu, park.idle.byDisposal.negotiate.areaMu, mu(park.idle.approachingAreaM2)];
          assert(JSON.stringify(values) === JSON.stringify(core), `idle chart ${values} vs core ${core}`);
        }
        if (want.chart === 'conflictsByType') await checkConflictChart(chart, `slide ${n}`);
      }
      const small = await smallText(page);
      assert(small.length === 0, `slide ${n}: text below ${MIN_TYPE_PX}px: ${small.slice(0, 6).join('; ')}`);
      await page.screenshot({ path: join(SHOTS, `present-slide-${n}-${kind}.png`) });
      report.push(`${n} ${kind}`);
      if (i < DEFAULT_SLIDES.length - 1) await page.keyboard.press(keys[i % keys.length]);
    }
    // Past the last slide nothing moves; back with ← and PageUp; a number and Enter jumps.
    await page.keyboard.press('ArrowRight');
    await slideReady(page, DEFAULT_SLIDES.length);
    await page.keyboard.press('ArrowLeft');
    await slideReady(page, DEFAULT_SLIDES.length - 1);
    await page.keyboard.press('PageUp');
    await slideReady(page, DEFAULT_SLIDES.length - 2);
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await slideReady(page, 3);
    await page.keyboard.press('Home');
    await slideReady(page, 1);
    // Esc leaves: the presentation is gone and the review map is there again.
    await page.keyboard.press('Escape');
    await page.locator(PRESENT).waitFor({ state: 'detached', timeout: 10_000 });
    await waitReady(page);
    assertClean(seen);
    return `${report.join(', ')}; park ${park.areaMu.toFixed(1)} 亩, intensity ${park.investmentIntensity.toFixed(1)}; ${conflictNote}`;
  });

  test('present: village relocation by year (slider and ↑ ↓), per village', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const reviewYear = Number(ev.reviewDate.slice(0, 4));
    await page.locator('[data-testid="present-start"]').click();
    const n = DEFAULT_SLIDES.findIndex((s) => s.kind === 'relocation') + 1;
    await slideReady(page, 1, 60_000);
    await page.keyboard.press(String(n));
    await page.keyboard.press('Enter');
    await slideReady(page, n);
    const band = page.locator('[data-testid="present-relocation"]');
    assert(Number(await band.getAttribute('data-year')) === reviewYear, `year starts at ${await band.getAttribute('data-year')}, review year ${reviewYear}`);
    const check = async (year) => {
      await page.waitForSelector(`[data-testid="present-relocation"][data-year="${year}"]`, { timeout: 5000 });
      const rows = await page.locator('[data-testid="present-village"]').evaluateAll((trs) => trs.map((r) => ({ id: r.dataset.id, state: r.dataset.state })));
      const villages = ev.relocation.villages;
      assert(rows.length === villages.length, `${rows.length} village rows, core has ${villages.length}`);
      for (const r of rows) {
        const v = villages.find((x) => x.id === r.id);
        const want = villageState(v, year, reviewYear);
        assert(r.state === want, `${year} ${r.id} (${v.status}, target ${v.targetYear}): shows ${r.state}, expected ${want}`);
      }
      const done = rows.filter((r) => r.state === 'done').length;
      const summary = page.locator('[data-testid="present-year-summary"]');
      assert(Number(await summary.getAttribute('data-done')) === done, `summary done ${await summary.getAttribute('data-done')} vs rows ${done}`);
      const scheduled = villages.filter((v) => v.targetYear !== null && v.targetYear <= year).length;
      assert(Number(await summary.getAttribute('data-scheduled')) === scheduled, `scheduled ${await summary.getAttribute('data-scheduled')} vs ${scheduled}`);
      await slideReady(page, n);
      return rows.map((r) => r.state[0]).join('');
    };
    const states = [await check(reviewYear)];
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
    states.push(await check(reviewYear - 7));
    await page.locator('[data-testid="present-year"]').fill(String(reviewYear + 1));
    states.push(await check(reviewYear + 1));
    await page.screenshot({ path: join(SHOTS, 'present-relocation-year.png') });
    // One village: its row focuses it, and the cards become that village's figures.
    const village = ev.relocation.villages.find((v) => v.status === 'in_progress') ?? ev.relocation.villages[0];
    await page.locator(`[data-testid="present-village"][data-id="${village.id}"]`).click();
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="present-kpi"]')].every((c) => c.dataset.scope === id), village.id, { timeout: 5000 });
    await slideReady(page, n);
    const kpis = await kpisOnScreen(page);
    const byFigure = Object.fromEntries(kpis.map((k) => [k.figure, k.value]));
    assert(byFigure['village.households'] === village.households && byFigure['village.population'] === village.population
      && byFigure['village.units'] === village.resettlementUnits && byFigure['village.landFreed'] === village.areaMu,
    `village ${village.id} cards ${JSON.stringify(byFigure)} vs core ${JSON.stringify(village)}`);
    await page.screenshot({ path: join(SHOTS, 'present-village.png') });
    const small = await smallText(page);
    assert(small.length === 0, `text below ${MIN_TYPE_PX}px: ${small.slice(0, 6).join('; ')}`);
    await page.keyboard.press('Escape');
    await page.locator(PRESENT).waitFor({ state: 'detached', timeout: 10_000 });
    assertClean(seen);
    return `states ${states.join(' / ')} (${reviewYear}, ${reviewYear - 7}, ${reviewYear + 1}); ${village.id} focused`;
  });

  test('present: deck editor — add the current view, retitle, reorder, notes; kept in localStorage', async ({ ctx, app }) => {
    const { page, seen } = await openApp(ctx, app);
    await page.locator('[data-testid="toggle-deck"]').click();
    const editor = page.locator('[data-testid="deck-editor"]');
    await editor.waitFor({ state: 'visible', timeout: 10_000 });
    const slides = editor.locator('[data-testid="deck-slide"]');
    assert((await slides.count()) === DEFAULT_SLIDES.length, `editor lists ${await slides.count()} slides`);
    await editor.locator('[data-testid="deck-add-view"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="deck-slide"]').length === n, DEFAULT_SLIDES.length + 1);
    const last = slides.nth(DEFAULT_SLIDES.length);
    assert((await last.getAttribute('data-kind')) === 'custom', 'added slide is not a view slide');
    await last.locator('[data-testid="deck-slide-title"]').fill('会议讨论：东区');
    await last.locator('[data-testid="deck-slide-notes"]').fill('请国土局说明闲置地块处置进度。');
    await last.locator('[data-testid="deck-slide-up"]').click();
    await page.screenshot({ path: join(SHOTS, 'present-deck-editor.png') });
    const order = await slides.evaluateAll((li) => li.map((x) => x.dataset.kind));
    assert(order[DEFAULT_SLIDES.length - 1] === 'custom' && order[DEFAULT_SLIDES.length] === 'largeProjects', `order after move: ${order}`);
    // Stored: the reloaded page has the same deck.
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('parkAtlas.deck.v1:')));
    assert(stored.length === 1, `decks stored: ${stored.map(([k]) => k)}`);
    const deck = JSON.parse(stored[0][1]);
    const custom = deck.slides.find((s) => s.kind === 'custom');
    assert(custom.title.zh === '会议讨论：东区' && custom.notes === '请国土局说明闲置地块处置进度。', `stored slide ${JSON.stringify(custom.title)} ${custom.notes}`);
    assert(custom.map.camera.type === 'view' && custom.map.layers.ids.length > 0, `stored view ${JSON.stringify(custom.map)}`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="present-start"]').click();
    const at = DEFAULT_SLIDES.length; // 1-based position of the moved view slide
    await slideReady(page, 1, 60_000);
    await page.keyboard.press(String(at));
    await page.keyboard.press('Enter');
    await slideReady(page, at);
    const title = (await page.locator('[data-testid="present-title"]').innerText()).trim();
    assert(title === '会议讨论：东区', `slide ${at} title ${title}`);
    await page.keyboard.press('n');
    const notes = await page.locator('[data-testid="present-notes"]').innerText();
    assert(notes.includes('请国土局说明闲置地块处置进度。'), `notes shown: ${notes}`);
    await page.screenshot({ path: join(SHOTS, 'present-custom-notes.png') });
    await page.keyboard.press('Escape');
    await page.locator(PRESENT).waitFor({ state: 'detached', timeout: 10_000 });
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parkAtlas.deck.')).forEach((k) => localStorage.removeItem(k)));
    assertClean(seen);
    return `custom slide stored at ${at}: "${title}"`;
  });

  test('present: park chooser — two parks, the second park\'s deck, its titles and figures = core', async ({ ctx, app }) => {
    const { dir, files } = twoParkProject();
    try {
      const { page, seen } = await openPage(ctx);
      await page.setViewportSize(FULL_HD);
      // The layers come from the app's own origin (?layers=), answered here from the folder the CLI reads too.
      const base = `${app}e2e-two-parks/`;
      await page.route(`${base}*`, (route) => {
        const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop());
        if (!files.includes(name)) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({ status: 200, contentType: 'application/geo+json; charset=utf-8', body: readFileSync(join(dir, name)) });
      });
      await page.goto(`${app}?lang=zh&layers=${files.map((f) => base + f).join(',')}`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parkAtlas.deck.')).forEach((k) => localStorage.removeItem(k)));
      await waitReady(page);
      const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
      assert(ev.parks.length === 2, `the project has ${ev.parks.length} parks: ${ev.parks.map((p) => p.id)}`);
      const [first, park] = [ev.parks.find((p) => p.id !== SECOND_PARK.id), ev.parks.find((p) => p.id === SECOND_PARK.id)];
      assert(park && park.name === SECOND_PARK.name && park.parkClass === 'county', `second park: ${JSON.stringify(park && { id: park.id, name: park.name, parkClass: park.parkClass })}`);
      // The copy must tell the parks apart, or a deck left on the first park would pass.
      assert(park.parcelCount !== first.parcelCount && park.areaMu > 0 && park.relocation.byStatus.done.population !== first.relocation.byStatus.done.population,
        `the two parks' figures do not differ: ${park.parcelCount} vs ${first.parcelCount} parcels`);
      const cliTotals = cli(files.map((f) => join(dir, f))).totals;

      await page.locator('[data-testid="toggle-deck"]').click();
      const editor = page.locator('[data-testid="deck-editor"]');
      await editor.waitFor({ state: 'visible', timeout: 10_000 });
      const titles = () => editor.locator('[data-testid="deck-slide-title"]').evaluateAll((inputs) => inputs.map((i) => i.value));
      assert((await titles())[0] === expectedTitle('overview', ev, first), `editor opens on ${(await titles())[0]}, expected the first park`);
      const select = editor.locator('[data-testid="deck-park-select"]');
      const options = await select.locator('option').evaluateAll((o) => o.map((x) => x.value));
      assert(options.length === 2 && options.includes(park.id), `park chooser offers ${options}`);
      await select.selectOption(park.id);
      await page.waitForFunction((t) => document.querySelector('[data-testid="deck-slide-title"]')?.value === t, expectedTitle('overview', ev, park), { timeout: 10_000 });
      const shownTitles = await titles();
      const kinds = await editor.locator('[data-testid="deck-slide"]').evaluateAll((li) => li.map((x) => x.dataset.kind));
      assert(JSON.stringify(kinds) === JSON.stringify(DEFAULT_SLIDES.map((x) => x.kind)), `second park's deck: ${kinds}`);
      kinds.forEach((k, i) => assert(shownTitles[i] === expectedTitle(k, ev, park), `editor slide ${i + 1} "${shownTitles[i]}", expected "${expectedTitle(k, ev, park)}"`));
      await page.screenshot({ path: join(SHOTS, 'present-deck-editor-second-park.png') });

      await editor.locator('[data-testid="deck-present"]').click();
      await page.locator(PRESENT).waitFor({ state: 'attached', timeout: 30_000 });
      await slideReady(page, 1, 60_000);
      const checked = [];
      for (let i = 0; i < DEFAULT_SLIDES.length; i++) {
        const want = DEFAULT_SLIDES[i];
        const n = i + 1;
        await slideAndFiguresReady(page, n, want.kind);
        const title = (await page.locator('[data-testid="present-title"]').innerText()).trim();
        assert(title === expectedTitle(want.kind, ev, park), `slide ${n} title "${title}", expected "${expectedTitle(want.kind, ev, park)}"`);
        const kpis = await kpisOnScreen(page);
        assert(kpis.length === want.figures.length, `slide ${n}: ${kpis.length} KPI cards, expected ${want.figures.length}`);
        for (const [j, k] of kpis.entries()) {
          assert(k.figure === want.figures[j], `slide ${n} card ${j + 1}: figure ${k.figure}, expected ${want.figures[j]}`);
          // A card without a scope is about the deck's park (conflicts: the whole project, as the CLI reports them).
          const e = expected(ev, k.figure, k.scope || park.id, cliTotals);
          const same = e.approx ? Math.abs(k.value - e.value) <= 1e-9 * Math.max(1, Math.abs(e.value)) : k.value === e.value;
          assert(same && `${k.number}${k.unit}` === e.text, `slide ${n} ${k.figure}${k.scope ? `@${k.scope}` : ''}: screen ${k.value} "${k.number}${k.unit}", core ${e.value} "${e.text}"`);
        }
        if (want.kind === 'zones') {
          const zoneIds = ev.zones.filter((z) => z.park === park.id).map((z) => z.id);
          const scopes = kpis.map((k) => k.scope);
          assert(scopes[0] === park.id && zoneIds.every((z) => scopes.includes(z)), `zone cards ${scopes}, the second park's zones ${zoneIds}`);
        }
        if (want.kind === 'relocation') {
          const rows = await page.locator('[data-testid="present-village"]').evaluateAll((trs) => trs.map((r) => r.dataset.id));
          const mine = ev.relocation.villages.filter((v) => v.park === park.id).map((v) => v.id);
          assert(rows.length === mine.length && rows.every((id) => mine.includes(id)), `village rows ${rows}, the second park's villages ${mine}`);
        }
        checked.push(`${n} ${kpis.map((k) => `${k.number}${k.unit}`).join('/')}`);
        if (n === 1) await page.screenshot({ path: join(SHOTS, 'present-second-park-slide-1.png') });
        if (i < DEFAULT_SLIDES.length - 1) await page.keyboard.press('ArrowRight');
      }
      await page.keyboard.press('Escape');
      await page.locator(PRESENT).waitFor({ state: 'detached', timeout: 10_000 });
      // The choice is remembered: the editor opens on the second park again.
      const remembered = await page.evaluate(() => localStorage.getItem('parkAtlas.deck.park'));
      assert(remembered === park.id, `park remembered: ${remembered}`);
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parkAtlas.deck.')).forEach((k) => localStorage.removeItem(k)));
      assertClean(seen);
      return `${park.name} (${park.parcelCount} parcels vs ${first.parcelCount}): ${checked.join('; ')}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('present: the portable deck opens from file:// with no request and shows slide 1', async ({ ctx }) => {
    const html = join(PORTABLE, 'index.html');
    assert(existsSync(html), `${html} is missing: run \`npm run build:portable\` first`);
    const page = await ctx.newPage();
    await page.setViewportSize(FULL_HD);
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e.message).slice(0, 300)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text().slice(0, 300)); });
    const base = pathToFileURL(PORTABLE).href;
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 60_000, state: 'attached' });
    await slideReady(page, 1, 60_000);
    await page.waitForTimeout(300);
    const outside = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert(outside.length === 0, `requests outside the deck's folder: ${JSON.stringify(outside.slice(0, 5))}`);
    assert(errors.length === 0, `page errors: ${JSON.stringify(errors)}`);
    const origin = await page.evaluate(() => window.origin);
    assert(origin === 'null', `opened with origin ${origin}, not as a file`);
    const title = (await page.locator('[data-testid="present-title"]').innerText()).trim();
    const ev = await page.evaluate(() => window.__parkAtlas?.evaluation?.() ?? null);
    assert(ev !== null, 'the portable deck exposes no evaluation');
    assert(title === expectedTitle('overview', ev), `portable slide 1 title "${title}"`);
    const sampleName = JSON.parse(readFileSync(join(ROOT, 'data/sample/park.geojson'), 'utf8')).features[0].properties.name;
    assert(title.includes(sampleName), `portable deck is not the sample park: ${title}`);
    const kpis = await kpisOnScreen(page);
    assert(kpis.length === DEFAULT_SLIDES[0].figures.length, `${kpis.length} cards on slide 1`);
    for (const k of kpis) {
      const e = expected(ev, k.figure, k.scope || ev.parks[0].id);
      assert(k.value === e.value && `${k.number}${k.unit}` === e.text, `portable ${k.figure}: ${k.value} "${k.number}${k.unit}" vs ${e.value} "${e.text}"`);
    }
    await page.screenshot({ path: join(SHOTS, 'portable-slide-1.png') });
    await page.keyboard.press('ArrowRight');
    await slideReady(page, 2);
    assert(errors.length === 0, `page errors after a step: ${JSON.stringify(errors)}`);
    // The conflicts slide: figures inlined at build time by core in Node, equal to the CLI's totals.
    const at = DEFAULT_SLIDES.findIndex((x) => x.kind === 'conflicts') + 1;
    await page.keyboard.press(String(at));
    await page.keyboard.press('Enter');
    await slideReady(page, at);
    await page.waitForTimeout(300);
    assert((await page.locator(PRESENT).getAttribute('data-conflicts')) === 'ready', 'the portable deck has no conflict figures');
    const cards = await kpisOnScreen(page);
    assert(cards.length === DEFAULT_SLIDES[at - 1].figures.length, `${cards.length} cards on the conflicts slide`);
    for (const k of cards) {
      const e = expected(ev, k.figure, k.scope || ev.parks[0].id);
      assert(k.value !== null && Math.abs(k.value - e.value) <= 1e-9 * Math.max(1, e.value) && `${k.number}${k.unit}` === e.text,
        `portable ${k.figure}: ${k.value} "${k.number}${k.unit}" vs CLI ${e.value} "${e.text}"`);
    }
    await checkConflictChart(page.locator(`${PRESENT} [data-testid="present-chart"]`), 'portable');
    const layerNote = await checkConflictLayer(page, 'portable', null);
    await page.screenshot({ path: join(SHOTS, `portable-slide-${at}-conflicts.png`) });
    assert(errors.length === 0, `page errors: ${JSON.stringify(errors)}`);
    const outsideAfter = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert(outsideAfter.length === 0, `requests outside the deck's folder: ${JSON.stringify(outsideAfter.slice(0, 5))}`);
    return `${requests.length} file requests, origin null, slide 1 "${title}"; conflicts ${cards.map((k) => `${k.number}${k.unit}`).join(' ')}; ${layerNote}`;
  });

  test('present: deck:pdf prints the portable deck, one page per slide', async () => {
    const html = join(PORTABLE, 'index.html');
    assert(existsSync(html), `${html} is missing: run \`npm run build:portable\` first`);
    const dir = mkdtempSync(join(tmpdir(), 'park-atlas-pdf-test-'));
    const out = join(dir, 'deck.pdf');
    try {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts/deck-pdf.mjs'), '--in', PORTABLE, '--out', out], { encoding: 'utf8', timeout: 120_000 });
      const ms = Date.now() - t0;
      assert(r.status === 0, `deck-pdf exited ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${(r.stderr ?? '').slice(-600)}`);
      assert(existsSync(out), 'no PDF written');
      // Slides in the portable deck: its saved deck, else the default deck of the sample.
      const data = readFileSync(join(PORTABLE, 'data.js'), 'utf8');
      const deck = JSON.parse(data.slice(data.indexOf('=') + 1).trim().replace(/;$/, '')).deck;
      const slides = deck ? deck.slides.length : DEFAULT_SLIDES.length;
      const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' });
      let pages;
      if (info.status === 0) pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
      else pages = (readFileSync(out).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length; // no poppler-utils
      assert(pages === slides, `the PDF has ${pages} pages for ${slides} slides`);
      if (info.status === 0) {
        const size = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info.stdout);
        assert(size && Math.abs(Number(size[1]) / Number(size[2]) - 16 / 9) < 0.01, `page size ${size?.[0]}: not 16:9`);
      }
      return `${pages} pages in ${ms} ms${info.status === 0 ? ' (pdfinfo)' : ''}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
