// Projected GeoJSON → lon/lat (DESIGN §7): zone from the option, the legacy `crs` member or the easting prefix;
// otherwise an error saying which option to pass. Fixtures: test/fixtures/projected (see its README).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussKrugerToLonLat, type GaussKrugerZone } from '../../src/core/geodesy/gaussKruger';
import { crsNameOf, guessZoneOfGeoJson, readCrsName, readProjectedGeoJson } from '../../src/core/io/projected';
import { formatProblem } from '../../src/core/schema/problems';
import { validateLayer } from '../../src/core/schema/validate';

const DIR = 'test/fixtures/projected';
const load = (name: string) => JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8'));
const Z38: GaussKrugerZone = { width: 3, zone: 38, prefixed: true };
const Z38_PLAIN: GaussKrugerZone = { width: 3, zone: 38, prefixed: false };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function readOk(name: string, options = {}) {
  const r = readProjectedGeoJson(load(name), `${DIR}/${name}`, options);
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
  return r.value;
}

describe('CRS names', () => {
  it('reads lon/lat, Gauss-Kruger and other CRSs', () => {
    expect(readCrsName('urn:ogc:def:crs:EPSG::4490')).toEqual({ kind: 'lonlat', code: 4490 });
    expect(readCrsName('urn:ogc:def:crs:OGC:1.3:CRS84')).toEqual({ kind: 'lonlat', code: 4326 });
    expect(readCrsName('EPSG:4526')).toEqual({ kind: 'gauss-kruger', code: 4526, zone: Z38 });
    expect(readCrsName('CGCS2000_3_Degree_GK_CM_114E')).toEqual({ kind: 'gauss-kruger', code: null, zone: Z38_PLAIN });
    expect(readCrsName('EPSG:3857')).toEqual({ kind: 'unsupported', name: 'EPSG:3857', code: 3857 });
    expect(crsNameOf(load('crs-urn-4526.geojson'))).toBe('urn:ogc:def:crs:EPSG::4526');
    expect(crsNameOf(load('no-crs-plain.geojson'))).toBeNull();
  });
});

describe('reprojecting', () => {
  it('uses the crs member (urn:ogc:def:crs:EPSG::4526) and keeps properties and foreign members', () => {
    const input = load('crs-urn-4526.geojson');
    const doc = readOk('crs-urn-4526.geojson');
    expect(doc.space).toBe('projected');
    expect(doc.zone).toEqual(Z38);
    expect(doc.zoneSource).toBe('crs');
    expect(doc.problems).toEqual([]);
    const out = doc.json as Json;
    expect(out.crs).toBeUndefined();
    expect(out.kind).toBe('parcel');
    expect(out.name).toBe('parcels-gk38');
    expect(out.features[0].bbox).toBeUndefined();
    expect(out.features[0].properties).toEqual(input.features[0].properties);
    expect(out.features[0].id).toBe('P-01');
    const [e, n] = input.features[0].geometry.coordinates[1][2];
    expect(out.features[0].geometry.coordinates[1][2]).toEqual(gaussKrugerToLonLat(Z38, e, n));
    const [e2, n2] = input.features[1].geometry.coordinates[1][0][3];
    expect(out.features[1].geometry.coordinates[1][0][3]).toEqual(gaussKrugerToLonLat(Z38, e2, n2));
    // The input is untouched.
    expect(input.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4526');
    // The result is a valid parcel layer.
    const v = validateLayer(out, 'out.geojson');
    expect(v.ok && v.value.problems).toEqual([]);
  });

  it('reads a crs without prefix (EPSG:4547) to the same places', () => {
    const a = readOk('crs-urn-4526.geojson').json as Json;
    const b = readOk('crs-epsg-4547-plain.geojson');
    expect(b.zone).toEqual(Z38_PLAIN);
    const pa = a.features[0].geometry.coordinates[0][0];
    const pb = (b.json as Json).features[0].geometry.coordinates[0][0];
    expect(Math.abs(pa[0] - pb[0])).toBeLessThan(1e-9);
    expect(Math.abs(pa[1] - pb[1])).toBeLessThan(1e-9);
  });

  it('reads the zone from the easting prefix when there is no crs, with the reason', () => {
    const doc = readOk('no-crs-prefixed.geojson');
    expect(doc.zone).toEqual(Z38);
    expect(doc.zoneSource).toBe('prefix');
    expect(doc.reasons[0].en).toContain('zone number 38');
    // The same coordinates as the file with a crs member (which also has a name and a kind).
    expect(doc.json).toEqual({ ...(readOk('crs-urn-4526.geojson').json as Json), name: undefined, kind: undefined });
  });

  it('reads northing-first coordinates with a warning', () => {
    const doc = readOk('northing-first.geojson');
    expect(doc.swappedAxes).toBe(true);
    expect(doc.problems.map((p) => p.code)).toEqual(['axes-swapped']);
    const a = (readOk('crs-urn-4526.geojson').json as Json).features[1].geometry.coordinates;
    expect((doc.json as Json).features[1].geometry.coordinates).toEqual(a);
  });

  it('passes lon/lat through, dropping the crs member', () => {
    const doc = readOk('lonlat-4490.geojson');
    expect(doc.space).toBe('lonlat');
    expect(doc.zone).toBeNull();
    expect((doc.json as Json).crs).toBeUndefined();
    expect((doc.json as Json).features[0].geometry).toEqual(load('lonlat-4490.geojson').features[0].geometry);
  });

  it('accepts a Feature and a bare geometry', () => {
    const f = load('no-crs-prefixed.geojson').features[0];
    const r = readProjectedGeoJson(f, 'f.geojson');
    expect(r.ok && (r.value.json as Json).geometry.coordinates[0][0]).toEqual(gaussKrugerToLonLat(Z38, ...(f.geometry.coordinates[0][0] as [number, number])));
    const g = readProjectedGeoJson(f.geometry, 'g.geojson');
    expect(g.ok && (g.value.json as Json).type).toBe('Polygon');
  });
});

describe('when the zone is not known', () => {
  it('asks for --zone N or --from EPSG:xxxx when eastings have no prefix and there is no crs', () => {
    const r = readProjectedGeoJson(load('no-crs-plain.geojson'), `${DIR}/no-crs-plain.geojson`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].code).toBe('zone-unknown');
    expect(r.problems[0].message.en).toContain('--zone N');
    expect(r.problems[0].message.en).toContain('--from EPSG:');
    expect(r.problems[0].message.zh).toContain('--zone N');
    expect(formatProblem(r.problems[0])).toContain('no-crs-plain.geojson');
  });

  it('reads it with the zone given, or the EPSG code', () => {
    const byZone = readOk('no-crs-plain.geojson', { zone: 38 });
    expect(byZone.zone).toEqual(Z38_PLAIN);
    expect(byZone.problems).toEqual([]);
    const byFrom = readOk('no-crs-plain.geojson', { from: 'EPSG:4547' });
    expect(byFrom.json).toEqual(byZone.json);
    // EPSG:4526 expects prefixed eastings: read as they are, with a warning.
    const prefixedCode = readOk('no-crs-plain.geojson', { from: 'EPSG:4526' });
    expect(prefixedCode.problems.map((p) => p.code)).toEqual(['prefix-mismatch']);
    expect(prefixedCode.json).toEqual(byZone.json);
  });

  it('gives the import dialog a guess from a longitude hint', () => {
    const g = guessZoneOfGeoJson(load('no-crs-plain.geojson'), { longitude: 114.2 });
    expect(g.status).toBe('guess');
    expect(g.zone).toEqual(Z38_PLAIN);
    expect(guessZoneOfGeoJson(load('northing-first.geojson'))).toMatchObject({ status: 'certain', zone: Z38, swappedAxes: true });
  });
});

