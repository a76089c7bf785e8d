// Ellipsoidal area of 100k synthetic parcels: ours (src/core/geodesy/area.ts) against turf.area (spherical, the
// speed yardstick) and GeographicLib (the accuracy reference). Prints one JSON line on stdout; progress on stderr.
// Run: npx tsx bench/area.bench.ts   (or npm run bench -- area)
import { performance } from 'node:perf_hooks';
import turfArea from '@turf/area';
import { delegatedRingCount, geometryAreaM2, resetDelegatedRingCount } from '../src/core/geodesy/area';
import { geodesicRingAreaM2 } from '../src/core/geodesy/geographiclib';
import { syntheticParcels } from './synthetic';

const N = 100_000;
const SEED = 42;
const REPEAT = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const features = syntheticParcels(N, SEED);
const geometries = features.map((f) => f.geometry);
process.stderr.write(`area bench: ${N} parcels\n`);

function runOurs(): number {
  let sum = 0;
  for (let i = 0; i < geometries.length; i++) sum += geometryAreaM2(geometries[i]);
  return sum;
}
function runTurf(): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += turfArea(features[i]);
  return sum;
}

// Warm-up: let both reach optimised code before timing (at least 5 rounds and 1.5 s: on a busy machine the
// optimising compiler's thread can lag behind).
let sink = 0;
const warmStart = performance.now();
for (let w = 0; w < 5 || performance.now() - warmStart < 1500; w++) sink += runOurs() + runTurf();

const ours: number[] = [];
const turf: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  // Alternate the order so that neither side always runs on a warmer cache or after a GC.
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const which of order) {
    const t = performance.now();
    sink += which === 0 ? runOurs() : runTurf();
    (which === 0 ? ours : turf).push(performance.now() - t);
  }
}
process.stderr.write(`ours ${ours.map((x) => x.toFixed(1)).join(' ')} ms; turf ${turf.map((x) => x.toFixed(1)).join(' ')} ms\n`);

// Accuracy against GeographicLib, once (it is ~60× slower), with the per-parcel figures kept for comparison.
resetDelegatedRingCount();
const ourAreas = geometries.map((g) => geometryAreaM2(g));
const delegated = delegatedRingCount();
const t0 = performance.now();
const refAreas = geometries.map((g) => {
  let a = geodesicRingAreaM2(g.coordinates[0]);
  for (let i = 1; i < g.coordinates.length; i++) a -= geodesicRingAreaM2(g.coordinates[i]);
  return a;
});
const geographiclibMs = performance.now() - t0;

let maxRel = 0;
let maxAbs = 0;
for (let i = 0; i < N; i++) {
  const err = Math.abs(ourAreas[i] - refAreas[i]);
  if (err > maxAbs) maxAbs = err;
  if (err / refAreas[i] > maxRel) maxRel = err / refAreas[i];
}
if (!Number.isFinite(sink)) process.stderr.write('unexpected non-finite sum\n');

const oursMs = median(ours);
const turfMs = median(turf);
console.log(
  JSON.stringify({
    bench: 'area',
    n: N,
    ours_ms: Number(oursMs.toFixed(1)),
    turf_ms: Number(turfMs.toFixed(1)),
    geographiclib_ms: Math.round(geographiclibMs),
    ratio_ours_turf: Number((oursMs / turfMs).toFixed(2)),
    ratio_geographiclib_turf: Number((geographiclibMs / turfMs).toFixed(1)),
    max_rel_err_vs_geographiclib: Number(maxRel.toPrecision(3)),
    max_abs_err_m2: Number(maxAbs.toPrecision(3)),
    large_polygons_delegated: delegated,
  }),
);
