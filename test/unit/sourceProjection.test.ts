// The zone an imported layer was read in, and the planar area in that zone from the current lon/lat geometry
// (src/core/io/sourceProjection.ts): equal to the planar area the reader computed from the file's own metres.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { gaussKrugerToLonLat, type GaussKrugerZone } from '../../src/core/geodesy/gaussKruger';
import { readCoordTxt } from '../../src/core/io/coordTxt';
import { planarAreaInZoneM2, sourceZoneOf, withSourceProjection } from '../../src/core/io/sourceProjection';
import { detectInputs, readInput } from '../../src/ui/import/preview';

const fx = join(__dirname, '../fixtures');
const file = (path: string) => ({ name: path.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(join(fx, path))) });
const Z38: GaussKrugerZone = { width: 3, zone: 38, prefixed: true };

describe('source projection', () => {
  it('坐标TXT: the zone from coordTxt, planar areas equal to the reader’s (from the file’s metres) to 1e-4 m²', () => {
    const r = readCoordTxt(readFileSync(join(fx, 'coordtxt/standard.txt')), 'standard.txt');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const zone = sourceZoneOf(r.value.layer);
    expect(zone).toEqual(Z38);
    for (const [i, f] of r.value.layer.features.entries()) {
      const planar = planarAreaInZoneM2(f.geometry, zone!)!;
      expect(Math.abs(planar - r.value.parcels[i].planarAreaM2!)).toBeLessThan(1e-4);
    }
    // DK-01 is 150 m × 200 m in the file.
    expect(Math.abs(planarAreaInZoneM2(r.value.layer.features[0].geometry, zone!)! - 30_000)).toBeLessThan(1e-4);
  });

  it('projected Shapefile: the preview keeps the zone on the layer; lon/lat input keeps none', async () => {
    const [gk] = await readInput(detectInputs(['shp', 'shx', 'dbf', 'prj'].map((e) => file(`shapefile/parcels-gbk-ldid.${e}`)))[0]);
    expect(sourceZoneOf(gk.collection)).toEqual(Z38);
    const planar = gk.collection!.features.map((f) => planarAreaInZoneM2(f.geometry, Z38)!);
    planar.forEach((a, i) => expect(Math.abs(a - gk.rows[i].planarAreaM2!)).toBeLessThan(1e-4));
    const [ll] = await readInput(detectInputs([file('shapefile/parcels-utf8.zip')])[0]);
    expect(sourceZoneOf(ll.collection)).toBeNull();
  });

  it('holes are subtracted, edits follow the geometry, other geometries and bad members give null', () => {
    const z: GaussKrugerZone = { width: 3, zone: 38, prefixed: false };
    // 100 m × 100 m with a 20 m × 10 m hole, written in the zone's metres and turned to lon/lat.
    const sq = (e: number, n: number, w: number, h: number) => [[e, n], [e + w, n], [e + w, n + h], [e, n + h], [e, n]].map(([x, y]) => gaussKrugerToLonLat(z, x, y));
    const poly: Polygon = { type: 'Polygon', coordinates: [sq(510_000, 3_650_000, 100, 100), sq(510_010, 3_650_010, 20, 10).reverse()] };
    expect(Math.abs(planarAreaInZoneM2(poly, z)! - 9_800)).toBeLessThan(1e-5);
    // The same geometry stretched to 150 m: the area follows (a figure stored at import would not).
    const wider: Polygon = { type: 'Polygon', coordinates: [sq(510_000, 3_650_000, 150, 100)] };
    expect(Math.abs(planarAreaInZoneM2(wider, z)! - 15_000)).toBeLessThan(1e-5);
    expect(planarAreaInZoneM2({ type: 'MultiPolygon', coordinates: [poly.coordinates, wider.coordinates] }, z)).toBeCloseTo(24_800, 4);
    expect(planarAreaInZoneM2({ type: 'LineString', coordinates: poly.coordinates[0] }, z)).toBeNull();
    expect(planarAreaInZoneM2(null, z)).toBeNull();
    expect(sourceZoneOf(withSourceProjection({ type: 'FeatureCollection', features: [] }, z))).toEqual(z);
    expect(sourceZoneOf({ sourceProjection: { zone: { width: 3, zone: 99 } } })).toBeNull();
    expect(sourceZoneOf({ coordTxt: { zone: 'x' } })).toBeNull();
    expect(sourceZoneOf(null)).toBeNull();
  });
});
