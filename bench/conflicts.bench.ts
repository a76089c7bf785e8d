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
//     2 parallel workers, on a throwaway cluster (bench/postgis.ts); load time reported apart from query time.
// Prints one JSON line on stdout; progress on stderr. Run: npm run bench -- conflicts
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { difference as turfDifference, intersect as turfIntersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import * as martinez from 'martinez-polygon-clipping';
import polygonClipping from 'polygon-clipping';
import { geometryAreaM2, polygonAreaM2 } from '../src/core/geodesy/area';
import { clipPolygons } from '../src/core/overlay/clip';
import {
  assembleConflicts, chunkTransferables, clipperInput, detectConflicts, detectConflictsSync, pairsToClip, prepareOverlay, processTasks,
  type ConflictChunk, type OverlayInput,
} from '../src/core/overlay/detect';
import { featureGeometry, latOf, lonOf } from '../src/core/overlay/flat';
import { readRoles, TYPE_LANDUSE_MISMATCH, TYPE_OUTSIDE_PARK } from '../src/core/overlay/roles';
import { CONFLICT_TYPES, type ConflictResult, type ConflictType } from '../src/core/overlay/types';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';
import { conflictData } from './conflictData';
import { hexEwkb, startPostgis } from './postgis';

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
  const pg = await postgisPeer(layers);

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
  const relDiff = pg.ok
    ? Object.fromEntries(CONFLICT_TYPES.map((k) => [k, Number((Math.abs(ours.totals[k] - pg.totals[k]) / Math.max(pg.totals[k], 1e-9)).toPrecision(3))]))
    : null;
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
    conflicts: counts,
    postgis_conflicts: pg.ok ? pg.counts : null,
    dropped_slivers: ours.droppedSlivers,
    postgis_dropped_slivers: pg.ok ? pg.slivers : null,
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

type PeerResult =
  | { ok: true; version: string; loadMs: number; serialMs: number; serialCpuMs: number; parallelMs: number; totals: Record<ConflictType, number>; counts: Record<ConflictType, number>; slivers: number }
  | { ok: false; reason: string };

/** Loads the same features into PostGIS and runs the same conflicts there; serial and with 2 parallel workers. */
async function postgisPeer(layers: ValidatedLayer[]): Promise<PeerResult> {
  const started = await startPostgis({
    fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', wal_level: 'minimal', max_wal_senders: '0',
    max_wal_size: '4GB', shared_buffers: '1GB', work_mem: '256MB', maintenance_work_mem: '512MB',
    max_worker_processes: '4', max_parallel_workers: '2', max_parallel_workers_per_gather: '2', jit: 'off',
  }, log);
  if (!started.ok) {
    log(`postgis: skipped: ${started.reason}`);
    return { ok: false, reason: started.reason };
  }
  const db = started.cluster;
  try {
    // The same roles as ours (src/core/overlay/roles.ts): construction land with its M flag, constraints with
    // their conflict type, parcels with their park.
    const roles = readRoles(layers);
    let t = performance.now();
    await db.sql(`
      CREATE UNLOGGED TABLE subj (id text, is_m boolean, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE cons (id text, ctype smallint, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE parcel (id text, park text, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE park (id text, geom geometry(Geometry, 4326));`);
    const rows = async (write: (s: string) => Promise<void>, n: number, line: (i: number) => string) => {
      let buf = '';
      for (let i = 0; i < n; i++) {
        buf += line(i);
        if (buf.length > 1 << 20) {
          await write(buf);
          buf = '';
        }
      }
      if (buf) await write(buf);
    };
    const hex = (g: Polygon | MultiPolygon) => hexEwkb(g as Parameters<typeof hexEwkb>[0]);
    await Promise.all([
      db.copy('subj', ['id', 'is_m', 'geom'], (w) => rows(w, roles.construction.length, (i) => `${roles.construction[i].id}\t${roles.constructionIsM[i] ? 't' : 'f'}\t${hex(roles.construction[i].geometry)}\n`)),
      db.copy('cons', ['id', 'ctype', 'geom'], (w) => rows(w, roles.constraints.length, (i) => `${roles.constraints[i].id}\t${roles.constraintType[i]}\t${hex(roles.constraints[i].geometry)}\n`)),
    ]);
    await db.copy('parcel', ['id', 'park', 'geom'], (w) => rows(w, roles.parcels.length, (i) => `${roles.parcels[i].id}\t${roles.parks[roles.parcelPark[i]].id}\t${hex(roles.parcels[i].geometry)}\n`));
    await db.copy('park', ['id', 'geom'], (w) => rows(w, roles.parks.length, (i) => `${roles.parks[i].id}\t${hex(roles.parks[i].geometry)}\n`));
    await db.sql(`
      CREATE INDEX ON subj USING gist (geom);
      CREATE INDEX ON cons USING gist (geom);
      CREATE INDEX ON park (id);
      ANALYZE subj; ANALYZE cons; ANALYZE parcel; ANALYZE park;`);
    const loadMs = performance.now() - t;
    log(`postgis: loaded ${roles.construction.length} + ${roles.constraints.length} + ${roles.parcels.length} + ${roles.parks.length} rows with GiST indexes in ${loadMs.toFixed(0)} ms`);
    // Idiomatic PostGIS: ST_Intersects (index + prepared geometry) before ST_Intersection, and ST_CoveredBy to skip
    // clipping a feature wholly inside the other; areas on the spheroid (geography, GeographicLib).
    const query = `
      SELECT t, count(*) FILTER (WHERE a >= ${MIN_AREA_M2}), coalesce(sum(a) FILTER (WHERE a >= ${MIN_AREA_M2}), 0), count(*) FILTER (WHERE a > 0 AND a < ${MIN_AREA_M2})
      FROM (
        SELECT c.ctype AS t,
               CASE WHEN ST_CoveredBy(s.geom, c.geom) THEN ST_Area(s.geom::geography)
                    ELSE ST_Area(ST_CollectionExtract(ST_Intersection(s.geom, c.geom), 3)::geography) END AS a
        FROM subj s JOIN cons c ON ST_Intersects(s.geom, c.geom)
        WHERE c.ctype <> 4 OR s.is_m
        UNION ALL
        SELECT 5,
               CASE WHEN ST_CoveredBy(p.geom, k.geom) THEN 0
                    ELSE ST_Area(ST_CollectionExtract(ST_Difference(p.geom, k.geom), 3)::geography) END
        FROM parcel p JOIN park k ON k.id = p.park
      ) x GROUP BY t ORDER BY t;`;
    // Wall time from psql's \timing; CPU time of the serving backend from /proc (clock ticks), read in the same
    // session before and after (parallel workers are other processes: not counted, so CPU only for serial runs).
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const timed = async (settings: string) => {
      // (\! does not expand psql variables, so the pid goes through the environment.)
      const out = await db.sql(`${settings}\nSELECT pg_backend_pid() AS pid \\gset\n\\setenv PGPID :pid\n\\! cat /proc/$PGPID/stat\n\\timing on\n${query}\n\\timing off\n\\! cat /proc/$PGPID/stat\n`);
      const ms = Number(/Time: ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
      const stats = [...out.matchAll(/^\d+ \(postgres\) \S+ (.*)$/gm)].map((m) => m[1].split(' '));
      // After "pid (comm) state": ppid … utime is field 14 and stime field 15 of /proc/pid/stat, i.e. [10], [11] here.
      const cpu = stats.length === 2 ? ((Number(stats[1][10]) + Number(stats[1][11]) - Number(stats[0][10]) - Number(stats[0][11])) * 1000) / ticks : NaN;
      return { ms, cpu, out };
    };
    const serialSettings = 'SET max_parallel_workers_per_gather = 0;';
    const parallelSettings = 'SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;';
    const serial: number[] = [];
    const serialCpu: number[] = [];
    const parallel: number[] = [];
    let out = '';
    for (let r = 0; r < REPEAT; r++) {
      const a = await timed(serialSettings);
      serial.push(a.ms);
      serialCpu.push(a.cpu);
      out = a.out;
      parallel.push((await timed(parallelSettings)).ms);
    }
    const plan = await db.sql(`${parallelSettings}\nEXPLAIN ${query}`);
    const workersPlanned = /Workers Planned: (\d+)/.exec(plan)?.[1] ?? '0';
    log(`postgis: serial ${serial.map((x) => x.toFixed(0)).join(' ')} ms (backend CPU ${serialCpu.map((x) => x.toFixed(0)).join(' ')} ms), parallel (${workersPlanned} workers planned) ${parallel.map((x) => x.toFixed(0)).join(' ')} ms`);
    const totals = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, 0])) as Record<ConflictType, number>;
    const counts = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, 0])) as Record<ConflictType, number>;
    let slivers = 0;
    for (const line of out.split('\n')) {
      const m = /^(\d)\|(\d+)\|([\d.e+-]+)\|(\d+)$/.exec(line.trim());
      if (!m) continue;
      const k = CONFLICT_TYPES[Number(m[1]) - 1];
      counts[k] = Number(m[2]);
      totals[k] = Number(m[3]);
      slivers += Number(m[4]);
    }
    return { ok: true, version: db.version, loadMs, serialMs: median(serial), serialCpuMs: median(serialCpu), parallelMs: median(parallel), totals, counts, slivers };
  } finally {
    db.stop();
  }
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
