// End-to-end cases of "no data loss" (issue 9): the browser killed hard (SIGKILL) in the middle of editing and
// started again on the same profile finds the autosaved working copy with every layer and the edits saved before the
// kill; two tabs on one project: the second reads only (banner, no edits, no decisions, no writes), "Edit here" turns
// the first read-only at once, and only the writing tab touches the browser's store.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function register({ test, openPage, waitReady, assert, assertClean, OUT, DIST, CHROMIUM_ARGS, chromiumPath }) {
  const manifest = JSON.parse(readFileSync(join(DIST, 'sample/index.json'), 'utf8'));
  const sampleCounts = manifest.layers.map((l) => ({ kind: l.kind, n: JSON.parse(readFileSync(join(DIST, 'sample', l.file), 'utf8')).features.length }));
  const evaluation = (page) => page.evaluate(() => window.__parkAtlas.evaluation());
  const status = (page) => page.locator('[data-testid="autosave-status"]').getAttribute('data-status');

  /** The stored working copy of the sample, read straight from IndexedDB (null when none). */
  const storedCopy = (page) => page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('park-atlas');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('working')) return resolve((db.close(), null));
      const get = db.transaction('working').objectStore('working').get('sample');
      get.onsuccess = () => {
        const r = get.result;
        db.close();
        if (!r) return resolve(null);
        const parcels = r.doc.layers.find((l) => l.kind === 'parcel');
        resolve({
          savedAt: r.savedAt,
          version: r.doc.version,
          layers: r.doc.layers.map((l) => ({ id: l.id, kind: l.kind, n: l.data.features.length, visible: l.visible })),
          rh003: parcels?.data.features.find((f) => f.id === 'RH-003')?.properties ?? null,
        });
      };
      get.onerror = () => reject(get.error);
    };
  }));

  /** Watches the autosave indicator: every status it takes, with the page's clock. */
  const watchAutosave = (page) => page.evaluate(() => {
    window.__autosaveLog = [];
    const el = document.querySelector('[data-testid="autosave-status"]');
    const note = () => window.__autosaveLog.push({ status: el.getAttribute('data-status'), at: performance.now() });
    note();
    new MutationObserver(note).observe(el, { attributes: true, attributeFilter: ['data-status'] });
  });

  /** Types `value` into one attribute of the selected feature and saves; returns the page's clock at the save click. */
  async function editAttribute(page, field, value) {
    await page.locator('[data-testid="attr-edit"]').click();
    await page.locator(`[data-testid="attr-input-${field}"]`).fill(String(value));
    const at = await page.evaluate(() => {
      const t = performance.now();
      document.querySelector('[data-testid="attr-save"]').click();
      return t;
    });
    await page.locator('[data-testid="attr-editor"]').waitFor({ state: 'detached', timeout: 10_000 });
    return at;
  }
  /** Milliseconds from `since` (page clock) until the indicator said saved. */
  async function savedAfter(page, since) {
    await page.waitForFunction((t) => window.__autosaveLog.some((e) => e.status === 'saved' && e.at > t), since, { timeout: 15_000 });
    return page.evaluate((t) => window.__autosaveLog.find((e) => e.status === 'saved' && e.at > t).at - t, since);
  }
  const selectParcel = async (page, id) => {
    await page.locator('[data-testid="table-tab-parcels"]').click();
    // The table is virtualised: back to its first rows (an earlier selection may have scrolled it).
    await page.locator('[data-testid="attribute-table"]').evaluate((root) => {
      for (const el of root.querySelectorAll('*')) if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible') el.scrollTop = 0;
    });
    await page.locator(`[data-testid="table-row"][data-id="${id}"]`).click();
    await page.locator('[data-testid="inspector-id"]', { hasText: id }).waitFor({ timeout: 10_000 });
  };

  // ---------------------------------------------------------------- a browser killed mid-edit

  /** The browser's own process (not a renderer or helper) of a profile, from /proc. */
  function browserPids(profile) {
    const pids = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let cmd;
      try {
        cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // gone meanwhile
      }
      if (cmd.some((a) => a === `--user-data-dir=${profile}`)) pids.push({ pid: Number(name), main: !cmd.some((a) => a.startsWith('--type=')) });
    }
    return pids;
  }
  async function launch(profile) {
    return chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, viewport: { width: 1440, height: 900 }, args: CHROMIUM_ARGS });
  }
  /** SIGKILL to the browser process: no unload, no pagehide, no flush; waits until every process of the profile is gone. */
  async function killHard(ctx, profile) {
    const main = browserPids(profile).filter((p) => p.main);
    assert(main.length === 1, `expected one browser process for ${profile}, found ${JSON.stringify(main)}`);
    const closed = new Promise((r) => ctx.once('close', r));
    process.kill(main[0].pid, 'SIGKILL');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 15_000))]);
    for (let i = 0; i < 100 && browserPids(profile).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert(browserPids(profile).length === 0, `processes of the killed browser remain: ${JSON.stringify(browserPids(profile))}`);
    return main[0].pid;
  }
  async function openApp(ctx, app, query = '') {
    const { page, seen } = await openPage(ctx);
    await page.goto(`${app}?lang=zh${query}`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    return { page, seen };
  }
  /** Every sample layer is drawn with all its features. */
  async function layersIntact(page) {
    const layers = await page.evaluate(() => window.__parkAtlas.layerSummary());
    const got = layers.map((l) => `${l.kind}:${l.featureCount}`).join(',');
    const want = sampleCounts.map((l) => `${l.kind}:${l.n}`).join(',');
    assert(got === want, `layers after the restart ${got}, the sample has ${want}`);
    return layers.length;
  }

  test('reliability: the browser killed (SIGKILL) mid-edit restarts with the autosaved working copy, every layer intact', async ({ app }) => {
    const notes = [];
    const profile = mkdtempSync(join(tmpdir(), 'park-atlas-kill-'));
    let ctx = null;
    try {
      // ---- first run: two attribute edits, each autosaved, then a style change and the kill before its save
      ctx = await launch(profile);
      let { page, seen } = await openApp(ctx, app, '&sel=parcels~RH-003');
      assert((await status(page)) === 'clean', 'the first run should start on the original data');
      const original = (await evaluation(page)).parcels.find((p) => p.id === 'RH-003');
      await watchAutosave(page);
      const t1 = await editAttribute(page, 'investmentWan', 15000);
      const window1 = await savedAfter(page, t1);
      const t2 = await editAttribute(page, 'name', '断电测试二');
      const window2 = await savedAfter(page, t2);
      const before = await storedCopy(page);
      assert(before?.rh003?.investmentWan === 15000 && before.rh003.name === '断电测试二', `stored before the kill: ${JSON.stringify(before?.rh003)}`);
      notes.push(`edit → saved: ${window1.toFixed(0)} ms and ${window2.toFixed(0)} ms`);
      // Third change: hide the zones (a style change), killed 300 ms later, inside its autosave delay.
      await page.locator('[data-testid="layer-toggle-zones"]').uncheck();
      await page.waitForTimeout(300);
      const pending = await status(page);
      assertClean(seen);
      const pid = await killHard(ctx, profile);
      ctx = null;
      notes.push(`killed browser pid ${pid} 300 ms after the style change (indicator: ${pending})`);

      // ---- restart on the same profile: the working copy is restored with both saved edits and every layer
      ctx = await launch(profile);
      ({ page, seen } = await openApp(ctx, app));
      await page.waitForTimeout(300);
      assert((await status(page)) !== 'clean', 'the restarted app shows the original data, not the working copy');
      const n = await layersIntact(page);
      const restored = (await evaluation(page)).parcels.find((p) => p.id === 'RH-003');
      assert(Math.abs(restored.investmentIntensity - 15000 / restored.areaMu) < 1e-9 && restored.investmentIntensity !== original.investmentIntensity, `RH-003 intensity after the restart: ${restored.investmentIntensity}`);
      assert(restored.name === '断电测试二', `RH-003 name after the restart: ${restored.name}`);
      const zonesVisible = (await page.evaluate(() => window.__parkAtlas.layerSummary())).find((l) => l.kind === 'zone').visible;
      notes.push(`restarted: ${n} layers with all features, both saved edits back; the style change killed 300 ms after it was ${zonesVisible ? 'lost (zones shown)' : 'kept'}`);
      assertClean(seen);

      // ---- an attribute edit and the kill 600 ms after its save click: stored by then (edits are written after 100 ms;
      // with the 1 s delay of styling it was lost), and what the indicator called saved survives the kill
      await selectParcel(page, 'RH-003');
      await watchAutosave(page);
      const t4 = await editAttribute(page, 'landPriceWan', 777);
      await page.waitForFunction((t) => performance.now() - t >= 600, t4, { polling: 10 });
      const log4 = await page.evaluate((t) => window.__autosaveLog.filter((e) => e.at > t).map((e) => `${e.status}@${(e.at - t).toFixed(0)}`), t4);
      await killHard(ctx, profile);
      ctx = null;
      ctx = await launch(profile);
      ({ page, seen } = await openApp(ctx, app));
      await layersIntact(page);
      const after = await storedCopy(page);
      const kept = after?.rh003?.landPriceWan === 777;
      notes.push(`edit killed 600 ms after its save click (indicator ${log4.join(' → ') || 'no change'}): ${kept ? 'kept' : 'lost'}`);
      assert(after?.rh003?.investmentWan === 15000 && after.rh003.name === '断电测试二', `earlier edits missing after the second kill: ${JSON.stringify(after?.rh003)}`);
      assert(kept, `an attribute edit made 600 ms before the kill was lost (indicator: ${log4.join(', ') || 'no change'})`);
      assertClean(seen);
      return notes.join('; ');
    } finally {
      await ctx?.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    }
  });

  // ---------------------------------------------------------------- two tabs on one project

  /** Counts this page's writes to the browser's store (installed before the app's scripts run). */
  const countWrites = (page) => page.addInitScript(() => {
    window.__idbWrites = [];
    for (const m of ['put', 'add', 'delete', 'clear']) {
      const original = IDBObjectStore.prototype[m];
      IDBObjectStore.prototype[m] = function (...args) {
        window.__idbWrites.push(`${this.name}.${m}`);
        return original.apply(this, args);
      };
    }
  });
  const writes = (page) => page.evaluate(() => window.__idbWrites.filter((w) => /^(working|decisions)\./.test(w)).length);

  test('reliability: two tabs on one project: the second reads only, "Edit here" hands over, the read-only tab writes nothing', async ({ ctx, app }) => {
    const notes = [];
    // ---- the first tab holds the project
    const first = await openPage(ctx);
    const a = first.page;
    await countWrites(a);
    await a.goto(`${app}?lang=zh&sel=parcels~RH-003`, { waitUntil: 'domcontentloaded' });
    await waitReady(a);
    await a.waitForTimeout(1500); // longer than the start's grace: a second tab would show its banner by now
    assert((await a.locator('[data-testid="tab-readonly-banner"]').count()) === 0, 'the first tab shows the read-only banner');

    // ---- the second tab on the same project reads only
    const second = await openPage(ctx);
    const b = second.page;
    await countWrites(b);
    await b.goto(`${app}?lang=zh&sel=parcels~RH-003`, { waitUntil: 'domcontentloaded' });
    await waitReady(b);
    const banner = b.locator('[data-testid="tab-readonly-banner"]');
    await banner.waitFor({ timeout: 10_000 });
    const bannerText = await banner.innerText();
    assert(bannerText.includes('此项目已在另一个标签页中打开') && bannerText.includes('只读') && bannerText.includes('在此页编辑'), `banner reads ${bannerText}`);
    assert((await banner.getAttribute('data-reason')) === 'open-elsewhere', 'banner reason');
    await b.screenshot({ path: join(OUT, 'tab-readonly.png') });
    await banner.screenshot({ path: join(OUT, 'tab-readonly-banner.png') });
    const disabled = async (page, testId) => page.locator(`[data-testid="${testId}"]`).isDisabled();
    for (const id of ['edit-mode', 'undo', 'redo', 'import-input', 'project-open', 'attr-edit']) assert(await disabled(b, id), `${id} is enabled in the read-only tab`);
    assert((await b.locator('[data-testid="autosave-status"]').getAttribute('data-readonly')) === 'true', 'the autosave indicator does not say read-only');
    for (const id of ['edit-mode', 'import-input', 'attr-edit']) assert(!(await disabled(a, id)), `${id} is disabled in the writing tab`);
    // No review decision from the read-only tab: the record button is off, with the reason beside it.
    await b.locator('[data-testid="tab-review"]').click();
    await b.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    if (await b.locator('[data-testid="review-back"]').count()) await b.locator('[data-testid="review-back"]').click();
    await b.locator('[data-testid="review-item"][data-parcel-id="RH-027"]').click();
    await b.locator('[data-testid="review-case"][data-parcel-id="RH-027"]').waitFor({ timeout: 5000 });
    assert(await disabled(b, 'decision-save'), 'record decision is enabled in the read-only tab');
    const why = await b.locator('[data-testid="decision-readonly"]').innerText();
    assert(why.includes('另一个标签页') && why.includes('在此页编辑'), `decision reason reads ${why}`);
    assert(await disabled(b, 'decisions-import'), 'decision import is enabled in the read-only tab');
    await b.locator('[data-testid="tab-layers"]').click();
    // Ctrl+Z does nothing here either.
    await b.locator('[data-testid="layer-toggle-relocation"]').uncheck();
    await b.waitForTimeout(400);
    await b.keyboard.press('Control+z');
    await b.waitForTimeout(300);
    assert(!(await b.evaluate(() => window.__parkAtlas.layerSummary().find((l) => l.id === 'relocation').visible)), 'Ctrl+Z undid a step in the read-only tab');

    // ---- the first tab edits and autosaves; the second, restyled meanwhile, writes nothing
    await watchAutosave(a);
    const t1 = await editAttribute(a, 'investmentWan', 15000);
    await savedAfter(a, t1);
    const s1 = await storedCopy(a);
    await b.locator('[data-testid="layer-toggle-zones"]').uncheck();
    await b.locator('[data-testid="layer-opacity-parcels"]').fill('40');
    await b.waitForTimeout(2500); // past the autosave delay
    assert((await writes(b)) === 0, `the read-only tab wrote to the store: ${JSON.stringify(await b.evaluate(() => window.__idbWrites))}`);
    const s1b = await storedCopy(b);
    assert(s1b.savedAt === s1.savedAt && s1b.rh003.investmentWan === 15000, `the stored copy changed while only the read-only tab was restyled: ${s1.savedAt} → ${s1b.savedAt}`);
    notes.push(`tab 2 read-only: 0 writes after restyling; stored copy still ${s1.savedAt} from tab 1`);

    // ---- "Edit here" in the second tab: the first turns read-only at once, the second loads tab 1's edit
    const aWritesBefore = await writes(a);
    const t0 = Date.now();
    await b.locator('[data-testid="tab-edit-here"]').click();
    await a.locator('[data-testid="tab-readonly-banner"][data-reason="taken-over"]').waitFor({ timeout: 5000 });
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    const handoverMs = Date.now() - t0;
    const aBanner = await a.locator('[data-testid="tab-readonly-banner"]').innerText();
    assert(aBanner.includes('另一个标签页已接管'), `the first tab's banner reads ${aBanner}`);
    await b.locator('[data-testid="tab-gained-note"]').waitFor({ timeout: 5000 });
    await waitReady(b);
    for (const id of ['edit-mode', 'import-input']) assert(await disabled(a, id), `${id} is still enabled in the tab that was taken over`);
    assert(!(await disabled(b, 'edit-mode')), 'edit mode is off in the tab that took over');
    const bRh003 = (await evaluation(b)).parcels.find((p) => p.id === 'RH-003');
    assert(Math.abs(bRh003.investmentIntensity - 15000 / bRh003.areaMu) < 1e-9, `the tab that took over does not show tab 1's edit: ${bRh003.investmentIntensity}`);
    notes.push(`Edit here: tab 1 read-only after ${handoverMs} ms, tab 2 loaded tab 1's edit`);

    // ---- the second tab edits and autosaves; the first (now read-only) writes nothing more
    const aWritesAtHandover = await writes(a);
    await selectParcel(b, 'RH-003');
    await watchAutosave(b);
    const t2 = await editAttribute(b, 'name', '双标签测试');
    await savedAfter(b, t2);
    const s2 = await storedCopy(b);
    assert(s2.rh003.name === '双标签测试' && s2.rh003.investmentWan === 15000, `stored after tab 2's edit: ${JSON.stringify(s2.rh003)}`);
    await a.locator('[data-testid="layer-toggle-zones"]').uncheck();
    await a.keyboard.press('Control+z');
    await a.waitForTimeout(2500);
    assert((await writes(a)) === aWritesAtHandover, `the tab that was taken over wrote after it: ${JSON.stringify(await a.evaluate(() => window.__idbWrites))}`);
    assert((await storedCopy(a)).savedAt === s2.savedAt, 'the stored copy changed after tab 2 saved');
    assert(await disabled(a, 'attr-edit'), 'the inspector still offers editing in the tab that was taken over');
    notes.push(`tab 1 wrote ${aWritesAtHandover - aWritesBefore} time(s) while handing over, none after; tab 2's edit stored at ${s2.savedAt}`);
    assertClean(first.seen);
    assertClean(second.seen);
    await a.close();
    await b.close();

    // ---- without Web Locks (older browsers): the BroadcastChannel alone finds the other tab
    const noLocks = (page) => page.addInitScript(() => { delete Navigator.prototype.locks; });
    const c = await openPage(ctx);
    await noLocks(c.page);
    await c.page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(c.page);
    const d = await openPage(ctx);
    await noLocks(d.page);
    await d.page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(d.page);
    await d.page.locator('[data-testid="tab-readonly-banner"]').waitFor({ timeout: 10_000 });
    assert((await c.page.locator('[data-testid="tab-readonly-banner"]').count()) === 0, 'without Web Locks both tabs read only');
    await d.page.locator('[data-testid="tab-edit-here"]').click();
    await c.page.locator('[data-testid="tab-readonly-banner"][data-reason="taken-over"]').waitFor({ timeout: 5000 });
    await d.page.locator('[data-testid="tab-readonly-banner"]').waitFor({ state: 'detached', timeout: 10_000 });
    notes.push('without Web Locks: second tab read-only, Edit here hands over');
    assertClean(c.seen);
    assertClean(d.seen);
    return notes.join('; ');
  });
}
