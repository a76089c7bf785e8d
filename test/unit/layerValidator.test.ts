import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticParcels } from '../../bench/synthetic';
import { createLayerValidator } from '../../src/core/schema/layerValidator';
import type { LayerKind } from '../../src/core/schema/types';
import { validateLayer, type LayerResult } from '../../src/core/schema/validate';

const SAMPLE = new URL('../../data/sample/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('index.json', SAMPLE), 'utf8')) as { layers: Array<{ file: string; kind: LayerKind }> };
const sampleFiles = readdirSync(SAMPLE).filter((f) => f.endsWith('.geojson')).sort();
const kindOf = (file: string) => manifest.layers.find((l) => l.file === file)!.kind;

/** Batches of `features` cut at `cuts`. */
function batches(features: readonly unknown[], cuts: readonly number[]): unknown[][] {
  const at = [...cuts].map((c) => c % (features.length + 1)).sort((a, b) => a - b);
  const out: unknown[][] = [];
  let from = 0;
  for (const c of at) {
    out.push(features.slice(from, c));
    from = c;
  }
  out.push(features.slice(from));
  return out;
}

/**
 * Validates a collection in batches as the streaming reader would: `membersBefore` are the top-level members the
 * text holds before `features` (passed with each batch), `members` all of them. Returns the result and what each
 * `add` returned, concatenated.
 */
function inBatches(members: Record<string, unknown>, membersBefore: Record<string, unknown>, features: readonly unknown[], cuts: readonly number[], file: string, expectedKind?: LayerKind) {
  const validator = createLayerValidator(file, expectedKind);
  const streamed: unknown[] = [];
  for (const batch of batches(features, cuts)) {
    const added = validator.add(batch, membersBefore);
    expect(added.records.length).toBe(added.features.length);
    streamed.push(...added.features);
  }
  return { result: validator.finish(members), streamed };
}

const withoutFeatures = (json: Record<string, unknown>) => {
  const { features, ...members } = json;
  return { features: features as unknown[], members };
};

function expectSame(result: LayerResult, expected: LayerResult) {
  expect(result).toEqual(expected);
  // Same problems in the same order: ids renamed the same way, messages naming the same features.
  expect(result.ok ? result.value.problems : result.problems).toEqual(expected.ok ? expected.value.problems : expected.problems);
}

describe('createLayerValidator on the sample layers', () => {
  it.each(sampleFiles)('gives validateLayer’s layer for %s in batches of any size', (file) => {
    const json = JSON.parse(readFileSync(new URL(file, SAMPLE), 'utf8')) as Record<string, unknown>;
    const { features, members } = withoutFeatures(json);
    for (const expectedKind of [undefined, kindOf(file)]) {
      const expected = validateLayer(json, file, expectedKind);
      expect(expected.ok).toBe(true);
      for (const size of [1, 2, 3, 7, 1000]) {
        const cuts = features.map((_, i) => i).filter((i) => i % size === 0);
        // The kind at the top, before the features (as the samples have it): each batch is checked as it comes.
        const early = inBatches(members, members, features, cuts, file, expectedKind);
        expectSame(early.result, expected);
        expect(early.streamed).toEqual(expected.ok ? expected.value.layer.features : null);
        // No kind known before the features: they are held and checked at the end, to the same layer.
        const late = inBatches(members, {}, features, cuts, file, expectedKind);
        expectSame(late.result, expected);
        expect(late.streamed.length).toBe(expectedKind ? features.length : 0);
      }
    }
  });
});

// Synthetic parcels with what validation renames, flags or keeps aside, spread so that batches cut through them.
function awkwardParcels(n: number, seed: number): unknown[] {
  const features: Array<Record<string, unknown>> = syntheticParcels(n, seed) as never;
  for (let i = 0; i < n; i++) {
    const f = features[i];
    const props = f.properties as Record<string, unknown>;
    if (i % 7 === 3) f.id = features[i - 1].id; // the id of the feature just before: a duplicate across a cut between them
    if (i % 97 === 5) f.id = features[0].id; // the first id again, far away
    if (i % 89 === 11) f.id = `${String(features[1].id)}#3`; // a name a renamed duplicate could take
    if (i % 101 === 13) delete f.id, delete props.id;
    if (i % 113 === 17) props.enterprise = '河南\uFFFD\uFFFD有限公司'; // damaged text, counted over the whole layer
    if (i % 127 === 19) f.geometry = null;
    if (i % 131 === 23) props.investmentWan = '一百万';
  }
  const out: unknown[] = [...features];
  out.splice(50, 0, { type: 'Point' }, null, 17);
  return out;
}

describe('createLayerValidator on synthetic parcels', () => {
  const features = awkwardParcels(1500, 11);
  const file = 'parcels.geojson';
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, LayerKind | undefined]> = [
    ['kind before the features', { type: 'FeatureCollection', kind: 'parcel', name: '宗地' }, { type: 'FeatureCollection', kind: 'parcel', name: '宗地' }, undefined],
    ['kind after the features', { type: 'FeatureCollection', kind: 'parcel' }, { type: 'FeatureCollection' }, undefined],
    ['no kind, inferred', { type: 'FeatureCollection' }, { type: 'FeatureCollection' }, undefined],
    ['no kind, expected', { type: 'FeatureCollection' }, { type: 'FeatureCollection' }, 'parcel'],
    ['the expected kind after the features', { type: 'FeatureCollection', kind: 'parcel' }, { type: 'FeatureCollection' }, 'parcel'],
  ];
  const expectedFor = new Map(cases.map(([name, members, , kind]) => [name, validateLayer({ ...members, features }, file, kind)]));

  it('has duplicate ids, missing ids, non-features, broken geometry and damaged text to get right', () => {
    const expected = expectedFor.get('kind before the features')!;
    expect(expected.ok).toBe(true);
    const codes = new Set(expected.ok ? expected.value.problems.map((p) => p.code) : []);
    for (const code of ['id-duplicate', 'id-missing', 'feature-invalid', 'geometry-missing', 'text-damaged', 'field-value']) expect(codes).toContain(code);
  });

  it.each(cases.map(([name]) => name))('gives validateLayer’s layer wherever the batches are cut (%s)', (name) => {
    const [, members, membersBefore, kind] = cases.find((c) => c[0] === name)!;
    const expected = expectedFor.get(name)!;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 25 }), (cuts) => {
        expectSame(inBatches(members, membersBefore, features, cuts, file, kind).result, expected);
      }),
      { numRuns: 12 },
    );
  });

  it('renames a duplicate id the same way when the batch boundary falls between the two', () => {
    const square = { type: 'Polygon', coordinates: [[[114, 33], [114.001, 33], [114.001, 33.001], [114, 33]]] };
    const f = (id: string) => ({ type: 'Feature', id, properties: {}, geometry: square });
    const all = [f('A'), f('B'), f('A'), f('A#3'), f('B')];
    const members = { type: 'FeatureCollection', kind: 'parcel' };
    const expected = validateLayer({ ...members, features: all }, 'f.geojson');
    expect(expected.ok && expected.value.layer.features.map((x) => x.id)).toEqual(['A', 'B', 'A#3', 'A#3#4', 'B#5']);
    for (let cut = 0; cut <= all.length; cut++) expectSame(inBatches(members, members, all, [cut], 'f.geojson').result, expected);
  });
});

