import { describe, expect, it } from 'vitest';
import { parseGeoJsonText } from '../../src/core/io/geojson';
import { inferKind, validateLayer } from '../../src/core/schema/validate';
import { ringSelfIntersection, classifyCoordinates } from '../../src/core/schema/geometry';
import { formatProblem } from '../../src/core/schema/problems';

const square = [[114, 33], [114.001, 33], [114.001, 33.001], [114, 33.001], [114, 33]];
const feature = (id: unknown, properties: Record<string, unknown> | null, coordinates: unknown = [square], type = 'Polygon') => ({
  type: 'Feature', id, properties, geometry: { type, coordinates },
});
const fc = (features: unknown[], kind: string | undefined = 'parcel') => ({ type: 'FeatureCollection', ...(kind ? { kind } : {}), features });

function codes(json: unknown) {
  const r = validateLayer(json, 'f.geojson');
  return r.ok ? r.value.problems.map((p) => `${p.severity}:${p.code}${p.featureId ? `@${p.featureId}` : ''}${p.field ? `.${p.field}` : ''}`) : r.problems.map((p) => `${p.severity}:${p.code}`);
}

describe('validateLayer', () => {
  it('accepts a clean layer and reads typed records, keeping unknown properties on the feature', () => {
    const r = validateLayer(fc([feature('P1', { landUse: 'industrial', investmentWan: '1,200.5', agreedStartDate: '2020年1月5日', governmentCaused: '是', 备注: '<script>x</script>' })]), 'f.geojson');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.problems).toEqual([]);
    expect(r.value.records[0]).toMatchObject({ id: 'P1', landUse: 'industrial', investmentWan: 1200.5, agreedStartDate: '2020-01-05', governmentCaused: true });
    expect(r.value.layer.features[0].properties).toMatchObject({ 备注: '<script>x</script>', investmentWan: '1,200.5' });
  });

  it.each([
    ['not an object', [1, 2], ['error:not-geojson']],
    ['a wrong top-level type', { type: 'Polygon', coordinates: [] }, ['error:wrong-type']],
    ['no features array', { type: 'FeatureCollection' }, ['error:features-missing']],
    ['an unknown kind', { ...fc([]), kind: 'building' }, ['error:kind-unknown']],
    ['an empty collection', fc([]), ['warning:empty']],
  ])('reports %s', (_name, json, expected) => {
    expect(codes(json)).toEqual(expected);
  });

  it.each([
    ['a null geometry', { type: 'Feature', id: 'A', properties: {}, geometry: null }, 'error:geometry-missing@A'],
    ['a point', feature('A', {}, [114, 33], 'Point'), 'error:geometry-type@A'],
    ['a bow-tie', feature('A', {}, [[[114, 33], [114.001, 33.001], [114.001, 33], [114, 33.001], [114, 33]]]), 'error:ring-self-intersection@A'],
    ['a ring of two points', feature('A', {}, [[[114, 33], [114.001, 33], [114, 33]]]), 'error:ring-too-short@A'],
    ['a NaN coordinate', feature('A', {}, [[[114, 33], ['x', 33], [114.001, 33.001], [114, 33]]]), 'error:coordinate-invalid@A'],
    ['Gauss-Kruger metres', feature('A', {}, [[[38500000, 3650000], [38500100, 3650000], [38500100, 3650100], [38500000, 3650000]]]), 'error:coordinates-projected@A'],
    ['swapped axes', feature('A', {}, [[[33, 114], [33, 114.001], [33.001, 114.001], [33, 114]]]), 'error:coordinates-swapped@A'],
    ['an unclosed ring', feature('A', {}, [square.slice(0, 4)]), 'warning:ring-unclosed@A'],
    ['a negative investment', feature('A', { investmentWan: -5 }), 'warning:field-value@A.investmentWan'],
    ['an impossible date', feature('A', { agreedStartDate: '2021-02-29' }), 'warning:field-value@A.agreedStartDate'],
    ['an unknown land use', feature('A', { landUse: '工业' }), 'warning:field-value@A.landUse'],
    ['no id', feature(undefined, {}), 'warning:id-missing@f#1'],
  ])('reports %s on the feature', (_name, f, expected) => {
    expect(codes(fc([f]))).toEqual([expected]);
  });

  it('reports a duplicate id as an error and keeps both features', () => {
    const r = validateLayer(fc([feature('A', {}), feature('A', {})]), 'f.geojson');
    expect(r.ok && r.value.problems.map((p) => p.code)).toEqual(['id-duplicate']);
    expect(r.ok && r.value.layer.features.map((f) => f.id)).toEqual(['A', 'A#2']);
  });

  it('keeps a broken feature in the layer, listed as invalid', () => {
    const r = validateLayer(fc([feature('A', {}), { type: 'Feature', id: 'B', properties: { name: 'kept' }, geometry: null }]), 'f.geojson');
    expect(r.ok && r.value.layer.features.length).toBe(2);
    expect(r.ok && r.value.invalidIds).toEqual(['B']);
  });

  it('closes an unclosed ring in the layer it returns', () => {
    const r = validateLayer(fc([feature('A', {}, [square.slice(0, 4)])]), 'f.geojson');
    expect(r.ok && (r.value.layer.features[0].geometry.coordinates[0] as number[][]).length).toBe(5);
  });

  it('infers the kind from properties when the top-level kind is missing', () => {
    expect(inferKind([{ properties: { zoneType: 'built' } }])).toBe('zone');
    expect(inferKind([{ properties: { village: 'x', households: 1 } }])).toBe('relocation');
    expect(inferKind([{ properties: { planType: 'eco_env' } }])).toBe('plan');
    expect(inferKind([{ properties: { foo: 1 } }])).toBeNull();
    const r = validateLayer(fc([feature('A', { landUse: 'industrial' })], undefined), 'f.geojson');
    expect(r.ok && r.value.kind).toBe('parcel');
  });

  it('names file, feature and field in both languages', () => {
    const r = validateLayer(fc([feature('P-7', { investmentWan: 'abc' })]), 'parcels.geojson');
    const p = r.ok ? r.value.problems[0] : null;
    expect(formatProblem(p!, 'en')).toBe('parcels.geojson, feature "P-7" (#1), field investmentWan: warning: expected a number, found "abc"; treated as missing');
    expect(formatProblem(p!, 'zh')).toBe('parcels.geojson, 要素 "P-7" (第1个), 字段 investmentWan: 警告: 应为数字，实为 "abc"，按缺失处理');
  });
});

