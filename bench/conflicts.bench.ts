// 五规合一 conflicts (DESIGN §6) on generated data (bench/conflictData.ts: 100k park-plan polygons, 25k constraint
// polygons, parks and parcels in one region), measured in one run against its peers:
//   - ours, single thread: detectConflicts (src/core/overlay), the median of 3 runs after a warm-up;
//   - ours on 2 worker_threads sharing the flat coordinates (SharedArrayBuffer), chunks handed out on demand;
//   - naive all-pairs with turf.intersect / turf.difference (polyclip-ts): timed on ~5k pairs (1k with overlapping
//     boxes, 4k drawn at random, 200 parcel–park), extrapolated to every pair;
//   - the clippers we could use, on a sample of the pairs our exact tests leave for clipping: clipper2-js on
//     shortened and on full rings, polygon-clipping, martinez-polygon-clipping, polyclip-ts (turf 7)
//     (these two micro-timings run in a worker, away from the main thread's large heap);
//   - PostGIS: the same intersections and differences with ST_Area(geography), GiST indexes, serial and with
//     2 parallel workers, on a throwaway cluster (bench/postgis.ts); load time reported apart from query time;
//   - GEOS through shapely 2, vectorised, on 1 and 2 threads (bench/shapely_peer.py, run by bench/shapelyPeer.ts);
//   - where our time goes: the single-thread run again with core's phase timers (roles, flat geometry, index,
//     candidate pairs, exact tests, clipper input, clipping, areas, output, assembly), medians of 3.
// Prints one JSON line on stdout; progress on stderr. Run: npm run bench -- conflicts
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { difference as turfDifference, intersect as turfIntersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import * as martinez from 'martinez-polygon-clipping';
import polygonClipping from 'polygon-clipping';
import { geometryAreaM2, polygonAreaM2 } from '../src/core/geodesy/area';
import { clipPolygons } from '../src/core/overlay/clip';
import {
  assembleConflicts, chunkTransferables, clipperInput, detectConflicts, detectConflictsSync, pairsToClip, prepareOverlay, processTasks,
  type ConflictChunk, type OverlayInput, type PhaseMs,
} from '../src/core/overlay/detect';
import { featureGeometry, latOf, lonOf } from '../src/core/overlay/flat';
import { readRoles, TYPE_LANDUSE_MISMATCH, TYPE_OUTSIDE_PARK } from '../src/core/overlay/roles';
import { CONFLICT_TYPES, type ConflictResult, type ConflictType } from '../src/core/overlay/types';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';
import { conflictData } from './conflictData';
import { postgisConflictsPeer } from './postgis';
import { runShapelyPeer } from './shapelyPeer';

const MIN_AREA_M2 = 1;
const REPEAT = 3;
const WORKERS = 2;
const WORKER_CHUNK = 3000;
const NAIVE_CANDIDATE_SAMPLE = 1000;
const NAIVE_OTHER_SAMPLE = 4000;
const CLIPPER_SAMPLE = 3000;
const POLYCLIP_TS_SAMPLE = 300;
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
/** CPU time of this process (all threads: main, workers, GC), ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Where each role's features sit in the prepared geometry (subjects first, as prepareOverlay lays them out). */
interface Layout {
  construction: number;
  parcels: number;
  constraints: number;
}

type Request =
  | { kind: 'input'; input: OverlayInput }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'measure'; layout: Layout };

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'overlay-worker') {
  // A worker: receives the shared input once per run, then processes the ranges it is sent. It also times the
  // clippers and the naive approach: in its small heap, unlike the main thread's (~1 GB of GeoJSON, whose
  // incremental marking is charged to whatever allocates), a loop of a few hundred ms measures the loop.
  let input: OverlayInput | null = null;
  parentPort!.on('message', (msg: Request) => {
    if (msg.kind === 'input') {
      input = msg.input;
      parentPort!.postMessage({ kind: 'ready' });
    } else if (msg.kind === 'range') {
      const chunk = processTasks(input!, msg.start, msg.end, { minAreaM2: MIN_AREA_M2, flat: true });
      parentPort!.postMessage({ kind: 'chunk', chunk }, chunkTransferables(chunk));
    } else {
      parentPort!.postMessage({ kind: 'measured', clippers: compareClippers(input!), naive: naiveTurf(input!, msg.layout) });
    }
  });
} else {
  main().catch((e) => {
    log(`conflicts bench failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}

type Message =
  | { kind: 'ready' }
  | { kind: 'chunk'; chunk: ConflictChunk }
  | { kind: 'measured'; clippers: ReturnType<typeof compareClippers>; naive: ReturnType<typeof naiveTurf> };

/** A pool of workers kept across runs, as an app keeps its worker. */
function startPool(n: number): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => new Worker(new URL(import.meta.url), { workerData: { role: 'overlay-worker' } }));
  return Promise.all(workers.map((w) => new Promise<Worker>((resolve, reject) => {
    w.once('online', () => resolve(w));
    w.once('error', reject);
  })));
}

/** One run on the pool: prepare on the main thread (shared memory), chunks on demand, assemble. */
async function runOnWorkers(workers: Worker[], layers: ValidatedLayer[]): Promise<ConflictResult> {
  const prepared = prepareOverlay(layers, { sharedMemory: true });
  const input: OverlayInput = { geometries: prepared.geometries, tasks: prepared.tasks };
  const total = prepared.tasks.subject.length;
  const chunks: ConflictChunk[] = [];
  let next = 0;
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
    const sendNext = () => {
      if (next >= total) {
        w.off('message', onMessage);
        resolve();
        return;
      }
      const start = next;
      next = Math.min(total, next + WORKER_CHUNK);
      w.postMessage({ kind: 'range', start, end: next });
    };
    const onMessage = (msg: Message) => {
      if (msg.kind === 'chunk') chunks.push(msg.chunk);
      sendNext();
    };
    w.on('message', onMessage);
    w.once('error', reject);
    w.postMessage({ kind: 'input', input });
  })));
  chunks.sort((a, b) => a.start - b.start);
  return assembleConflicts(prepared, chunks, { minAreaM2: MIN_AREA_M2 });
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const EMPTY = detectConflictsSync([]);
  // ---- Data.
  let t = performance.now();
  const data = conflictData();
  const generateMs = performance.now() - t;
  t = performance.now();
  const layers: ValidatedLayer[] = [];
  for (const [name, fc] of Object.entries(data)) {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`generated layer ${name} did not validate`);
    layers.push(r.value);
  }
  const validateMs = performance.now() - t;
  const invalid = layers.reduce((n, l) => n + l.invalidIds.length, 0);
  const collections: Array<{ features: Array<Feature<Polygon | MultiPolygon>> }> = Object.values(data);
  const vertices = collections.reduce((n, fc) => n + fc.features.reduce((m, f) => m + countVertices(f.geometry), 0), 0);
  log(`conflicts bench: ${data.parkPlan.features.length} park-plan, ${data.constraints.features.length} constraints, ${data.parcels.features.length} parcels, ${data.park.features.length} parks, ${vertices} vertices; generated in ${generateMs.toFixed(0)} ms, validated in ${validateMs.toFixed(0)} ms`);

  // ---- Ours, single thread.
  t = performance.now();
  let ours = await detectConflicts(layers, { minAreaM2: MIN_AREA_M2 });
  const oursColdMs = performance.now() - t;
  const oursRuns: number[] = [];
  const oursCpu: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    ours = EMPTY; // let the previous result go before timing the next
    (globalThis as { gc?: () => void }).gc?.();
    t = performance.now();
    const c = cpuMs();
    ours = await detectConflicts(layers, { minAreaM2: MIN_AREA_M2 });
    oursRuns.push(performance.now() - t);
    oursCpu.push(cpuMs() - c);
  }
  const oursMs = median(oursRuns);
  const oursCpuMs = median(oursCpu);
  log(`ours: cold ${oursColdMs.toFixed(0)} ms, runs ${oursRuns.map((x) => x.toFixed(0)).join(' ')} ms (CPU ${oursCpu.map((x) => x.toFixed(0)).join(' ')} ms); ${ours.conflicts.length} conflicts`);

  // ---- Ours on worker_threads.
  t = performance.now();
  const workers = await startPool(WORKERS);
  const poolStartMs = performance.now() - t;
  t = performance.now();
  let oursW = await runOnWorkers(workers, layers);
  const oursWorkersColdMs = performance.now() - t;
  const workerRuns: number[] = [];
  const workerCpu: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    oursW = EMPTY;
    (globalThis as { gc?: () => void }).gc?.();
    t = performance.now();
    const c = cpuMs();
    oursW = await runOnWorkers(workers, layers);
    workerRuns.push(performance.now() - t);
    workerCpu.push(cpuMs() - c);
  }
  // The clippers and the naive approach, timed in a worker (see the worker's comment), on the last run's input.
  const roles = readRoles(layers);
  const layout: Layout = { construction: roles.construction.length, parcels: roles.parcels.length, constraints: roles.constraints.length };
  const measured = await new Promise<Extract<Message, { kind: 'measured' }>>((resolve, reject) => {
    workers[0].once('message', (msg: Message) => (msg.kind === 'measured' ? resolve(msg) : reject(new Error(`unexpected ${msg.kind}`))));
    workers[0].postMessage({ kind: 'measure', layout });
  });
  await Promise.all(workers.map((w) => w.terminate()));
  const oursWorkersMs = median(workerRuns);
  const sameAsSingle = oursW.conflicts.length === ours.conflicts.length && CONFLICT_TYPES.every((k) => Math.abs(oursW.totals[k] - ours.totals[k]) <= 1e-9 * Math.max(1, ours.totals[k]));
  log(`ours on ${WORKERS} workers: pool start ${poolStartMs.toFixed(0)} ms, cold ${oursWorkersColdMs.toFixed(0)} ms, runs ${workerRuns.map((x) => x.toFixed(0)).join(' ')} ms (CPU, all threads ${workerCpu.map((x) => x.toFixed(0)).join(' ')} ms); same result as single thread: ${sameAsSingle}`);

  // ---- The clippers, on pairs that need clipping (timed in a worker, above).
  const clippers = measured.clippers;
  log(`clippers (µs per pair that needs clipping, ${clippers.sample} of ${clippers.pairsToClip}): ${Object.entries(clippers.usPerPair).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  // ---- PostGIS.
  const pg = await postgisConflictsPeer(layers, { minAreaM2: MIN_AREA_M2, repeat: REPEAT }, log);

  // ---- GEOS through shapely 2.
  const shp = runShapelyPeer(layers, { minAreaM2: MIN_AREA_M2, threads: WORKERS, repeat: REPEAT }, log);
  if (shp.ok) log(`shapely: ${shp.version}, serial ${shp.serialMs} ms ${JSON.stringify(shp.serialPhaseMs)}, ${shp.threads} threads ${shp.threadsMs} ms`);
  else log(`shapely: skipped: ${shp.reason}`);

  // ---- Where our single-thread time goes.
  const phases = ourPhases(layers);
  log(`ours by phase (ms): ${JSON.stringify(phases)}`);

  // ---- Naive all-pairs with turf (polyclip-ts), sampled (in a worker, above) and extrapolated.
  const mCount = roles.constructionIsM.filter(Boolean).length;
  const typeFourCount = roles.constraintType.filter((x) => x === TYPE_LANDUSE_MISMATCH).length;
  const allPairs = mCount * roles.constraints.length + (layout.construction - mCount) * (roles.constraints.length - typeFourCount) + roles.parcels.length;
  const m = measured.naive;
  const naive = {
    ...m,
    allPairs,
    extrapolatedMs: m.candidateTasks * m.candidateMsPerPair + (allPairs - m.candidateTasks - m.parcelTasks) * m.otherMsPerPair + m.parcelTasks * m.parcelMsPerPair,
  };
  log(`naive turf: ${naive.candidateMsPerPair.toFixed(3)} ms per overlapping-box pair, ${naive.otherMsPerPair.toFixed(3)} ms per other pair, ${naive.allPairs.toExponential(3)} pairs → ${(naive.extrapolatedMs / 3.6e6).toFixed(1)} h`);

  const counts = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, ours.conflicts.filter((c) => c.type === k).length])) as Record<ConflictType, number>;
  const relDiffTo = (totals: Record<ConflictType, number>) =>
    Object.fromEntries(CONFLICT_TYPES.map((k) => [k, Number((Math.abs(ours.totals[k] - totals[k]) / Math.max(totals[k], 1e-9)).toPrecision(3))]));
  const relDiff = pg.ok ? relDiffTo(pg.totals) : null;
  const s = ours.stats;
  console.log(JSON.stringify({
    bench: 'conflicts',
    park_plan_polygons: data.parkPlan.features.length,
    constraint_polygons: data.constraints.features.length,
    parcels: data.parcels.features.length,
    parks: data.park.features.length,
    vertices,
    invalid_inputs: invalid,
    validate_ms: Math.round(validateMs),
    load_average_start: round(loadAtStart, 2),
    load_average_end: round(loadavg()[0], 2),
    ours_ms: Math.round(oursMs),
    ours_cpu_ms: Math.round(oursCpuMs),
    ours_cold_ms: Math.round(oursColdMs),
    ours_workers_ms: Math.round(oursWorkersMs),
    ours_workers_cold_ms: Math.round(oursWorkersColdMs),
    ours_workers_cpu_ms: Math.round(median(workerCpu)),
    workers: WORKERS,
    worker_pool_start_ms: Math.round(poolStartMs),
    workers_same_result: sameAsSingle,
    postgis_ms: pg.ok ? Math.round(pg.serialMs) : null,
    postgis_cpu_ms: pg.ok ? Math.round(pg.serialCpuMs) : null,
    postgis_parallel_ms: pg.ok ? Math.round(pg.parallelMs) : null,
    postgis_load_ms: pg.ok ? Math.round(pg.loadMs) : null,
    postgis_version: pg.ok ? pg.version : null,
    postgis_skipped: pg.ok ? null : pg.reason,
    ratio: pg.ok ? round(oursMs / pg.serialMs, 3) : null,
    ratio_cpu: pg.ok ? round(oursCpuMs / pg.serialCpuMs, 3) : null,
    ratio_workers_vs_parallel: pg.ok ? round(oursWorkersMs / pg.parallelMs, 3) : null,
    shapely_ms: shp.ok ? Math.round(shp.serialMs) : null,
    shapely_threads_ms: shp.ok ? Math.round(shp.threadsMs) : null,
    shapely_threads: shp.ok ? shp.threads : null,
    shapely_load_ms: shp.ok ? shp.loadMs : null,
    shapely_version: shp.ok ? shp.version : null,
    shapely_skipped: shp.ok ? null : shp.reason,
    shapely_phase_ms: shp.ok ? shp.serialPhaseMs : null,
    shapely_threads_phase_ms: shp.ok ? shp.threadsPhaseMs : null,
    shapely_pairs: shp.ok ? shp.stats : null,
    ratio_vs_shapely: shp.ok ? round(oursMs / shp.serialMs, 3) : null,
    ratio_workers_vs_shapely_threads: shp.ok ? round(oursWorkersMs / shp.threadsMs, 3) : null,
    ours_phase_ms: phases,
    naive_turf_extrapolated_ms: Math.round(naive.extrapolatedMs),
    naive_turf_ms_per_overlapping_pair: round(naive.candidateMsPerPair, 3),
    naive_turf_ms_per_other_pair: round(naive.otherMsPerPair, 4),
    naive_turf_pairs: naive.allPairs,
    clipper_us_per_pair: clippers.usPerPair,
    clipper_sample_pairs: clippers.sample,
    clipper_area_rel_diff: clippers.areaRelDiff,
    clipper_vertices_per_pair: clippers.verticesPerPair,
    totals_m2: Object.fromEntries(CONFLICT_TYPES.map((k) => [k, round(ours.totals[k], 1)])),
    postgis_totals_m2: pg.ok ? Object.fromEntries(CONFLICT_TYPES.map((k) => [k, round(pg.totals[k], 1)])) : null,
    area_rel_diff_vs_postgis: relDiff,
    shapely_totals_m2: shp.ok ? Object.fromEntries(CONFLICT_TYPES.map((k) => [k, round(shp.totals[k], 1)])) : null,
    area_rel_diff_vs_shapely: shp.ok ? relDiffTo(shp.totals) : null,
    shapely_laea_vs_geodesic_rel_diff: shp.ok ? shp.laeaVsGeodesic : null,
    conflicts: counts,
    postgis_conflicts: pg.ok ? pg.counts : null,
    shapely_conflicts: shp.ok ? shp.counts : null,
    dropped_slivers: ours.droppedSlivers,
    postgis_dropped_slivers: pg.ok ? pg.slivers : null,
    shapely_dropped_slivers: shp.ok ? shp.slivers : null,
    candidate_pairs: s.candidatePairs,
    settled_empty: s.empty,
    settled_plan_whole: s.planWhole,
    settled_against_whole: s.againstWhole,
    settled_parts: s.partsByContainment,
    clipped: s.clipped,
    clipped_empty: s.clippedEmpty,
    rings_shortened: s.ringsReduced,
    skip_share: round((s.candidatePairs - s.clipped) / Math.max(1, s.candidatePairs), 3),
  }));
}

/**
 * The single-thread run taken apart (ms, medians of 3): detectConflicts as timed above, with core's `phaseMs`
 * (src/core/overlay/detect.ts): roles, flat geometry, Flatbush index, candidate pairs; per pair the exact tests,
 * the clipper's input (integer rings, long ones shortened), clipping, ellipsoidal areas; `output` the rest of the
 * pair loop (results written, bookkeeping); assembly. `wall` is the run's time with the timers on (each pair's
 * timers cost a little), `other` what the phases leave of it (chunk hand-offs).
 */
function ourPhases(layers: ValidatedLayer[]): Record<string, number> {
  const rounds: Array<Record<string, number>> = [];
  for (let r = 0; r < REPEAT; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const phaseMs: PhaseMs = {};
    const t = performance.now();
    detectConflictsSyncChunked(layers, phaseMs);
    const wall = performance.now() - t;
    const sum = Object.values(phaseMs).reduce((a, b) => a + b, 0);
    rounds.push({ ...phaseMs, other: wall - sum, wall });
  }
  return Object.fromEntries(Object.keys(rounds[0]).map((k) => [k, Math.round(median(rounds.map((x) => x[k])))]));
}

/** detectConflicts' steps (same chunks of 2000) with phase timers, synchronously. */
function detectConflictsSyncChunked(layers: ValidatedLayer[], phaseMs: PhaseMs): ConflictResult {
  const prepared = prepareOverlay(layers, { phaseMs });
  const chunks: ConflictChunk[] = [];
  for (let start = 0; start < prepared.tasks.subject.length; start += 2000) chunks.push(processTasks(prepared, start, start + 2000, { minAreaM2: MIN_AREA_M2, phaseMs }));
  return assembleConflicts(prepared, chunks, { minAreaM2: MIN_AREA_M2, phaseMs });
}

function countVertices(g: Polygon | MultiPolygon): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let n = 0;
  for (const rings of polys) for (const ring of rings) n += ring.length;
  return n;
}

