// Issue 9 at scale: 100k and 1M synthetic parcels written to a GeoJSON file, read back in pieces (read stream →
// TextDecoder → featureStream → layerValidator), then evaluated; timings and memory per 100k parcels. The plain
// path (one string, one JSON.parse) is measured at 100k for comparison and tried at 1M, where it cannot work.
// Each measurement runs in a fresh Node process, so one's garbage does not weigh on the next's memory figures.
// Prints one JSON line. Run: npm run bench -- scale
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/core/evaluate';
import { createFeatureStream } from '../src/core/io/featureStream';
import { createLayerValidator } from '../src/core/schema/layerValidator';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';
import { syntheticParcels } from './synthetic';

const SIZES = [100_000, 1_000_000];
const BATCH = 10_000;
const REVIEW_DATE = '2026-06-30';
const CHILD_FLAGS = ['--expose-gc', '--max-old-space-size=8192'];
// The park boundaries of metrics.bench.ts: every synthetic parcel lies in one of them.
const PARKS = {
  type: 'FeatureCollection', kind: 'park',
  features: ['PARK-01', 'PARK-02'].map((id, i) => ({
    type: 'Feature', id, properties: { name: id, parkClass: i === 0 ? 'central' : 'county', leadingIndustries: ['装备制造'] },
    geometry: { type: 'Polygon', coordinates: [[[113.5, 32.5], [114.5, 32.5], [114.5, 33.5], [113.5, 33.5], [113.5, 32.5]]] },
  })),
};

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Writes `sizes` parcel files from one sequence of batches (distinct seeds and ids), never holding a whole file. */
async function writeFiles(dir: string, sizes: number[]): Promise<string[]> {
  const paths = sizes.map((n) => join(dir, `parcels-${n}.geojson`));
  const outs = paths.map((p) => createWriteStream(p));
  const head = '{"type":"FeatureCollection","kind":"parcel","name":"synthetic parcels","features":[\n';
  for (const out of outs) await write(out, head);
  const largest = Math.max(...sizes);
  for (let from = 0; from < largest; from += BATCH) {
    const batch = syntheticParcels(BATCH, 1000 + from / BATCH);
    batch.forEach((f, i) => {
      const id = `P${String(from + i + 1).padStart(7, '0')}`;
      if (f.properties.name === `${f.id} 地块`) f.properties.name = `${id} 地块`;
      f.id = id;
    });
    const text = batch.map((f) => JSON.stringify(f)).join(',\n');
    for (let k = 0; k < sizes.length; k++) if (from < sizes[k]) await write(outs[k], (from > 0 ? ',\n' : '') + text);
  }
  for (const out of outs) {
    out.end('\n]}\n');
    await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  }
  return paths;
}

interface Run {
  path: 'stream' | 'plain';
  n: number;
  file_mb: number;
  read_parse_ms: number;
  validate_ms: number;
  evaluate_ms: number;
  total_ms: number;
  heap_mb: number;
  /** Of heap_mb: the validated layer with its records, before evaluation. */
  heap_layer_mb: number;
  rss_mb: number;
  peak_rss_mb: number;
  heap_mb_per_100k: number;
  rss_mb_per_100k: number;
  parcels_flagged: number;
}

