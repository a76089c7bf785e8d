// The data worker's functions in Node: a layer read in parts equals core's validation of the whole file, a failed
// read is the page's failure, and an evaluation over held layers (named by key) equals core's evaluate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluate, type ParcelResult } from '../../src/core/evaluate';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';
import { assembleConflicts, detectConflicts } from '../../src/core/overlay/detect';
import { flattenGeometries } from '../../src/core/overlay/flat';
import { resultPartDecoder } from '../../src/workers/resultParts';
import { dataApi, PART_SIZE, type FeaturePart, type FileResult } from '../../src/workers/dataApi';
import { syntheticParcels } from '../../bench/synthetic';

const SAMPLE = join(__dirname, '../../data/sample');

/** The bytes in pieces of an odd size, so pieces end inside numbers, strings and multi-byte characters. */
function chunked(text: string, size = 65_537): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) { controller.close(); return; }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** fetch answering from a table of texts (404 for anything else), the body streamed in pieces. */
function serve(files: Record<string, string>) {
  vi.stubGlobal('fetch', async (url: string) => {
    const text = files[url];
    return text === undefined ? new Response('nope', { status: 404 }) : new Response(chunked(text), { status: 200 });
  });
}

async function read(url: string, file: string, kindHint: 'parcel' | null = null): Promise<{ result: FileResult; parts: FeaturePart[] }> {
  const parts: FeaturePart[] = [];
  const result = await dataApi.readFile({ url, file, kindHint }, (p) => { parts.push(p); });
  return { result, parts };
}

/** Sample files served and read by the worker: their texts, and the keys it holds them under. */
const sampleTexts = (files: string[]) => Object.fromEntries(files.map((f) => [`http://x/${f}.geojson`, readFileSync(join(SAMPLE, `${f}.geojson`), 'utf8')]));
async function readHeld(files: string[], texts: Record<string, string>): Promise<string[]> {
  serve(texts);
  const keys: string[] = [];
  for (const f of files) {
    const { result } = await read(`http://x/${f}.geojson`, `${f}.geojson`);
    if (!result.ok || !result.head.validated) throw new Error(f);
    keys.push(result.head.validated.key);
  }
  return keys;
}

afterEach(() => {
  vi.unstubAllGlobals();
  dataApi.retain([]);
});

describe('data worker: reading a layer file', () => {
  it('sends the features and records in parts that join to exactly what validateLayer gives', async () => {
    const features = syntheticParcels(PART_SIZE * 2 + 17, 3);
    const text = JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', name: 'big', features });
    serve({ 'http://x/big.geojson': text });
    const { result, parts } = await read('http://x/big.geojson', 'big.geojson');
    const expected = validateLayer(JSON.parse(text), 'big.geojson');
    if (!result.ok || !expected.ok) throw new Error('expected both to read');
    expect(parts.map((p) => p.count)).toEqual([PART_SIZE, PART_SIZE, 17]);
    const got = parts.flatMap((p) => JSON.parse(p.featuresJson));
    const records = parts.flatMap((p) => JSON.parse(p.recordsJson!));
    expect(got).toEqual(expected.value.layer.features);
    expect(records).toEqual(JSON.parse(JSON.stringify(expected.value.records)));
    expect(result.head.featureCount).toBe(features.length);
    expect(result.head.members).toMatchObject({ type: 'FeatureCollection', kind: 'parcel', name: 'big' });
    expect(result.head.validated).toMatchObject({ kind: 'parcel', invalidIds: expected.value.invalidIds, problems: expected.value.problems });
  });

  it('a kind stated after the features, and Chinese text split across pieces, read the same', async () => {
    const features = syntheticParcels(PART_SIZE + 3, 5);
    const text = `{"type":"FeatureCollection","features":${JSON.stringify(features)},"name":"后置类型","kind":"parcel"}`;
    serve({ 'http://x/late.geojson': text });
    const { result, parts } = await read('http://x/late.geojson', 'late.geojson');
    const expected = validateLayer(JSON.parse(text), 'late.geojson');
    if (!result.ok || !expected.ok) throw new Error('expected both to read');
    expect(parts.flatMap((p) => JSON.parse(p.featuresJson))).toEqual(expected.value.layer.features);
    expect(parts.flatMap((p) => JSON.parse(p.recordsJson!))).toEqual(JSON.parse(JSON.stringify(expected.value.records)));
    expect(result.head.members).toMatchObject({ kind: 'parcel' });
  });

  it('a file broken near its end fails with its line and column, whatever parts went before', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', features: syntheticParcels(PART_SIZE + 10, 9) });
    serve({ 'http://x/cut.geojson': `${text.slice(0, -40)}#${text.slice(-39)}` });
    const { result } = await read('http://x/cut.geojson', 'cut.geojson');
    if (result.ok || result.failure.code !== 'invalid') throw new Error('expected invalid');
    expect(result.failure.problems[0].file).toBe('cut.geojson');
    expect(result.failure.problems[0].message.en).toMatch(/line 1\b/);
  });

  it('reports a missing file and broken JSON as the page reports them, naming the file', async () => {
    serve({ 'http://x/broken.geojson': '{"type":"FeatureCollection","features":[' });
    const missing = await read('http://x/missing.geojson', 'missing.geojson');
    expect(missing.result).toEqual({ ok: false, failure: { code: 'http', status: 404 } });
    const broken = await read('http://x/broken.geojson', 'broken.geojson');
    expect(broken.result.ok).toBe(false);
    if (broken.result.ok || broken.result.failure.code !== 'invalid') throw new Error('expected invalid');
    expect(broken.result.failure.problems[0].file).toBe('broken.geojson');
    expect(broken.parts).toHaveLength(0);
  });

  it('keeps a file whose kind cannot be told as plain features, with the kind-unknown problem', async () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'a', properties: { note: 'x' }, geometry: { type: 'Point', coordinates: [114, 33] } }, { type: 'Nonsense' }] };
    serve({ 'http://x/points.geojson': JSON.stringify(fc) });
    const { result, parts } = await read('http://x/points.geojson', 'points.geojson');
    if (!result.ok) throw new Error('expected a plain layer');
    expect(result.head.validated).toBeNull();
    expect(result.head.unknownKindProblems?.every((p) => p.code === 'kind-unknown')).toBe(true);
    expect(parts.flatMap((p) => JSON.parse(p.featuresJson))).toEqual([fc.features[0]]);
  });
});