/**
 * Each clipper on the same pairs: an even sample of those the exact tests leave for clipping, with the whole
 * geometries (the float clippers get them as GeoJSON, exactly the coordinates ours sees); ours also with the long
 * rings shortened, as the overlay runs. Areas on the ellipsoid, summed, to check that all agree.
 */
function compareClippers(prepared: OverlayInput) {
  const flat = prepared.geometries;
  const all = pairsToClip(prepared, 0, prepared.tasks.subject.length);
  const step = Math.max(1, Math.floor(all.length / CLIPPER_SAMPLE));
  const sample = all.filter((_, i) => i % step === 0).slice(0, CLIPPER_SAMPLE);
  const geo = sample.map((k) => ({
    s: featureGeometry(flat, prepared.tasks.subject[k])!,
    a: featureGeometry(flat, prepared.tasks.against[k])!,
    intersection: prepared.tasks.type[k] !== TYPE_OUTSIDE_PARK,
  }));
  const parts = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  const areaOf = (mp: Position[][][] | null | undefined) => (mp ?? []).reduce((sum, p) => sum + polygonAreaM2(p), 0);
  const intArea = (polygons: ReturnType<typeof clipPolygons>) =>
    (polygons ?? []).reduce((sum, p) => sum + polygonAreaM2(p.map((ring) => {
      const q = ring.map((v) => [lonOf(flat, v.x), latOf(flat, v.y)]);
      q.push(q[0]);
      return q;
    })), 0);
  const shortened = sample.map((k) => clipperInput(prepared, k));
  const full = sample.map((k) => clipperInput(prepared, k, { shortenRings: false }));
  const count = (x: { subject: { length: number }[]; clip: { length: number }[] }) => [...x.subject, ...x.clip].reduce((n, r) => n + r.length, 0);
  const runs: Record<string, { n: number; f: (i: number) => number }> = {
    'clipper2-js shortened (ours)': { n: sample.length, f: (i) => intArea(clipPolygons(shortened[i].subject, shortened[i].clip, shortened[i].operation)) },
    'clipper2-js full rings': { n: sample.length, f: (i) => intArea(clipPolygons(full[i].subject, full[i].clip, full[i].operation)) },
    'martinez-polygon-clipping': { n: sample.length, f: (i) => areaOf((geo[i].intersection ? martinez.intersection : martinez.diff)(parts(geo[i].s) as martinez.Geometry, parts(geo[i].a) as martinez.Geometry) as Position[][][] | null) },
    'polygon-clipping': { n: sample.length, f: (i) => areaOf((geo[i].intersection ? polygonClipping.intersection : polygonClipping.difference)(parts(geo[i].s) as polygonClipping.Geom, parts(geo[i].a) as polygonClipping.Geom) as Position[][][]) },
    'polyclip-ts (turf 7)': { n: Math.min(POLYCLIP_TS_SAMPLE, sample.length), f: (i) => {
      const fcol = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: {}, geometry: geo[i].s }, { type: 'Feature' as const, properties: {}, geometry: geo[i].a }] };
      const r = geo[i].intersection ? turfIntersect(fcol) : turfDifference(fcol);
      return r ? geometryAreaM2(r.geometry) : 0;
    } },
  };
  const usPerPair: Record<string, number> = {};
  const areas: Record<string, number> = {};
  for (const [name, { n, f }] of Object.entries(runs)) {
    for (let i = 0; i < Math.min(n, 200); i++) f(i); // warm-up
    // A loop of ~100 ms would be swamped by one major GC of this heap (~1 GB of GeoJSON): collect first, and take
    // the median of three rounds.
    const rounds: number[] = [];
    let area = 0;
    for (let r = 0; r < 3; r++) {
      (globalThis as { gc?: () => void }).gc?.();
      const t = performance.now();
      for (let i = 0; i < n; i++) area += f(i);
      rounds.push(performance.now() - t);
    }
    usPerPair[name] = round((median(rounds) / n) * 1000, 1);
    // Compare areas over the pairs every clipper ran.
    let common = 0;
    for (let i = 0; i < Math.min(POLYCLIP_TS_SAMPLE, sample.length); i++) common += f(i);
    areas[name] = common;
    if (area < 0) log('unreachable');
  }
  const ref = areas['clipper2-js shortened (ours)'];
  const areaRelDiff = Object.fromEntries(Object.entries(areas).map(([k, v]) => [k, Number((Math.abs(v - ref) / ref).toPrecision(2))]));
  const verticesPerPair = {
    shortened: round(shortened.reduce((n, x) => n + count(x), 0) / sample.length, 1),
    full: round(full.reduce((n, x) => n + count(x), 0) / sample.length, 1),
  };
  return { pairsToClip: all.length, sample: sample.length, usPerPair, areaRelDiff, verticesPerPair };
}