/** In a child process: reads, validates and evaluates one file; memory is what the results hold after a GC. */
async function measure(path: 'stream' | 'plain', file: string, n: number): Promise<Run> {
  const parks = validateLayer(PARKS, 'park.geojson');
  if (!parks.ok) throw new Error('park layer did not validate');
  gc();
  const before = process.memoryUsage();
  const start = performance.now();
  let validateMs = 0;
  let parcels: ValidatedLayer;
  if (path === 'stream') {
    const stream = createFeatureStream('parcels.geojson');
    const validator = createLayerValidator('parcels.geojson', 'parcel');
    const decoder = new TextDecoder('utf-8');
    const feed = (text: string) => {
      const features = stream.push(text);
      const t = performance.now();
      validator.add(features, stream.members);
      validateMs += performance.now() - t;
    };
    for await (const bytes of createReadStream(file)) feed(decoder.decode(bytes as Buffer, { stream: true }));
    feed(decoder.decode());
    const ended = stream.end();
    if (!ended.ok) throw new Error(ended.problems.map((p) => p.message.en).join('; '));
    const t = performance.now();
    const result = validator.finish(ended.members);
    validateMs += performance.now() - t;
    if (!result.ok) throw new Error('synthetic parcels did not validate');
    parcels = result.value;
  } else {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const t = performance.now();
    const result = validateLayer(json, 'parcels.geojson', 'parcel');
    validateMs = performance.now() - t;
    if (!result.ok) throw new Error('synthetic parcels did not validate');
    parcels = result.value;
  }
  const readParseMs = performance.now() - start - validateMs;
  gc();
  const loaded = process.memoryUsage().heapUsed;
  const t = performance.now();
  const evaluation = evaluate([parks.value, parcels], { reviewDate: REVIEW_DATE });
  const evaluateMs = performance.now() - t;
  if (parcels.layer.features.length !== n || evaluation.parcels.length !== n) throw new Error(`read ${parcels.layer.features.length} parcels, evaluated ${evaluation.parcels.length}, expected ${n}`);
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed - before.heapUsed;
  const rss = after.rss - before.rss;
  return {
    path, n, file_mb: mb(statSync(file).size),
    read_parse_ms: Math.round(readParseMs), validate_ms: Math.round(validateMs), evaluate_ms: Math.round(evaluateMs),
    total_ms: Math.round(readParseMs + validateMs + evaluateMs),
    heap_mb: mb(heap), heap_layer_mb: mb(loaded - before.heapUsed), rss_mb: mb(rss), peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
    heap_mb_per_100k: mb((heap * 100_000) / n), rss_mb_per_100k: mb((rss * 100_000) / n),
    // Used after the memory reading, so the layer and the evaluation are alive when it is taken.
    parcels_flagged: evaluation.parcels.filter((p) => p.flags.length > 0).length,
  };
}

/** In a child process: the stream reader against JSON.parse on the same text in memory (64 KiB pieces), medians of 5. */
function speed(file: string) {
  const text = readFileSync(file, 'utf8');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
  const parse: number[] = [];
  const streamed: number[] = [];
  for (let r = 0; r < 5; r++) {
    gc();
    let t = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - t);
    gc();
    t = performance.now();
    const stream = createFeatureStream('parcels.geojson');
    for (const chunk of chunks) stream.push(chunk);
    if (!stream.end().ok) throw new Error('stream failed');
    streamed.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { json_parse_ms: Math.round(median(parse)), stream_ms: Math.round(median(streamed)), ratio: Math.round((median(streamed) / median(parse)) * 100) / 100 };
}

function child(args: string[]): { ok: true; value: unknown } | { ok: false; error: string } {
  const r = spawnSync(process.execPath, [...CHILD_FLAGS, process.argv[1], '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0 && line.startsWith('{')) return { ok: true, value: JSON.parse(line) };
  const why = (r.stderr || r.stdout || '').split('\n').find((l) => /^\w*Error\b|FATAL|heap out of memory/.test(l)) ?? `exit code ${r.status}${r.signal ? `, signal ${r.signal}` : ''}`;
  return { ok: false, error: why.trim().slice(0, 200) };
}

async function main() {
  if (process.argv[2] === '--child') {
    const [mode, file, n] = process.argv.slice(3);
    const out = mode === 'speed' ? speed(file) : await measure(mode as 'stream' | 'plain', file, Number(n));
    console.log(JSON.stringify(out));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'park-atlas-scale-'));
  try {
    let t = performance.now();
    const files = await writeFiles(dir, SIZES);
    process.stderr.write(`scale bench: wrote ${SIZES.map((n, k) => `${n} parcels (${mb(statSync(files[k]).size)} MB)`).join(', ')} in ${Math.round(performance.now() - t)} ms\n`);
    const runs: unknown[] = [];
    const failures: Record<string, string> = {};
    const jobs: Array<[string, string[]]> = [
      ['stream', ['stream', files[0], String(SIZES[0])]],
      ['plain', ['plain', files[0], String(SIZES[0])]],
      ['stream', ['stream', files[1], String(SIZES[1])]],
      // One string of the whole file: expected to fail at 1M (V8's longest string is ~512 MB).
      ['plain', ['plain', files[1], String(SIZES[1])]],
    ];
    for (const [name, args] of jobs) {
      t = performance.now();
      const r = child(args);
      process.stderr.write(`  ${name} ${args[2]}: ${r.ok ? JSON.stringify(r.value) : `FAILED: ${r.error}`} (${Math.round(performance.now() - t)} ms)\n`);
      if (r.ok) runs.push(r.value);
      else failures[`${name}_${args[2]}`] = r.error;
    }
    const s = child(['speed', files[0]]);
    console.log(JSON.stringify({ bench: 'scale', runs, failures, stream_vs_json_parse_100k: s.ok ? s.value : s.error }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