describe('refusals', () => {
  const refuse = (name: string, options = {}) => {
    const r = readProjectedGeoJson(load(name), `${DIR}/${name}`, options);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems;
  };

  it('refuses a crs that contradicts the easting prefix', () => {
    const [p] = refuse('crs-mismatch.geojson');
    expect(p.code).toBe('zone-mismatch');
    expect(p.message.en).toContain('zone number 38');
  });

  it('refuses a CRS that is not CGCS2000 Gauss-Kruger, naming it', () => {
    const [p] = refuse('crs-3857.geojson');
    expect(p.code).toBe('crs-unsupported');
    expect(p.message.en).toContain('EPSG::3857');
  });

  it('refuses a position outside the zone, naming its feature', () => {
    const [p] = refuse('outside-zone.geojson');
    expect(p).toMatchObject({ code: 'coordinate-outside-zone', featureId: 'P-02', featureIndex: 1 });
    expect(formatProblem(p)).toContain('"P-02"');
  });

  it('refuses a Gauss-Kruger claim on lon/lat coordinates, and lon/lat claims on metres', () => {
    expect(refuse('lonlat-4490.geojson', { from: 'EPSG:4526' })[0].code).toBe('crs-mismatch');
    expect(refuse('no-crs-prefixed.geojson', { from: 'EPSG:4490' })[0].code).toBe('crs-mismatch');
    expect(refuse('no-crs-prefixed.geojson', { zone: 24 })[0].code).toBe('zone-invalid');
    expect(refuse('no-crs-prefixed.geojson', { zone: 39 })[0].code).toBe('zone-mismatch');
  });

  it('refuses coordinates that are neither lon/lat nor Gauss-Kruger', () => {
    const swapped = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [33, 114] } }] };
    expect(readProjectedGeoJson(swapped, 's.geojson')).toMatchObject({ ok: false, problems: [{ code: 'coordinates-swapped' }] });
    const none = { type: 'FeatureCollection', features: [] };
    expect(readProjectedGeoJson(none, 'n.geojson')).toMatchObject({ ok: false, problems: [{ code: 'coordinates-missing' }] });
    expect(readProjectedGeoJson([1, 2], 'a.geojson')).toMatchObject({ ok: false, problems: [{ code: 'not-geojson' }] });
  });
});
