// Editing helpers: geometry edits (add, split, merge, delete) keep untouched features shared and areas exact;
// attribute input is checked against core's schema; snapping finds the nearest vertex on screen.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geometryAreaM2 } from '../../src/core/geodesy/area';
import { validateLayer } from '../../src/core/schema/validate';
import { applyInputs, parseFieldInput, schemaFields } from '../../src/ui/edit/attributes';
import { addFeature, deleteFeature, mergeFeatures, nextFeatureId, replaceGeometry, setProperties, splitFeature } from '../../src/ui/edit/geometryOps';
import { VertexIndex } from '../../src/ui/edit/snap';

const square = (x: number, y: number, s: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const parcel = (id: string, g: Polygon, props: Record<string, unknown> = {}): Feature => ({ type: 'Feature', id, properties: { landUse: 'industrial', investmentWan: 5000, ...props }, geometry: g });
const layer = (): FeatureCollection & { kind: string } => ({
  type: 'FeatureCollection', kind: 'parcel',
  features: [parcel('P-01', square(114, 33, 0.002)), parcel('P-02', square(114.002, 33, 0.002)), parcel('P-03', square(114.01, 33.01, 0.001))],
});
const area = (g: unknown) => geometryAreaM2(g as Polygon) as number;

describe('geometry edits', () => {
  it('next id follows the layer style', () => {
    expect(nextFeatureId(layer())).toBe('P-04');
    expect(nextFeatureId({ type: 'FeatureCollection', features: [] })).toBe('NEW-1');
    const sample = JSON.parse(readFileSync('data/sample/parcels.geojson', 'utf8')) as FeatureCollection;
    const next = nextFeatureId(sample);
    expect(sample.features.some((f) => String(f.id ?? f.properties?.id) === next)).toBe(false);
    expect(next).toMatch(/^RH-\d{3}$/);
  });

  it('adds a drawn polygon, closing its ring; refuses fewer than three corners', () => {
    const fc = layer();
    const open: Polygon = { type: 'Polygon', coordinates: [[[114.1, 33.1], [114.101, 33.1], [114.101, 33.101]]] };
    const r = addFeature(fc, open);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ids).toEqual(['P-04']);
    const added = r.data.features[3];
    expect((added.geometry as Polygon).coordinates[0]).toHaveLength(4);
    expect(r.data.features.slice(0, 3).every((f, i) => f === fc.features[i])).toBe(true);
    const line: Polygon = { type: 'Polygon', coordinates: [[[114.1, 33.1], [114.101, 33.1], [114.1, 33.1]]] };
    const bad = addFeature(fc, line);
    expect(bad.ok).toBe(false);
  });

  it('splits a parcel by a line into id-a and id-b that keep the properties and add up to the whole', () => {
    const fc = layer();
    const before = area(fc.features[0].geometry);
    const r = splitFeature(fc, 'P-01', { type: 'LineString', coordinates: [[114.0007, 32.999], [114.0013, 33.003]] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ids).toEqual(['P-01-a', 'P-01-b']);
    const [a, b] = r.data.features.slice(0, 2);
    expect(a.properties).toEqual(fc.features[0].properties);
    expect(b.properties).toEqual(fc.features[0].properties);
    expect(a.properties).not.toBe(fc.features[0].properties);
    const sum = area(a.geometry) + area(b.geometry);
    expect(Math.abs(sum - before) / before).toBeLessThan(1e-9);
    expect(area(a.geometry)).toBeGreaterThan(0.2 * before);
    expect(r.data.features[2]).toBe(fc.features[1]);
    // The parts validate as parcels (closed, simple rings).
    const v = validateLayer(r.data, 'p.geojson');
    expect(v.ok && v.value.invalidIds).toEqual([]);
  });

  it('refuses a line that does not cross the parcel, naming it', () => {
    const r = splitFeature(layer(), 'P-01', { type: 'LineString', coordinates: [[114.0005, 33.0005], [114.001, 33.001]] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toMatch(/P-01/);
    const outside = splitFeature(layer(), 'P-01', { type: 'LineString', coordinates: [[114.1, 33.1], [114.2, 33.2]] });
    expect(outside.ok).toBe(false);
  });

  it('a bent line splits too (three points, crossing twice)', () => {
    const fc = layer();
    const r = splitFeature(fc, 'P-01', { type: 'LineString', coordinates: [[113.999, 33.0005], [114.001, 33.0015], [114.003, 33.0005]] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sum = area(r.data.features[0].geometry) + area(r.data.features[1].geometry);
    expect(Math.abs(sum - area(fc.features[0].geometry))).toBeLessThan(1e-6);
  });

  it('merges two touching parcels into the first (turf union), refusing parcels apart', () => {
    const fc = layer();
    const r = mergeFeatures(fc, 'P-01', 'P-02');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.features.map((f) => f.id)).toEqual(['P-01', 'P-03']);
    const merged = r.data.features[0];
    expect(merged.geometry.type).toBe('Polygon');
    expect(merged.properties).toBe(fc.features[0].properties);
    const sum = area(fc.features[0].geometry) + area(fc.features[1].geometry);
    expect(Math.abs(area(merged.geometry) - sum) / sum).toBeLessThan(1e-9);
    const apart = mergeFeatures(fc, 'P-01', 'P-03');
    expect(apart.ok).toBe(false);
    if (!apart.ok) expect(apart.reason.zh).toContain('不相邻');
  });

  it('replaces a geometry, sets properties, deletes, sharing the rest', () => {
    const fc = layer();
    const moved = replaceGeometry(fc, 'P-02', square(114.002, 33, 0.003));
    expect(moved.ok && moved.data.features[1].properties).toBe(fc.features[1].properties);
    expect(moved.ok && moved.data.features[0]).toBe(fc.features[0]);
    const props = setProperties(fc, 'P-02', { landUse: 'commercial' });
    expect(props.ok && props.data.features[1].properties).toEqual({ landUse: 'commercial' });
    const gone = deleteFeature(fc, 'P-02');
    expect(gone.ok && gone.data.features.map((f) => f.id)).toEqual(['P-01', 'P-03']);
    expect(deleteFeature(fc, 'nope').ok).toBe(false);
  });
});

describe('attribute input against core schema', () => {
  it('numbers must be numbers; thousands separators read; units refused', () => {
    expect(parseFieldInput('parcel', 'investmentWan', '12,500.5')).toEqual({ ok: true, value: 12500.5 });
    const bad = parseFieldInput('parcel', 'investmentWan', '五千');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message.zh).toContain('应为数字');
      expect(bad.message.en).toContain('expected a number');
    }
    expect(parseFieldInput('parcel', 'floorAreaM2', '300 m2').ok).toBe(false);
    expect(parseFieldInput('parcel', 'floorAreaM2', '-5').ok).toBe(false);
    expect(parseFieldInput('relocation', 'households', '12.5').ok).toBe(false);
  });

  it('dates must be real dates, stored as ISO', () => {
    expect(parseFieldInput('parcel', 'agreedStartDate', '2024/3/5')).toEqual({ ok: true, value: '2024-03-05' });
    const feb30 = parseFieldInput('parcel', 'agreedStartDate', '2023-02-30');
    expect(feb30.ok).toBe(false);
    if (!feb30.ok) expect(feb30.message.en).toMatch(/date/);
    expect(parseFieldInput('parcel', 'agreedStartDate', '45000').ok).toBe(false);
  });

  it('enumerations, yes/no, empty clears, unknown fields stay text', () => {
    expect(parseFieldInput('parcel', 'landUse', 'industrial')).toEqual({ ok: true, value: 'industrial' });
    expect(parseFieldInput('parcel', 'landUse', 'factory').ok).toBe(false);
    expect(parseFieldInput('parcel', 'isLeadingIndustry', '是')).toEqual({ ok: true, value: true });
    expect(parseFieldInput('parcel', 'investmentWan', '  ')).toEqual({ ok: true, value: null });
    expect(parseFieldInput('parcel', '备注', ' 任意 ')).toEqual({ ok: true, value: ' 任意 ' });
    expect(schemaFields('parcel').map((f) => f.field)).toContain('taxWan');
    expect(schemaFields('generic')).toEqual([]);
  });

  it('applyInputs keeps other properties and does not add cleared absent fields', () => {
    const props = { name: 'A', investmentWan: 1 };
    expect(applyInputs(props, { investmentWan: 2, taxWan: null })).toEqual({ name: 'A', investmentWan: 2 });
    expect(applyInputs(props, { investmentWan: null })).toEqual({ name: 'A', investmentWan: null });
  });
});

describe('snapping', () => {
  // A flat projection: 100 000 px per degree, y down.
  const project = (lon: number, lat: number) => ({ x: (lon - 114) * 1e5, y: (33.1 - lat) * 1e5 });
  const unproject = (x: number, y: number) => ({ lng: 114 + x / 1e5, lat: 33.1 - y / 1e5 });

  it('snaps to the nearest vertex within the tolerance, skipping the edited feature', () => {
    const index = new VertexIndex([layer()]);
    const corner = project(114.002, 33.002);
    expect(index.snap({ x: corner.x + 4, y: corner.y - 3 }, project, unproject, 8)).toEqual([114.002, 33.002]);
    expect(index.snap({ x: corner.x + 20, y: corner.y }, project, unproject, 8)).toBeNull();
    const skipping = new VertexIndex([layer()], 'P-03');
    const c3 = project(114.01, 33.01);
    expect(skipping.snap(c3, project, unproject, 8)).toBeNull();
    expect(new VertexIndex([]).snap(c3, project, unproject, 8)).toBeNull();
  });
});
