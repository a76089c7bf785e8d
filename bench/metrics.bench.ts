// All metrics + rules + idle for 100k parcels: validation (parse → checked layer) and evaluation, timed apart.
// Prints one JSON line. Run: npm run bench -- metrics
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/core/evaluate';
import { validateLayer } from '../src/core/schema/validate';
import { syntheticParcels } from './synthetic';

const N = 100_000;
const REPEAT = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc;
const features = syntheticParcels(N, 42);
const park = {
  type: 'FeatureCollection', kind: 'park',
  features: ['PARK-01', 'PARK-02'].map((id, i) => ({
    type: 'Feature', id, properties: { name: id, parkClass: i === 0 ? 'central' : 'county', leadingIndustries: ['装备制造'] },
    geometry: { type: 'Polygon', coordinates: [[[113.5, 32.5], [114.5, 32.5], [114.5, 33.5], [113.5, 33.5], [113.5, 32.5]]] },
  })),
};
const text = JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', features });
process.stderr.write(`metrics bench: ${N} parcels, ${(text.length / 1e6).toFixed(1)} MB of GeoJSON\n`);

const parse: number[] = [], validate: number[] = [], evaluation: number[] = [];
let heapMb = 0;
let flagged = 0, idle = 0;
for (let r = 0; r < REPEAT; r++) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let t = performance.now();
  const json = JSON.parse(text);
  parse.push(performance.now() - t);
  t = performance.now();
  const parcels = validateLayer(json, 'parcels.geojson');
  const parks = validateLayer(park, 'park.geojson');
  validate.push(performance.now() - t);
  if (!parcels.ok || !parks.ok) throw new Error('synthetic data did not validate');
  t = performance.now();
  const e = evaluate([parks.value, parcels.value], { reviewDate: '2026-06-30' });
  evaluation.push(performance.now() - t);
  heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - before) / 1e6);
  flagged = e.parcels.filter((p) => p.flags.length > 0).length;
  idle = e.parcels.filter((p) => p.idle.isIdle).length;
}

console.log(JSON.stringify({
  bench: 'metrics',
  n: N,
  json_parse_ms: Math.round(median(parse)),
  validate_ms: Math.round(median(validate)),
  evaluate_ms: Math.round(median(evaluation)),
  total_ms: Math.round(median(parse) + median(validate) + median(evaluation)),
  heap_mb_per_100k: Math.round((heapMb * 100_000) / N),
  parcels_flagged: flagged,
  parcels_idle: idle,
}));
