// The map's bounding boxes (fit to layers, image extent, spatial index): every geometry kind, bad positions skipped.
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bboxOf, featureBox } from '../../src/map/bounds';

const fc = (geometries: unknown[]): FeatureCollection => ({ type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })) } as FeatureCollection);

describe('bboxOf', () => {
  it('spans polygons, multipolygons, lines, points and collections', () => {
    const layer = fc([
      { type: 'Polygon', coordinates: [[[114, 33], [114.1, 33], [114.1, 33.1], [114, 33]], [[114.02, 33.02], [114.03, 33.02], [114.03, 33.03], [114.02, 33.02]]] },
      { type: 'MultiPolygon', coordinates: [[[[113.5, 32.5], [113.6, 32.5], [113.6, 32.6], [113.5, 32.5]]]] },
      { type: 'LineString', coordinates: [[115, 34], [115.5, 34.5]] },
      { type: 'Point', coordinates: [112, 31] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [116, 35] }] },
    ]);
    expect(bboxOf([layer])).toEqual([112, 31, 116, 35]);
  });

  it('skips positions that are not lon/lat numbers, and gives null when none is left', () => {
    const layer = fc([{ type: 'Polygon', coordinates: [[[1, 2], ['5', 9], [Number.NaN, 1], [200, 1], [3, 4, 7], null, [2, 3]]] }, null]);
    expect(bboxOf([layer])).toEqual([1, 2, 3, 4]);
    expect(bboxOf([fc([{ type: 'Polygon', coordinates: [[[500, 500]]] }])])).toBeNull();
    expect(bboxOf([])).toBeNull();
  });

  it('joins several layers and gives the same box when asked again (remembered per layer)', () => {
    const a = fc([{ type: 'Point', coordinates: [1, 1] }]);
    const b = fc([{ type: 'Point', coordinates: [-2, 5] }]);
    expect(bboxOf([a, b])).toEqual([-2, 1, 1, 5]);
    expect(bboxOf([a, b])).toEqual([-2, 1, 1, 5]);
    expect(bboxOf([a])).toEqual([1, 1, 1, 1]);
  });

  it('featureBox is one feature\'s box', () => {
    expect(featureBox(fc([{ type: 'LineString', coordinates: [[3, 4], [1, 6]] }]).features[0])).toEqual([1, 4, 3, 6]);
    expect(featureBox({ type: 'Feature', properties: {}, geometry: null as never })).toBeNull();
  });
});
