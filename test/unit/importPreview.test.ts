// The import dialog's reading step (src/ui/import/preview.ts), on the io fixtures: format, encoding, coordinate
// system and zone guess, first rows with planar and ellipsoidal areas, problems with their lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geometryAreaM2 } from '../../src/core/geodesy/area';
import { suggestAliases } from '../../src/core/io/fieldAliases';
import { detectInputs, readInput, type ImportPreview } from '../../src/ui/import/preview';

const fx = join(__dirname, '../fixtures');
const file = (path: string) => ({ name: path.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(join(fx, path))) });

async function previewOf(paths: string[], options = {}): Promise<ImportPreview[]> {
  const detected = detectInputs(paths.map(file));
  const out: ImportPreview[] = [];
  for (const d of detected) out.push(...(await readInput(d, options)));
  return out;
}

describe('import preview', () => {
  it('Shapefile zip: UTF-8 by .cpg, lon/lat, parcels by their fields, ellipsoidal areas from core', async () => {
    const [p] = await previewOf(['shapefile/parcels-utf8.zip']);
    expect(p).toMatchObject({ format: 'shapefile-zip', featureCount: 4, areaCount: 4, suggestedKind: 'parcel', blocking: false, areas: 'ellipsoidal' });
    expect(p.encoding).toMatchObject({ name: 'utf-8', reason: 'cpg', declared: 'UTF-8' });
    expect(p.crs).toMatchObject({ status: 'lonlat', choosable: false });
    expect(p.rows[0]).toMatchObject({ id: 'RN-001', name: '汝南县宏达机械有限公司', planarAreaM2: null });
    expect(p.rows[0].ellipsoidalAreaM2).toBe(geometryAreaM2(p.collection!.features[0].geometry as Polygon));
    expect(p.fields).toContain('企业名');
  });

  it('loose Gauss-Kruger parts: GBK by the language driver, zone 38 from the .prj, planar and ellipsoidal areas', async () => {
    const [p] = await previewOf(['shp', 'shx', 'dbf', 'prj'].map((e) => `shapefile/parcels-gbk-ldid.${e}`));
    expect(p).toMatchObject({ format: 'shapefile-parts', featureCount: 3, areas: 'both', blocking: false });
    expect(p.fileLabel).toBe('parcels-gbk-ldid.shp, parcels-gbk-ldid.shx, parcels-gbk-ldid.dbf, parcels-gbk-ldid.prj');
    expect(p.encoding).toMatchObject({ name: 'gbk', reason: 'language-driver' });
    expect(p.crs).toMatchObject({ status: 'projected', source: 'file', zone: { width: 3, zone: 38, prefixed: true }, choosable: false });
    expect(p.rows.map((r) => r.planarAreaM2)).toEqual([110_000, 80_000, 60_000]);
    for (const [i, r] of p.rows.entries()) {
      expect(r.ellipsoidalAreaM2).toBe(geometryAreaM2(p.collection!.features[i].geometry as Polygon | MultiPolygon));
      // Zone 38 near its central meridian: the plane and the ellipsoid agree to a few parts in 10⁴.
      expect(Math.abs(r.ellipsoidalAreaM2! / r.planarAreaM2! - 1)).toBeLessThan(1e-3);
    }
  });

  it('坐标TXT: zone from 带号, both areas and the header area per parcel', async () => {
    const [p] = await previewOf(['coordtxt/standard.txt']);
    expect(p).toMatchObject({ format: 'coordtxt', featureCount: 2, suggestedKind: 'parcel', areas: 'both', blocking: false });
    expect(p.encoding).toMatchObject({ name: 'utf-8', reason: 'valid-utf8' });
    expect(p.crs).toMatchObject({ status: 'projected', source: 'file', zone: { width: 3, zone: 38, prefixed: true } });
    expect(p.crs.reasons[0].zh).toContain('带号 38');
    expect(p.rows[0]).toMatchObject({ id: 'DK-01', name: '产业集聚区一号地块', planarAreaM2: 30_000, headerArea: { value: 3, unit: 'ha' }, areaWarning: false });
    expect(p.rows[1].planarAreaM2).toBe(45_000);
    expect(p.rows[0].ellipsoidalAreaM2).toBeCloseTo(geometryAreaM2(p.collection!.features[0].geometry as Polygon), 6);
  });

  it('坐标TXT with a header area that disagrees: the row is marked and the warning names the line', async () => {
    const [p] = await previewOf(['coordtxt/area-units.txt']);
    const off = p.rows.find((r) => r.id === 'AREA-OFF')!;
    expect(off.areaWarning).toBe(true);
    expect(p.rows.find((r) => r.id === 'AREA-OK')!.areaWarning).toBe(false);
    expect(p.problems.find((q) => q.code === 'area-mismatch')!.message.en).toMatch(/^line 25: /);
  });

  it('坐标TXT without a zone: needs a choice without layers, a labelled guess with a longitude, the user’s zone when chosen', async () => {
    const none = (await previewOf(['coordtxt/broken/unknown-zone.txt']))[0];
    expect(none).toMatchObject({ collection: null, blocking: false });
    expect(none.crs).toMatchObject({ status: 'needs-zone', choosable: true, guess: { status: 'unknown' } });
    expect(none.problems.map((q) => q.code)).not.toContain('zone-unknown');
    const guessed = (await previewOf(['coordtxt/broken/unknown-zone.txt'], { longitudeHint: 114.2 }))[0];
    expect(guessed.crs).toMatchObject({ status: 'projected', source: 'guess', zone: { width: 3, zone: 38, prefixed: false }, choosable: true });
    expect(guessed.crs.reasons.map((r) => r.en).join(' ')).toContain('near longitude 114.2');
    expect(guessed.featureCount).toBeGreaterThan(0);
    const chosen = (await previewOf(['coordtxt/broken/unknown-zone.txt'], { zone: 39 }))[0];
    expect(chosen.crs).toMatchObject({ status: 'projected', source: 'user', zone: { zone: 39 } });
  });

  it('a broken 坐标TXT blocks the import with the file and line', async () => {
    const [p] = await previewOf(['coordtxt/broken/garbled-point.txt']);
    expect(p.blocking).toBe(true);
    expect(p.collection).toBeNull();
    const err = p.problems.find((q) => q.severity === 'error')!;
    expect(err).toMatchObject({ file: 'garbled-point.txt', code: 'point-garbled' });
    expect(err.message.zh).toMatch(/^第 16 行：/);
  });

  it('KML: XML declaration, areas counted apart from the point placemark', async () => {
    const [p] = await previewOf(['kml/parcels.kml']);
    expect(p).toMatchObject({ format: 'kml', title: '汝南县产业集聚区 宗地', featureCount: 4, areaCount: 3, blocking: false });
    expect(p.encoding).toMatchObject({ name: 'utf-8', reason: 'xml-declaration' });
    const [kmz] = await previewOf(['kml/parcels.kmz']);
    expect(kmz).toMatchObject({ format: 'kmz', featureCount: 4 });
    expect(kmz.encoding!.canChoose).toBe(false);
  });

  it('projected GeoJSON without crs or prefix: guessed from the longitude; planar areas shown', async () => {
    const [p] = await previewOf(['projected/no-crs-plain.geojson'], { longitudeHint: 114 });
    expect(p.crs).toMatchObject({ status: 'projected', source: 'guess', zone: { zone: 38 } });
    expect(p.areas).toBe('both');
    expect(p.rows[0].planarAreaM2).toBeGreaterThan(0);
  });

  it('CSV: a table to join, with its encoding; an unknown file is refused with a reason', async () => {
    const [t] = await previewOf(['tables/investment-gbk.csv']);
    expect(t.format).toBe('csv');
    expect(t.table!.columns.length).toBeGreaterThan(1);
    expect(t.encoding).toMatchObject({ name: 'gbk', reason: 'not-utf8' });
    const [u] = (await Promise.all(detectInputs([{ name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2]) }]).map((d) => readInput(d)))).flat();
    expect(u.blocking).toBe(true);
    expect(u.problems[0]).toMatchObject({ file: 'photo.jpg', code: 'format-unknown' });
  });

  it('the encoding chosen by the user is used and said', async () => {
    const [p] = await previewOf(['shapefile/parcels-gbk-nocpg.shp', 'shapefile/parcels-gbk-nocpg.dbf'], { encoding: 'utf-8' });
    expect(p.encoding).toMatchObject({ name: 'utf-8', reason: 'user' });
    expect(p.encoding!.replacements).toBeGreaterThan(0);
    const [auto] = await previewOf(['shapefile/parcels-gbk-nocpg.shp', 'shapefile/parcels-gbk-nocpg.dbf']);
    expect(auto.encoding).toMatchObject({ name: 'gbk', reason: 'not-utf8', replacements: 0 });
    expect(suggestAliases(auto.fields, 'parcel').mappings.map((m) => m.target)).toEqual(expect.arrayContaining(['id', 'enterprise', 'landUse', 'investmentWan']));
  });
});
