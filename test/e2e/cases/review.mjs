// End-to-end cases of the land review panel (issue 5): the queue against core's buildReviewQueue over the app's own
// evaluation, a case with map selection and inspector, a decision that survives a reload (and a storage failure),
// the register workbook read back with exceljs, notice drafts, the review date and horizon, importing decisions.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importSource } from '../bundle.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SHOTS = join(ROOT, 'test-results/e2e');
const VIEWPORT = { width: 1440, height: 900 };
const GROUPS = ['reclaim', 'fee', 'negotiate', 'approaching', 'inefficient', 'undetermined'];
const zh2 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Core's review code, bundled from src/ with esbuild, so the expectations are core's own figures. */
let corePromise = null;
function core() {
  corePromise ??= importSource([
    "export { buildReviewQueue, GROUP_LABELS } from './src/core/review/queue';",
    "export { DISPOSAL_LABELS } from './src/core/review/labels';",
    "export { DECISION_LABELS } from './src/core/review/decisions';",
  ], 'review-core');
  return corePromise;
}

export function register({ test, openPage, waitReady, assert, assertClean }) {
  mkdirSync(SHOTS, { recursive: true });

  async function openReview(ctx, app) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    return { page, seen };
  }
  const evaluation = (page) => page.evaluate(() => window.__parkAtlas.evaluation());
  const groupCounts = (page) => page.evaluate((groups) => Object.fromEntries(groups.map((g) => [g, Number(document.querySelector(`[data-testid="review-group-${g}"]`)?.dataset.count)])), GROUPS);
  const itemsShown = (page) => page.locator('[data-testid="review-item"]').evaluateAll((els) => els.map((e) => `${e.dataset.group}:${e.dataset.parcelId}`));
  const expectedCounts = (q) => Object.fromEntries(GROUPS.map((g) => [g, q.groups[g].count]));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  async function download(page, click) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
    const dir = mkdtempSync(join(tmpdir(), 'park-atlas-review-dl-'));
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    return { name: dl.suggestedFilename(), bytes: readFileSync(path), done: () => rmSync(dir, { recursive: true, force: true }) };
  }
  async function openCase(page, id) {
    if (await page.locator('[data-testid="review-back"]').count()) await page.locator('[data-testid="review-back"]').click();
    await page.locator(`[data-testid="review-item"][data-parcel-id="${id}"]`).click();
    await page.locator(`[data-testid="review-case"][data-parcel-id="${id}"]`).waitFor({ timeout: 5000 });
  }
  async function recordDecision(page, { kind, reference, reviewer, date, note }) {
    await page.locator(`[data-testid="decision-kind-${kind}"]`).check();
    await page.locator('[data-testid="decision-date"]').fill(date);
    await page.locator('[data-testid="decision-reference"]').fill(reference);
    await page.locator('[data-testid="decision-reviewer"]').fill(reviewer);
    await page.locator('[data-testid="decision-note"]').fill(note ?? '');
    await page.locator('[data-testid="decision-save"]').click();
    await page.locator('[data-testid="decision-saved"]').waitFor({ timeout: 10_000 });
  }

  test('review: queue by urgency equals core, case selects on the map, decision survives reload, register, notice, review date', async ({ ctx, app }) => {
    const { buildReviewQueue, DISPOSAL_LABELS, DECISION_LABELS } = await core();
    const { page, seen } = await openReview(ctx, app);
    const notes = [];

    // ---- the queue: counts, 亩 and order are buildReviewQueue's over the app's evaluation
    const ev = await evaluation(page);
    assert(ev.reviewDate === '2026-06-30', `sample review date ${ev.reviewDate}`);
    const q = buildReviewQueue(ev, { includeUndetermined: true });
    const counts = await groupCounts(page);
    assert(same(counts, expectedCounts(q)), `group counts on screen ${JSON.stringify(counts)}, core ${JSON.stringify(expectedCounts(q))}`);
    // The sample's documented cases (data/README.md), as a check that the fixture is the one meant.
    const documented = { reclaim: 4, fee: 6, negotiate: 2, approaching: 2, inefficient: 8 };
    for (const [g, n] of Object.entries(documented)) assert(counts[g] === n, `sample changed: ${g} has ${counts[g]}, documented ${n}`);
    for (const g of GROUPS) {
      const card = page.locator(`[data-testid="review-group-${g}"]`);
      const text = await card.innerText();
      assert(text.includes(`${q.groups[g].count} 宗`) && text.includes(`${zh2.format(q.groups[g].areaMu)} 亩`), `group ${g} reads ${JSON.stringify(text)}, core ${q.groups[g].count} / ${q.groups[g].areaMu} 亩`);
    }
    const order = await itemsShown(page);
    assert(same(order, q.items.map((i) => `${i.group}:${i.parcelId}`)), `queue order on screen ${order.join(' ')}\ncore ${q.items.map((i) => `${i.group}:${i.parcelId}`).join(' ')}`);
    notes.push(`groups ${GROUPS.map((g) => `${g} ${counts[g]}`).join(', ')}`);

    // Filters: enterprise text and disposal, counted by core with the same filter.
    await page.locator('[data-testid="review-filter-enterprise"]').fill('酒业');
    const qWine = buildReviewQueue(ev, { includeUndetermined: true, filter: { enterprise: '酒业' } });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="review-item"]').length === n, qWine.items.length, { timeout: 5000 });
    assert(same(await groupCounts(page), expectedCounts(qWine)), `酒业 filter counts ${JSON.stringify(await groupCounts(page))} vs ${JSON.stringify(expectedCounts(qWine))}`);
    await page.locator('[data-testid="review-filter-enterprise"]').fill('');
    await page.locator('[data-testid="review-filter-disposal"]').selectOption('fee');
    const qFee = buildReviewQueue(ev, { includeUndetermined: true, filter: { disposals: ['fee'] } });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="review-item"]').length === n, qFee.items.length, { timeout: 5000 });
    assert(same(await itemsShown(page), qFee.items.map((i) => `${i.group}:${i.parcelId}`)), 'disposal filter differs from core');
    await page.locator('[data-testid="review-filter-clear"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="review-item"]').length === n, q.items.length, { timeout: 5000 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SHOTS, 'review-queue.png') });

    // ---- a case: the map selects and zooms, the inspector opens, the case shows core's determination
    const p027 = ev.parcels.find((p) => p.id === 'RH-027');
    await openCase(page, 'RH-027');
    const sel = await page.evaluate(() => window.__parkAtlas.mapState().selection);
    assert(sel && sel.featureId === 'RH-027' && sel.layerId === 'parcels', `map selection ${JSON.stringify(sel)}`);
    await page.locator('[data-testid="inspector"][data-feature-id="RH-027"]').waitFor({ timeout: 5000 });
    const caseText = async (tid) => (await page.locator(`[data-testid="review-case"] [data-testid="${tid}"]`).innerText()).trim();
    assert((await caseText('case-fee')).includes(`${zh2.format(p027.idle.feeWan)} 万元`), `fee shows ${await caseText('case-fee')}, core ${p027.idle.feeWan}`);
    assert((await caseText('case-fee')).includes('20%'), 'the fee does not say it is 20% of the land price');
    assert((await caseText('case-years')).startsWith(`${p027.idle.idleYears} 年`), `years ${await caseText('case-years')}`);
    assert((await caseText('case-since')).includes(p027.idle.since), 'since differs');
    assert((await caseText('case-idleOn')).includes(p027.idle.idleOn) && (await caseText('case-reclaimOn')).includes(p027.idle.reclaimOn), 'marks differ');
    const clause = await caseText('case-clause');
    assert(clause.includes('闲置土地处置办法') && clause.includes('第二条') && clause.includes('第十四条（一）'), `clause ${clause}`);
    assert((await page.locator('[data-testid="case-disposal"]').getAttribute('data-disposal')) === p027.idle.disposal, 'disposal chip differs');
    await waitReady(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'review-case.png') });

    // An inefficient parcel: each failed rule with core's status and its source; an undetermined one says what is missing.
    await openCase(page, 'RH-101');
    const p101 = ev.parcels.find((p) => p.id === 'RH-101');
    const shownChecks = await page.locator('[data-testid="case-efficiency"] li').evaluateAll((lis) => lis.map((li) => ({ rule: li.dataset.rule, status: li.dataset.status, text: li.innerText })));
    const failedCore = p101.checks.filter((c) => ['investmentIntensity', 'plotRatio', 'taxPerMu', 'buildingCoverage'].includes(c.rule) && c.status === 'fail');
    assert(failedCore.length > 0 && same(shownChecks.filter((c) => c.status === 'fail').map((c) => c.rule), failedCore.map((c) => c.rule)), `RH-101 failed rules ${JSON.stringify(shownChecks)} vs core ${failedCore.map((c) => c.rule)}`);
    for (const c of failedCore) assert(shownChecks.find((x) => x.rule === c.rule).text.includes(c.source.slice(0, 12)), `${c.rule}: source not shown`);
    await page.locator('[data-testid="case-efficiency"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'review-case-inefficient.png') });
    await openCase(page, 'RH-046');
    assert((await page.locator('[data-testid="case-finding"]').getAttribute('data-idle')) === 'null', 'RH-046 is not undetermined');
    const missingText = await page.locator('[data-testid="case-missing"]').innerText();
    assert(missingText.includes('缺少'), `RH-046 missing reads ${missingText}`);
    await page.screenshot({ path: join(SHOTS, 'review-case-undetermined.png') });
    await openCase(page, 'RH-027');

    // ---- a decision: refused without a reviewer (message at the field), then recorded
    const entriesBefore = await page.locator('[data-testid="audit-entry"]').count();
    assert((await page.locator('[data-testid="decision-kind-fee_notice"]').isChecked()), 'the kind that follows the finding is not offered first');
    await page.locator('[data-testid="decision-reviewer"]').fill('');
    await page.locator('[data-testid="decision-save"]').click();
    await page.locator('[data-testid="decision-error-reviewer"]').waitFor({ timeout: 5000 });
    const reviewerError = await page.locator('[data-testid="decision-error-reviewer"]').innerText();
    assert(reviewerError.includes('审核人'), `reviewer error reads ${reviewerError}`);
    // A decision that does not follow from the finding is warned about at the kind.
    await page.locator('[data-testid="decision-kind-reclaim"]').check();
    await page.locator('[data-testid="decision-warning-kind"]').waitFor({ timeout: 5000 });
    const reference = '汝自然资闲〔2026〕3号';
    await recordDecision(page, { kind: 'fee_notice', reference, reviewer: '王工', date: '2026-07-02', note: '<b>不是标记</b>' });
    assert((await page.locator('[data-testid="decision-current"]').getAttribute('data-kind')) === 'fee_notice', 'decision in force not shown');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-entry"]').length === n, entriesBefore + 1, { timeout: 5000 });
    const noteShown = await page.locator('[data-testid="review-history"]').innerText();
    assert(noteShown.includes('<b>不是标记</b>'), 'the note is not shown as text');
    await page.locator('[data-testid="case-decision"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'review-decision.png') });

    // ---- the store fails: the decision is kept in the page, a warning offers the JSON, retry saves it
    await page.evaluate(() => {
      window.__reviewTx = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await openCase(page, 'RH-136');
    await recordDecision(page, { kind: 'reclaim', reference: '汝自然资收〔2026〕1号', reviewer: '王工', date: '2026-07-03' });
    // Next to the save button (where the reviewer is looking) and atop the panel.
    const warning = page.locator('[data-testid="decision-storage-warning"]');
    await warning.waitFor({ state: 'visible', timeout: 5000 });
    assert(await page.locator('[data-testid="review-storage-warning"]').count() === 1, 'no warning atop the panel');
    assert((await warning.innerText()).includes('QuotaExceededError'), 'the warning does not give the browser\'s reason');
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'review-storage.png') });
    const backup = await download(page, () => page.locator('[data-testid="decision-storage-download"]').click());
    const backupJson = JSON.parse(backup.bytes.toString('utf8'));
    backup.done();
    assert(backupJson.format === 'park-atlas.review-decisions' && backupJson.decisions.some((d) => d.parcelId === 'RH-136' && d.kind === 'reclaim') && backupJson.decisions.some((d) => d.parcelId === 'RH-027'), `backup ${JSON.stringify(backupJson).slice(0, 300)}`);
    await page.evaluate(() => { IDBDatabase.prototype.transaction = window.__reviewTx; });
    await page.locator('[data-testid="decision-storage-retry"]').click();
    await warning.waitFor({ state: 'detached', timeout: 5000 });
    assert(await page.locator('[data-testid="review-storage-warning"]').count() === 0, 'the warning atop the panel stayed');
    notes.push(`storage failure: warning, ${backup.name}, retry saved`);

    // ---- reload: both decisions and their audit entries are there
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    // The selection is in the URL (sel=), so the last case opened comes back with the page.
    await page.locator('[data-testid="review-case"][data-parcel-id="RH-136"]').waitFor({ timeout: 5000 });
    await page.locator('[data-testid="review-back"]').click();
    const badge = page.locator('[data-testid="review-item"][data-parcel-id="RH-027"] [data-testid="review-item-decision"]');
    await badge.waitFor({ timeout: 5000 });
    assert((await badge.getAttribute('data-kind')) === 'fee_notice', 'RH-027 decision lost on reload');
    assert((await page.locator('[data-testid="review-item"][data-parcel-id="RH-136"] [data-testid="review-item-decision"]').getAttribute('data-kind')) === 'reclaim', 'RH-136 decision (saved on retry) lost on reload');
    await openCase(page, 'RH-027');
    const current = await page.locator('[data-testid="decision-current"]').innerText();
    assert(current.includes(DECISION_LABELS.zh.fee_notice) && current.includes(reference) && current.includes('王工'), `decision after reload: ${current}`);
    const entries = await page.locator('[data-testid="audit-entry"]').evaluateAll((els) => els.map((e) => ({ seq: e.dataset.seq, who: e.dataset.who, kind: e.dataset.kind, text: e.innerText })));
    assert(entries.length === entriesBefore + 1 && entries[0].who === '王工' && entries[0].kind === 'fee_notice', `audit after reload ${JSON.stringify(entries)}`);
    assert(entries[0].text.includes('→') && entries[0].text.includes(reference), `audit entry does not show before → after: ${entries[0].text}`);
    // The trail is read-only: no control inside it.
    assert((await page.locator('[data-testid="review-history"] button, [data-testid="review-history"] input, [data-testid="review-history"] textarea').count()) === 0, 'the audit trail has controls');

    // ---- the register workbook: exceljs is fetched only now; rows equal core's figures
    // The writer (core/io/xlsx) is a chunk of its own with exceljs (~1 MB) in it or beside it, fetched on the first export.
    const chunkLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((r) => /\/assets\/xlsx-[^/]*\.js$/.test(r.name)));
    const anyChunkLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((r) => /\/assets\/(xlsx-|exceljs)[^/]*\.js$/.test(r.name)));
    assert(!(await anyChunkLoaded()), 'the workbook writer (exceljs) was loaded before it was asked for');
    const register = await download(page, () => page.locator('[data-testid="export-register"]').click());
    assert(register.name === '闲置低效用地台账-2026-06-30.xlsx', `file name ${register.name}`);
    assert(await chunkLoaded(), 'the workbook chunk was not fetched on demand');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(register.bytes);
    register.done();
    const ws = wb.getWorksheet('闲置土地台账');
    assert(ws, `sheets ${wb.worksheets.map((s) => s.name)}`);
    const headers = ws.getRow(1).values.slice(1).map(String);
    const col = (name) => {
      const j = headers.indexOf(name);
      assert(j >= 0, `no column ${name} in ${headers}`);
      return j + 1;
    };
    const rows = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const id = row.getCell(col('宗地编号')).value;
      if (typeof id !== 'string') continue;
      rows.push({ id, disposal: row.getCell(col('处置方式')).value, fee: row.getCell(col('闲置费(万元)')).value ?? null, decision: row.getCell(col('处置决定')).value ?? null, ref: row.getCell(col('文号')).value ?? null });
    }
    const idleIds = ev.parcels.filter((p) => p.idle.isIdle === true).map((p) => p.id);
    const wanted = [...new Set([...idleIds, 'RH-027', 'RH-136'])].sort();
    assert(same(rows.map((r) => r.id), wanted), `register rows ${rows.map((r) => r.id)} vs ${wanted}`);
    for (const r of rows) {
      const p = ev.parcels.find((x) => x.id === r.id);
      assert(r.disposal === DISPOSAL_LABELS.zh[p.idle.disposal], `${r.id}: disposal ${r.disposal}, core ${p.idle.disposal}`);
      assert(r.fee === p.idle.feeWan, `${r.id}: fee ${r.fee}, core ${p.idle.feeWan}`);
    }
    const r027 = rows.find((r) => r.id === 'RH-027');
    assert(r027.decision === DECISION_LABELS.zh.fee_notice && r027.ref === reference, `RH-027 in the register: ${JSON.stringify(r027)}`);
    notes.push(`register ${rows.length} idle rows, RH-027 fee ${r027.fee}`);

    // ---- notices: the determination and the investigation, template edits reported, print from the frame
    await page.locator('[data-testid="notice-determination"]').click();
    const dialog = page.locator('[data-testid="notice-dialog"]');
    await dialog.waitFor({ timeout: 5000 });
    const frame = page.frameLocator('[data-testid="notice-frame"]');
    const body = await frame.locator('body').innerText();
    assert(body.includes('闲置土地认定书') && body.includes(p027.enterprise) && body.includes(zh2.format(p027.idle.feeWan)) && body.includes(reference), `determination text: ${body.slice(0, 400)}`);
    await page.locator('[data-testid="notice-authority"]').fill('汝南县自然资源局');
    await frame.locator('text=汝南县自然资源局').first().waitFor({ timeout: 5000 });
    const template = page.locator('[data-testid="notice-template"]');
    await template.fill(`${await template.inputValue()}\n{{enterpriseAddress}}`);
    await page.locator('[data-testid="notice-unknown"]').waitFor({ timeout: 5000 });
    assert((await page.locator('[data-testid="notice-unknown"]').innerText()).includes('{{enterpriseAddress}}'), 'unknown placeholder not reported');
    await page.locator('[data-testid="notice-reset"]').click();
    await page.locator('[data-testid="notice-unknown"]').waitFor({ state: 'detached', timeout: 5000 });
    await page.locator('[data-testid="notice-tab-investigation"]').click();
    await frame.locator('h1', { hasText: '闲置土地调查通知书' }).waitFor({ timeout: 5000 });
    await page.locator('[data-testid="notice-tab-determination"]').click();
    await frame.locator('h1', { hasText: '闲置土地认定书' }).waitFor({ timeout: 5000 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SHOTS, 'notice.png') });
    const printed = await page.evaluate(() => {
      const f = document.querySelector('[data-testid="notice-frame"]');
      let n = 0;
      f.contentWindow.print = () => { n++; };
      document.querySelector('[data-testid="notice-print"]').click();
      return n;
    });
    assert(printed === 1, `print() called ${printed} times`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5000 });

    // ---- the review date and the horizon: the shell re-evaluates, the queue follows core
    await page.locator('[data-testid="review-back"]').click();
    await page.locator('[data-testid="review-date"]').fill('2027-06-30');
    await page.locator('[data-testid="review-panel"][data-review-date="2027-06-30"]').waitFor({ timeout: 10_000 });
    const ev2 = await evaluation(page);
    assert(ev2.reviewDate === '2027-06-30', `evaluation date ${ev2.reviewDate}`);
    const q2 = buildReviewQueue(ev2, { includeUndetermined: true });
    const counts2 = await groupCounts(page);
    assert(same(counts2, expectedCounts(q2)), `at 2027-06-30 screen ${JSON.stringify(counts2)}, core ${JSON.stringify(expectedCounts(q2))}`);
    assert(!same(counts2, counts), 'the counts did not change with the review date');
    assert(same(await itemsShown(page), q2.items.map((i) => `${i.group}:${i.parcelId}`)), 'order at 2027-06-30 differs from core');
    await page.locator('[data-testid="review-date-reset"]').click();
    await page.locator('[data-testid="review-panel"][data-review-date="2026-06-30"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="review-horizon"]').fill('200');
    await page.waitForFunction(() => window.__parkAtlas.evaluation()?.approachingDays === 200, null, { timeout: 10_000 });
    const q3 = buildReviewQueue(await evaluation(page), { includeUndetermined: true });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="review-group-approaching"]')?.dataset.count) === n, q3.groups.approaching.count, { timeout: 5000 });
    assert(same(await groupCounts(page), expectedCounts(q3)), `horizon 200: ${JSON.stringify(await groupCounts(page))} vs ${JSON.stringify(expectedCounts(q3))}`);
    assert(q3.groups.approaching.count > q.groups.approaching.count, 'a longer horizon brought no parcel in');
    notes.push(`2027-06-30 reclaim ${counts2.reclaim} fee ${counts2.fee}; horizon 200 approaching ${q3.groups.approaching.count}`);
    await page.locator('[data-testid="review-horizon"]').fill('90');
    await page.waitForFunction(() => window.__parkAtlas.evaluation()?.approachingDays === 90, null, { timeout: 10_000 });

    // ---- English
    await page.locator('[data-testid="lang-en"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tab-review"]')?.textContent === 'Idle & inefficient review', null, { timeout: 5000 });
    const card = await page.locator('[data-testid="review-group-reclaim"]').innerText();
    assert(card.includes('Reclaim due') && card.includes(`${q.groups.reclaim.count} parcels`), `English card ${card}`);
    await page.screenshot({ path: join(SHOTS, 'review-queue-en.png') });
    await page.locator('[data-testid="lang-zh"]').click();
    assertClean(seen);
    return notes.join('; ');
  });

  test('review: importing a decisions file reports its problems and replaces only after confirming', async ({ ctx, app }) => {
    const { page, seen } = await openReview(ctx, app);
    const input = page.locator('[data-testid="decisions-import-input"]');
    // Not JSON at all: reported with the file name, nothing changes.
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "park-atlas.review-decisions", ') });
    const box = page.locator('[data-testid="decisions-import-box"]');
    await box.waitFor({ timeout: 5000 });
    const brokenText = await box.innerText();
    assert(brokenText.includes('broken.json') && (await page.locator('[data-testid="decisions-import-confirm"]').count()) === 0, `broken file: ${brokenText}`);
    await page.locator('[data-testid="decisions-import-cancel"]').click();

    const decision = { parcelId: 'RH-056', kind: 'fee_notice', negotiation: null, reason: null, date: '2026-07-05', reference: '汝自然资闲〔2026〕9号', reviewer: '李工', note: '', recordedAt: '2026-07-05T08:00:00.000Z' };
    const doc = {
      format: 'park-atlas.review-decisions', version: 1, decisions: [decision],
      audit: [
        { seq: 1, who: '李工', when: '2026-07-05T08:00:00.000Z', parcelId: 'RH-056', before: null, after: decision },
        { seq: 2, who: '李工', when: '2026-07-05T09:00:00.000Z', parcelId: 'RH-110', before: null, after: { ...decision, parcelId: 'RH-110', kind: 'bogus' } },
      ],
    };
    await input.setInputFiles({ name: 'decisions.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await box.waitFor({ timeout: 5000 });
    const problems = await page.locator('[data-testid="decisions-import-problems"]').innerText();
    assert(problems.includes('decisions.json') && problems.includes('第 2 条审计记录'), `problems: ${problems}`);
    // Cancel leaves the decisions as they were.
    const before = await page.locator('[data-testid="review-item-decision"]').count();
    await page.locator('[data-testid="decisions-import-cancel"]').click();
    assert((await page.locator('[data-testid="review-item-decision"]').count()) === before, 'cancel changed the decisions');
    await input.setInputFiles({ name: 'decisions.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.locator('[data-testid="decisions-import-confirm"]').click();
    await box.waitFor({ state: 'detached', timeout: 5000 });
    const decided = await page.locator('[data-testid="review-item-decision"]').evaluateAll((els) => els.map((e) => `${e.closest('[data-testid="review-item"]').dataset.parcelId}:${e.dataset.kind}`));
    assert(same(decided, ['RH-056:fee_notice']), `after import: ${decided}`);
    // It was stored: a reload shows the same.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitReady(page);
    await page.locator('[data-testid="tab-review"]').click();
    await page.locator('[data-testid="review-panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="review-item"][data-parcel-id="RH-056"] [data-testid="review-item-decision"]').waitFor({ timeout: 5000 });
    assertClean(seen);
    return `imported 1 decision, 1 broken entry reported; replaced ${before} → 1`;
  });
}
