// Page of bench/conflicts-browser.bench.ts: the app's own path for 五规合一 conflicts, conflictsInWorker
// (src/ui/data/coreWorker.ts: a module worker running src/workers/core.worker.ts through comlink, result assembled
// on this thread), on the generated layers. A warm-up, then `runs` timed jobs, each in its own worker as in the
// app. Meanwhile a 10 ms timer measures the longest gap on this thread (whether the page stays responsive).
// Before that, the layers alone are posted to an empty worker: what their structured clone costs.
// Writes its figures as JSON into document.title.
import { conflictsInWorker } from '../../src/ui/data/coreWorker';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

interface Run {
  ms: number;
  /** Until the worker reported its pairs: the layers cloned to the worker, roles, flat geometry, candidate pairs. */
  firstProgressMs: number;
  progressCalls: number;
  maxGapMs: number;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const runs = Number(params.get('runs') ?? 3);
  const minAreaM2 = Number(params.get('minArea') ?? 1);
  const raw = (await (await fetch('layers.json')).json()) as Record<string, unknown>;
  let t = performance.now();
  const layers: ValidatedLayer[] = [];
  for (const [name, fc] of Object.entries(raw)) {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`${name} did not validate`);
    layers.push(r.value);
  }
  const validateMs = performance.now() - t;
  // The layers' trip alone, as the job makes it: serialised on this thread by postMessage, read in the worker
  // (Chromium deserialises a message when its data is first read, so the worker reads it).
  const cloneProbe = async () => {
    const w = new Worker(URL.createObjectURL(new Blob(['onmessage = (e) => postMessage(e.data === null ? 1 : 0);'], { type: 'text/javascript' })));
    const t0 = performance.now();
    const acked = new Promise((resolve) => { w.onmessage = resolve; });
    w.postMessage({ layers, minAreaM2 });
    const postMs = performance.now() - t0;
    await acked;
    const roundTripMs = performance.now() - t0;
    w.terminate();
    return { postMs, roundTripMs };
  };
  await cloneProbe();
  const clone = await cloneProbe();
  const once = async (): Promise<{ run: Run; result: Awaited<ReturnType<typeof conflictsInWorker>['promise']> }> => {
    let last = performance.now();
    let maxGapMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
    }, 10);
    let firstProgressMs = NaN;
    let progressCalls = 0;
    const t0 = performance.now();
    const job = conflictsInWorker(layers, minAreaM2, () => {
      if (progressCalls++ === 0) firstProgressMs = performance.now() - t0;
    });
    const result = await job.promise;
    const ms = performance.now() - t0;
    clearInterval(timer);
    maxGapMs = Math.max(maxGapMs, performance.now() - last);
    return { run: { ms, firstProgressMs, progressCalls, maxGapMs }, result };
  };
  t = performance.now();
  let { result } = await once();
  const coldMs = performance.now() - t;
  const timed: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    timed.push(r.run);
    result = r.result;
  }
  const counts: Record<string, number> = {};
  for (const c of result.conflicts) counts[c.type] = (counts[c.type] ?? 0) + 1;
  // One polygon read, as the panel does on a click: built from the worker's typed arrays on first access.
  const firstGeometryType = result.conflicts[0]?.geometry.type ?? null;
  document.title = JSON.stringify({ validateMs, clone, coldMs, runs: timed, counts, totals: result.totals, droppedSlivers: result.droppedSlivers, firstGeometryType, userAgent: navigator.userAgent });
}

main().catch((e: unknown) => {
  document.title = JSON.stringify({ error: String((e as Error)?.stack ?? e) });
});