/**
 * Naive all-pairs: turf.intersect on every (construction, constraint) pair the types allow, turf.difference on
 * every parcel and its park. Timed on a sample of pairs whose boxes overlap (the candidate pairs) and of pairs
 * drawn at random (nearly all with boxes apart); the main thread scales that to every pair.
 */
function naiveTurf(input: OverlayInput, layout: Layout) {
  const flat = input.geometries;
  const { subject, against, type } = input.tasks;
  const geometry = (f: number) => featureGeometry(flat, f)!;
  const fc = (a: Polygon | MultiPolygon, b: Polygon | MultiPolygon) => ({
    type: 'FeatureCollection' as const,
    features: [a, b].map((g): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g })),
  });
  const candidateTasks = type.findIndex((t) => t === TYPE_OUTSIDE_PARK) < 0 ? type.length : type.findIndex((t) => t === TYPE_OUTSIDE_PARK);
  const parcelTasks = type.length - candidateTasks;
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let sink = 0;
  const timed = (n: number, pick: () => [number, number, boolean]) => {
    const pairs = Array.from({ length: n }, pick).map(([s, a, intersection]) => ({ s: geometry(s), a: geometry(a), intersection }));
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    for (const p of pairs) if ((p.intersection ? turfIntersect : turfDifference)(fc(p.s, p.a))) sink++;
    return n > 0 ? (performance.now() - t) / n : 0;
  };
  const candidateMsPerPair = timed(NAIVE_CANDIDATE_SAMPLE, () => {
    const k = Math.floor(rnd() * candidateTasks);
    return [subject[k], against[k], true];
  });
  const parcelMsPerPair = timed(Math.min(200, parcelTasks), () => {
    const k = candidateTasks + Math.floor(rnd() * parcelTasks);
    return [subject[k], against[k], false];
  });
  const constraintBase = layout.construction + layout.parcels;
  const otherMsPerPair = timed(NAIVE_OTHER_SAMPLE, () => [Math.floor(rnd() * layout.construction), constraintBase + Math.floor(rnd() * layout.constraints), true]);
  if (sink < 0) log('unreachable');
  return {
    candidateMsPerPair,
    otherMsPerPair,
    parcelMsPerPair,
    candidateTasks,
    parcelTasks,
  };
}