describe('data worker: evaluating', () => {
  const files = ['park', 'zones', 'parcels', 'relocation'];
  const texts = sampleTexts(files);
  const direct = (): ValidatedLayer[] => files.map((f) => {
    const r = validateLayer(JSON.parse(texts[`http://x/${f}.geojson`]), `${f}.geojson`);
    if (!r.ok) throw new Error(f);
    return r.value;
  });

  it('over layers it holds (by key) equals core evaluate on the same files, with parcel results in parts', async () => {
    const keys = await readHeld(files, texts);
    const options = { reviewDate: '2026-06-30' as const };
    const parts: ParcelResult[][] = [];
    const decode = resultPartDecoder();
    const tables: string[][] = [];
    const { head, keys: back } = dataApi.evaluate(keys.map((key) => ({ key })), options, (p) => { tables.push(p.newStrings); parts.push(decode(p)); });
    // Each source text travels once, in the part that first needs it (the sample cites more than one).
    const sent = tables.flat();
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(1);
    expect(back).toEqual(keys);
    const expected = evaluate(direct(), options);
    const { parcels, ...rest } = expected;
    // JSON carries them exactly: the same values, only absent members where core left undefined ones.
    expect(parts.flat()).toEqual(JSON.parse(JSON.stringify(parcels)));
    expect(parts.flat()).toEqual(parcels);
    expect(head.parcelCount).toBe(parcels.length);
    const { parcelCount: _n, workerMs, ...headRest } = head;
    expect(headRest).toEqual(rest);
    expect(workerMs).toBeGreaterThanOrEqual(0);
    // A new review date needs no layers sent again; the idle findings move with it.
    const later = dataApi.evaluate(keys.map((key) => ({ key })), { reviewDate: '2028-06-30' }, () => {});
    expect(later.head.reviewDate).toBe('2028-06-30');
  });

  it('keeps a layer sent whole under a new key, and lets go of layers no longer named', () => {
    const layers = direct();
    const first = dataApi.evaluate(layers.map((layer) => ({ layer })), {}, () => {});
    expect(new Set(first.keys).size).toBe(layers.length);
    // Only the park named now: the others are dropped, and naming one of them again fails clearly.
    dataApi.evaluate([{ key: first.keys[0] }], {}, () => {});
    expect(() => dataApi.evaluate([{ key: first.keys[2] }], {}, () => {})).toThrow(/no longer held/);
  });
});

describe('data worker: 五规合一 conflicts over the layers it holds', () => {
  const files = ['park', 'parcels', 'plan-park_master', 'plan-land_use', 'plan-eco_env', 'plan-urban_master'];
  const texts = sampleTexts(files);
  const readAll = () => readHeld(files, texts);

  it('equals core\'s check on the same files, with progress up to all pairs', async () => {
    const keys = await readAll();
    const progress: Array<[number, number]> = [];
    const payload = await dataApi.conflicts(keys, undefined, 1, (done, total) => { progress.push([done, total]); });
    const got = assembleConflicts({ ...payload.overlay, geometries: flattenGeometries([]) }, payload.chunks, { minAreaM2: payload.minAreaM2 });
    const layers = files.map((f) => {
      const r = validateLayer(JSON.parse(texts[`http://x/${f}.geojson`]), `${f}.geojson`);
      if (!r.ok) throw new Error(f);
      return r.value;
    });
    const want = await detectConflicts(layers);
    expect(got.conflicts.length).toBeGreaterThan(0);
    expect(got.conflicts.map((c) => [c.type, c.plan, c.against, c.areaM2])).toEqual(want.conflicts.map((c) => [c.type, c.plan, c.against, c.areaM2]));
    expect(got.totals).toEqual(want.totals);
    expect(progress[0][0]).toBe(0);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
  });

  it('stops when cancelled, and names a layer it no longer holds', async () => {
    const keys = await readAll();
    const job = dataApi.conflicts(keys, undefined, 2);
    dataApi.cancelConflicts(2);
    await expect(job).rejects.toThrow(/cancelled/);
    // The job's id is forgotten: a new job with it runs.
    await expect(dataApi.conflicts(keys, undefined, 2)).resolves.toMatchObject({ minAreaM2: 1 });
    dataApi.retain([]);
    await expect(dataApi.conflicts(keys, undefined, 3)).rejects.toThrow(/no longer held/);
  });
});
