// Web Worker for bench/conflicts-browser.bench.ts: validates the generated layers and finds the 五规合一 conflicts
// with the same core code the app's worker runs, timing the detection alone.
import { detectConflicts } from '../../src/core/overlay/detect';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

self.onmessage = async (e: MessageEvent<{ layers: Record<string, unknown> }>) => {
  const t0 = performance.now();
  const layers: ValidatedLayer[] = [];
  for (const [name, fc] of Object.entries(e.data.layers)) {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`${name} did not validate`);
    layers.push(r.value);
  }
  const t1 = performance.now();
  const result = await detectConflicts(layers, {});
  const t2 = performance.now();
  const counts: Record<string, number> = {};
  for (const c of result.conflicts) counts[c.type] = (counts[c.type] ?? 0) + 1;
  (self as unknown as Worker).postMessage({ validateMs: t1 - t0, detectMs: t2 - t1, counts, totals: result.totals });
};