describe('createLayerValidator on whole-file problems', () => {
  const square = { type: 'Polygon', coordinates: [[[114, 33], [114.001, 33], [114.001, 33.001], [114, 33]]] };
  const feature = { type: 'Feature', id: 'A', properties: { zoneType: 'built' }, geometry: square };
  it.each([
    ['a kind other than the expected one', { type: 'FeatureCollection', kind: 'zone' }, [feature], 'parcel' as const],
    ['an unknown kind', { type: 'FeatureCollection', kind: 'building' }, [feature], undefined],
    ['no kind to be told', { type: 'FeatureCollection' }, [{ ...feature, properties: {} }], undefined],
    ['another type', { type: 'Topology' }, [feature], undefined],
    ['an empty collection', { type: 'FeatureCollection', kind: 'zone' }, [], undefined],
  ])('reports %s as validateLayer does', (_name, members, features, kind) => {
    const expected = validateLayer({ ...members, features }, 'f.geojson', kind);
    for (const before of [members, {}]) expectSame(inBatches(members, before, features, [0, 1], 'f.geojson', kind).result, expected);
  });

  it('reads a lone Feature as a collection of one, as validateLayer does', () => {
    const expected = validateLayer(feature, 'f.geojson');
    expect(expected.ok && expected.value.problems.map((p) => p.code)).toEqual(['single-feature']);
    expectSame(createLayerValidator('f.geojson').finish(feature), expected);
  });

  it('refuses a layer whose features were checked as one kind when the file ends naming another', () => {
    const validator = createLayerValidator('f.geojson');
    validator.add([feature], { type: 'FeatureCollection', kind: 'zone' });
    const r = validator.finish({ type: 'FeatureCollection', kind: 'parcel' });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['kind-duplicate']);
  });
});