describe('parseGeoJsonText', () => {
  it('reports broken JSON with line and column, and accepts a BOM', () => {
    const r = parseGeoJsonText('{"type": "FeatureCollection",\n  "features": [}', 'x.geojson');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0].message.en).toMatch(/^is not valid JSON at line 2, column \d+/);
    expect(parseGeoJsonText('\ufeff' + JSON.stringify(fc([feature('A', {})])), 'x.geojson').ok).toBe(true);
    expect(!parseGeoJsonText('   ', 'x.geojson').ok).toBe(true);
  });
});

describe('geometry checks', () => {
  it('finds crossings, touches and fold-backs, and passes simple rings', () => {
    expect(ringSelfIntersection(square)).toBeNull();
    expect(ringSelfIntersection([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])).toEqual([1, 1]);
    // A ring that touches itself at a vertex (figure eight through one point).
    expect(ringSelfIntersection([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]])).not.toBeNull();
    // A spike that folds back on itself.
    expect(ringSelfIntersection([[0, 0], [2, 0], [3, 0], [2, 0.0], [2, 2], [0, 2], [0, 0]].filter((_, i) => i !== 3).concat([]))).toBeNull();
    expect(ringSelfIntersection([[0, 0], [3, 0], [2, 0], [2, 2], [0, 2], [0, 0]])).not.toBeNull();
  });

  it('classifies coordinate spaces', () => {
    expect(classifyCoordinates(113, 32, 115, 34)).toBe('lonlat');
    expect(classifyCoordinates(38400000, 3600000, 38500000, 3700000)).toBe('projected');
    expect(classifyCoordinates(500000, 3600000, 510000, 3700000)).toBe('projected');
    expect(classifyCoordinates(32, 113, 34, 115)).toBe('swapped');
    expect(classifyCoordinates(114, 33, 200, 34)).toBe('out-of-range');
  });
});

describe('findJsonError', async () => {
  const { findJsonError } = await import('../../src/core/io/jsonError');
  it.each([
    ['{"a": 1,}', 8, `expected a "name" but found '}'`],
    ['[1, 2', 5, 'unexpected end of the text'],
    ['{"a": tru}', 6, "unexpected 't'"],
    ['{"a": "x\ny"}', 8, 'control character or line break inside a string'],
    ['{"a": 1} x', 9, "unexpected 'x' after the end of the data"],
    ['{"a": NaN}', 6, "unexpected 'N'"],
  ])('finds the fault in %j', (text, offset, reason) => {
    expect(findJsonError(text)).toEqual({ offset, reason });
  });
  it('finds nothing in valid JSON', () => {
    expect(findJsonError('{"a": [1, -2.5e3, "\\u00e9", true, false, null, {}]}')).toBeNull();
  });
});
