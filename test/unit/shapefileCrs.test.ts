// Shapefile layer → lon/lat by the .prj's Gauss-Kruger zone, and planar areas (src/core/io/shapefileCrs.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { gaussKrugerToLonLat } from '../../src/core/geodesy/gaussKruger';
import { readShapefileFiles } from '../../src/core/io/shapefile';
import { planarAreaM2, shapefileToLonLat, zoneOfPrj } from '../../src/core/io/shapefileCrs';
import { parsePrj } from '../../src/core/io/shpPrj';

const dir = join(__dirname, '../fixtures/shapefile');
const part = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const GEOG = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const gk = (name: string, fe: number, cm: number, k = 1, unit = 'UNIT["Meter",1.0]') =>
  parsePrj(`PROJCS["${name}",${GEOG},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0],${unit}]`);

describe('zoneOfPrj', () => {
  it('reads the zone from the false easting prefix, the name, or the central meridian', () => {
    expect(zoneOfPrj(gk('CGCS2000_3_Degree_GK_Zone_38', 38500000, 114))).toMatchObject({ ok: true, zone: { width: 3, zone: 38, prefixed: true } });
    expect(zoneOfPrj(gk('CGCS2000_6_Degree_GK_Zone_20', 20500000, 117))).toMatchObject({ ok: true, zone: { width: 6, zone: 20, prefixed: true } });
    expect(zoneOfPrj(gk('CGCS2000_3_Degree_GK_CM_117E', 500000, 117))).toMatchObject({ ok: true, zone: { width: 3, zone: 39, prefixed: false } });
    expect(zoneOfPrj(gk('CGCS2000_6_Degree_GK_CM_117E', 500000, 117))).toMatchObject({ ok: true, zone: { width: 6, zone: 20, prefixed: false } });
    // Nothing says the width: the 3° zone (an unprefixed 6° zone with the same meridian projects identically).
    expect(zoneOfPrj(gk('custom', 500000, 117))).toMatchObject({ ok: true, zone: { width: 3, zone: 39, prefixed: false } });
  });

  it('refuses what is not a CGCS2000 Gauss-Kruger zone, saying why', () => {
    expect(zoneOfPrj(gk('CGCS2000_3_Degree_GK_Zone_38', 38500000, 117))).toMatchObject({ ok: false, code: 'zone-mismatch' });
    expect(zoneOfPrj(gk('utm', 500000, 117, 0.9996))).toMatchObject({ ok: false, code: 'projection-unsupported' });
    expect(zoneOfPrj(gk('feet', 500000, 117, 1, 'UNIT["Foot_US",0.3048006096012192]'))).toMatchObject({ ok: false, code: 'unit-unsupported' });
    expect(zoneOfPrj(gk('odd', 12345, 117))).toMatchObject({ ok: false, code: 'projection-unsupported' });
    expect(zoneOfPrj(gk('CGCS2000_3_Degree_GK_Zone_24', 24500000, 72))).toMatchObject({ ok: false, code: 'zone-invalid' });
    expect(zoneOfPrj(parsePrj(GEOG))).toMatchObject({ ok: false, code: 'prj-not-projected' });
    const xian = parsePrj('PROJCS["Xian_1980_3_Degree_GK_Zone_38",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]');
    const r = zoneOfPrj(xian, 'x.prj');
    expect(r).toMatchObject({ ok: false, code: 'crs-unsupported' });
    if (!r.ok) expect(r.message.en).toMatch(/^x\.prj says projected Gauss-Kruger, Xian 1980/);
  });
});

describe('planarAreaM2', () => {
  it('subtracts holes and adds parts, in any winding', () => {
    const sq = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
    expect(planarAreaM2({ type: 'Polygon', coordinates: [sq(38_500_000, 3_600_000, 300), sq(38_500_100, 3_600_100, 100).reverse()] })).toBe(80_000);
    expect(planarAreaM2({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 10)], [sq(20, 0, 10).reverse()]] })).toBe(200);
    expect(planarAreaM2({ type: 'Point', coordinates: [0, 0] })).toBeNull();
    expect(planarAreaM2(null)).toBeNull();
  });
});

describe('shapefileToLonLat', () => {
  it('reprojects the Gauss-Kruger fixture by its .prj and gives planar areas (make.ts: 400×300 − 100×100, 2 × 200², 300×200)', () => {
    const read = readShapefileFiles(['shp', 'shx', 'dbf', 'prj'].map((e) => part(`parcels-gbk-ldid.${e}`)));
    if (!read.ok) throw new Error('fixture unreadable');
    const r = shapefileToLonLat(read.layers[0]);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value).toMatchObject({ space: 'projected', zoneSource: 'prj', zone: { width: 3, zone: 38, prefixed: true } });
    expect(r.value.reasons[0].en).toContain('parcels-gbk-ldid.prj: projected Gauss-Kruger');
    expect(r.value.planarAreasM2).toEqual([110_000, 80_000, 60_000]);
    const first = (r.value.features[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(first).toEqual(gaussKrugerToLonLat({ width: 3, zone: 38, prefixed: true }, 38_528_000, 3_652_000));
  });

  it('passes lon/lat through and, when nothing tells the zone, fails with a guess from a longitude hint', () => {
    const lonlat = readShapefileFiles(['shp', 'dbf', 'prj', 'cpg'].map((e) => part(`parcels-utf8-cpg.${e}`)));
    if (!lonlat.ok) throw new Error('fixture unreadable');
    const same = shapefileToLonLat(lonlat.layers[0]);
    expect(same.ok && same.value.space === 'lonlat' && same.value.planarAreasM2 === null).toBe(true);
    if (same.ok) expect(same.value.features.map((f) => f.geometry)).toEqual(lonlat.layers[0].features.map((f) => f.geometry));

    const gkLayer = readShapefileFiles(['shp', 'dbf'].map((e) => part(`parcels-gbk-ldid.${e}`)));
    if (!gkLayer.ok) throw new Error('fixture unreadable');
    // Without a .prj the prefix 38 still tells the zone.
    const byPrefix = shapefileToLonLat(gkLayer.layers[0]);
    expect(byPrefix.ok && byPrefix.value.zoneSource).toBe('prefix');
    const unprefix = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? [(c as number[])[0] - 38_000_000, (c as number[])[1]] : (c as unknown[]).map(unprefix));
    const plain = { ...gkLayer.layers[0], features: gkLayer.layers[0].features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: unprefix((f.geometry as { coordinates: unknown }).coordinates) } as Geometry })) };
    const unknown = shapefileToLonLat(plain, { longitudeHint: 114.3 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problems.map((p) => p.code)).toEqual(['zone-unknown']);
      expect(unknown.zoneGuess).toMatchObject({ status: 'guess', zone: { width: 3, zone: 38, prefixed: false } });
    }
    const chosen = shapefileToLonLat(plain, { zone: 38 });
    expect(chosen.ok && chosen.value.zoneSource).toBe('option');
    if (chosen.ok && byPrefix.ok) {
      const a = (chosen.value.features[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
      const b = (byPrefix.value.features[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
      expect(Math.abs(a[0] - b[0])).toBeLessThan(1e-12);
      expect(Math.abs(a[1] - b[1])).toBeLessThan(1e-12);
    }
  });
});
