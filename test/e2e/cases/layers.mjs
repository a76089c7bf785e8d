// End-to-end cases of issue 4's remaining parts: zone, park and village inspectors show core's figures;
// layers are reordered by dragging them in the layer panel.
export function register({ test, openPage, waitReady, assert, assertClean, READY }) {
  async function openSample(ctx, app) {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    return { page, seen };
  }

  /** Opens a feature through the attribute table (tab of its layer, row by id) and returns its inspector. */
  async function inspect(page, layerId, featureId) {
    await page.locator(`[data-testid="table-tab-${layerId}"]`).click();
    const row = page.locator(`[data-testid="table-row"][data-id="${featureId}"]`);
    await row.waitFor({ state: 'visible', timeout: 5000 });
    await row.click();
    const insp = page.locator(`[data-testid="inspector"][data-feature-id="${featureId}"]`);
    await insp.waitFor({ timeout: 5000 });
    return insp;
  }

  test('inspector: zone, park and village figures are core\'s', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    const ev = await page.evaluate(() => window.__parkAtlas.evaluation());
    const state = await page.evaluate(() => window.__parkAtlas.mapState());
    const layerOf = (kind) => state.layers.find((l) => l.kind === kind && !l.derived).id;
    const checked = [];
    for (const [kind, list] of [['zone', ev.zones], ['park', ev.parks]]) {
      const target = list[0];
      const insp = await inspect(page, layerOf(kind), target.id);
      const area = Number(await insp.locator('[data-testid="figure-area"]').getAttribute('data-value'));
      assert(Math.abs(area - target.areaM2) <= 1e-6 * target.areaM2, `${kind} ${target.id}: inspector area ${area}, core ${target.areaM2}`);
      const text = await insp.locator('[data-testid="inspector-figures"]').innerText();
      const mu = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(target.areaM2 * 0.0015);
      assert(text.includes(mu), `${kind} ${target.id}: ${mu} 亩 not shown in ${JSON.stringify(text.slice(0, 200))}`);
      checked.push(`${kind} ${target.id} ${mu} 亩`);
    }
    const village = ev.relocation.villages.find((v) => v.areaM2 !== null);
    const insp = await inspect(page, layerOf('relocation'), village.id);
    const area = Number(await insp.locator('[data-testid="figure-area"]').getAttribute('data-value'));
    assert(Math.abs(area - village.areaM2) <= 1e-6 * village.areaM2, `village ${village.id}: inspector area ${area}, core ${village.areaM2}`);
    const props = await insp.locator('[data-testid="inspector-properties"]').innerText();
    for (const key of ['households', 'population']) {
      const v = village[key] ?? null;
      if (v !== null) assert(props.includes(String(v)), `village ${village.id}: ${key} ${v} not listed`);
    }
    checked.push(`village ${village.id}`);
    assertClean(seen);
    return checked.join('; ');
  });

  test('layer panel: dragging a layer onto another reorders the drawing', async ({ ctx, app }) => {
    const { page, seen } = await openSample(ctx, app);
    const order = async () => (await page.evaluate(() => window.__parkAtlas.mapState().layers.map((l) => l.id)));
    const before = await order();
    // The panel lists top first; drag zones (drawn low) onto parcels (drawn higher).
    const from = page.locator('[data-testid="layer-item"][data-layer-id="zones"]');
    const to = page.locator('[data-testid="layer-item"][data-layer-id="parcels"]');
    await from.dragTo(to);
    await page.waitForSelector(READY, { timeout: 30_000, state: 'attached' });
    const after = await order();
    assert(after.indexOf('zones') === before.indexOf('parcels'), `zones at ${after.indexOf('zones')} after the drop, parcels was at ${before.indexOf('parcels')}: ${after}`);
    assert(after.length === before.length && [...after].sort().join() === [...before].sort().join(), 'a layer was lost or added by the drop');
    const listed = await page.locator('[data-testid="layer-item"]').evaluateAll((items) => items.map((li) => li.dataset.layerId));
    assert(listed.join() === [...after].reverse().join(), `panel order ${listed} differs from drawing order ${after}`);
    assertClean(seen);
    return `${before.join(' < ')} → ${after.join(' < ')}`;
  });
}
