import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, Geometry, Position } from 'geojson';
import proj4 from 'proj4';
import { parseDbf, parseShp, parseZip } from 'shpjs';
import { readShapefileFiles, readShapefileZip, writeShapefileZip, SHAPEFILE_FIELD_NAMES, type ShapefileLayer } from '../../src/core/io/shapefile';
import { readDbf } from '../../src/core/io/dbfRead';
import { shortFieldNames } from '../../src/core/io/dbfWrite';
import { CGCS2000_WKT, parsePrj } from '../../src/core/io/shpPrj';
import { assembleShapefileRings, rfc7946Winding, ringSignedArea2 } from '../../src/core/io/shpRings';
import { writeShp } from '../../src/core/io/shpWrite';
import { listZip } from '../../src/core/io/zipRead';
import { formatProblem } from '../../src/core/schema/problems';

const dir = join(__dirname, '../fixtures/shapefile');
const load = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const parts = (base: string, exts: string[]) => exts.map((e) => load(`${base}.${e}`));
const sample = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../data/sample', name), 'utf8'));

function onlyLayer(r: ReturnType<typeof readShapefileFiles>): ShapefileLayer {
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
  expect(r.layers).toHaveLength(1);
  return r.layers[0];
}
const codes = (layer: { problems: Array<{ code: string }> }) => layer.problems.map((p) => p.code);

// What every fixture's first three records hold (test/fixtures/shapefile/make.ts, ROWS).
const ENTERPRISES = ['汝南县宏达机械有限公司', '驻马店市天中物流有限公司', null];

describe('Shapefile reader: encodings', () => {
  it('reads GBK declared by the language driver byte 0x4D, leaves the deleted record out, and summarises a Gauss-Kruger .prj', () => {
    const layer = onlyLayer(readShapefileFiles(parts('parcels-gbk-ldid', ['shp', 'shx', 'dbf', 'prj'])));
    expect(layer.encoding).toMatchObject({ encoding: 'gbk', reason: 'language-driver', languageDriver: 0x4d, cpg: null, overruled: null, replacements: 0 });
    expect(layer.fields.map((f) => f.name)).toEqual(['宗地编号', '企业名称', '用地性质', '投资额', '面积亩', '约定开工日', '是否政府']);
    expect(layer.features).toHaveLength(3); // record 4 is marked deleted
    expect(codes(layer)).toContain('dbf-deleted');
    expect(layer.features[0].properties).toEqual({ 宗地编号: 'RN-001', 企业名称: '汝南县宏达机械有限公司', 用地性质: '工业用地', 投资额: 12345.67, 面积亩: 45.5, 约定开工日: '2019-03-01', 是否政府: false });
    expect(layer.features[1].properties).toMatchObject({ 约定开工日: null, 是否政府: true });
    expect(layer.features[2].properties).toMatchObject({ 企业名称: null, 投资额: null, 是否政府: null });
    expect(layer.crs).toMatchObject({
      kind: 'projected', datum: 'CGCS2000', isTransverseMercator: true, centralMeridian: 114, falseEasting: 38500000, falseNorthing: 0,
      scaleFactor: 1, zone: 38, zoneWidth: 3, unit: { name: 'Meter', metres: 1 },
    });
    expect(layer.crs!.summary.en).toBe('projected Gauss-Kruger, CGCS2000, central meridian 114°E, zone 38 (3°), false easting 38500000');
    expect(layer.coordinates).toBe('projected');
    // Projected coordinates come back as found: reprojection is geodesy's job.
    const g = layer.features[0].geometry as { type: 'Polygon'; coordinates: Position[][] };
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[0][0]).toEqual([38528000, 3652000]);
    expect(layer.bbox).toEqual([38528000, 3652000, 38530300, 3652300]); // over the records kept (record 4 deleted)
  });

  it('detects GBK with nothing declared, and UTF-8 by validity', () => {
    const gbk = onlyLayer(readShapefileFiles(parts('parcels-gbk-nocpg', ['shp', 'dbf'])));
    expect(gbk.encoding).toMatchObject({ encoding: 'gbk', reason: 'not-utf8', languageDriver: 0 });
    expect(gbk.features.map((f) => f.properties.企业名称)).toEqual([...ENTERPRISES, '已注销企业']);
    const utf8 = onlyLayer(readShapefileFiles(parts('parcels-utf8-nocpg', ['shp', 'dbf'])));
    expect(utf8.encoding).toMatchObject({ encoding: 'utf-8', reason: 'valid-utf8' });
    expect(utf8.features.slice(0, 3).map((f) => f.properties.企业名)).toEqual(ENTERPRISES);
    expect(codes(utf8)).toContain('prj-missing');
  });

  it('honours a .cpg (936 and UTF-8), and says when the bytes contradict it', () => {
    const gbk = onlyLayer(readShapefileFiles(parts('parcels-gbk-cpg', ['shp', 'shx', 'dbf', 'cpg', 'prj'])));
    expect(gbk.encoding).toMatchObject({ encoding: 'gbk', reason: 'cpg', cpg: '936' });
    expect(gbk.features[1].properties.企业名称).toBe('驻马店市天中物流有限公司'); // 12 bytes of GBK fit a 10-byte name
    expect(gbk.crs).toMatchObject({ kind: 'geographic', datum: 'CGCS2000' });
    const utf8 = onlyLayer(readShapefileFiles(parts('parcels-utf8-cpg', ['shp', 'shx', 'dbf', 'cpg', 'prj'])));
    expect(utf8.encoding).toMatchObject({ encoding: 'utf-8', reason: 'cpg', cpg: 'UTF-8' });
    // UTF-8 names are cut to 10 bytes = 3 Chinese characters by the writer.
    expect(utf8.fields.map((f) => f.name)).toEqual(['宗地编', '企业名', '用地性', '投资额', '面积亩', '约定开', '是否政']);
    expect(utf8.features[0].properties).toEqual({ 宗地编: 'RN-001', 企业名: '汝南县宏达机械有限公司', 用地性: '工业用地', 投资额: 12345.67, 面积亩: 45.5, 约定开: '2019-03-01', 是否政: false });
    const wrong = onlyLayer(readShapefileFiles(parts('parcels-cpg-wrong', ['shp', 'dbf', 'cpg'])));
    expect(wrong.encoding).toMatchObject({ encoding: 'utf-8', reason: 'valid-utf8', cpg: '936', overruled: 'cpg' });
    expect(wrong.features[0].properties.企业名).toBe('汝南县宏达机械有限公司');
    expect(codes(wrong)).toContain('dbf-encoding-cpg');
  });

  it('falls back to detection when the .cpg names no encoding it knows ("OEM", as old ArcGIS writes)', () => {
    const r = readDbf(load('parcels-gbk-nocpg.dbf').bytes, 'x.dbf', { cpg: 'OEM' });
    expect(r.ok && r.table.encoding).toMatchObject({ encoding: 'gbk', reason: 'not-utf8', cpg: 'OEM', overruled: null });
  });

  it("lets the user force the encoding, and reports the characters that then do not decode", () => {
    const forced = onlyLayer(readShapefileFiles(parts('parcels-gbk-nocpg', ['shp', 'dbf']), { encoding: 'utf-8' }));
    expect(forced.encoding!.reason).toBe('user');
    expect(forced.encoding!.replacements).toBeGreaterThan(0);
    expect(codes(forced)).toContain('dbf-encoding-replacements');
  });
});

describe('Shapefile reader: archives', () => {
  it('reads a zip with a folder and ignores __MACOSX', () => {
    const r = readShapefileZip(load('parcels-utf8.zip').bytes, 'parcels-utf8.zip');
    const layer = onlyLayer(r);
    expect(layer.name).toBe('parcels');
    expect(layer.files.dbf).toBe('parcels-utf8.zip/宗地/parcels.dbf');
    expect(layer.features).toHaveLength(4);
    expect(layer.features[1].geometry?.type).toBe('MultiPolygon');
  });

  it('decodes GBK entry names written without the UTF-8 flag', () => {
    const bytes = load('parcels-gbk-names.zip').bytes;
    const listing = listZip(bytes, 'x.zip');
    expect(listing.ok && listing.entries.map((e) => [e.name, e.nameEncoding])).toEqual([['宗地图.shp', 'gbk'], ['宗地图.shx', 'gbk'], ['宗地图.dbf', 'gbk']]);
    const layer = onlyLayer(readShapefileZip(bytes, 'x.zip'));
    expect(layer.name).toBe('宗地图');
    expect(layer.features[0].properties.企业名称).toBe('汝南县宏达机械有限公司');
  });

  it('reports a truncated zip and a damaged entry by name, without throwing', () => {
    const cut = readShapefileZip(load('corrupt-truncated.zip').bytes, 'corrupt-truncated.zip');
    expect(cut.ok).toBe(false);
    expect(cut.problems[0]).toMatchObject({ severity: 'error', code: 'zip-corrupt', file: 'corrupt-truncated.zip' });
    expect(formatProblem(cut.problems[0])).toMatch(/central directory is missing/);
    const crc = readShapefileZip(load('corrupt-crc.zip').bytes, 'corrupt-crc.zip');
    const all = crc.problems.concat(crc.ok ? crc.layers.flatMap((l) => l.problems) : []);
    const damaged = all.find((p) => p.code === 'zip-crc' || p.code === 'zip-corrupt');
    expect(damaged?.field).toBe('宗地/parcels.dbf');
    // The shapes survive the damaged table.
    expect(crc.ok && crc.layers[0].features).toHaveLength(4);
    expect(crc.ok && codes(crc.layers[0])).toContain('dbf-missing');
  });

  it('refuses zip bombs quickly, honest or lying about their size', () => {
    const t0 = performance.now();
    const honest = readShapefileZip(load('bomb.zip').bytes, 'bomb.zip');
    const lying = readShapefileZip(load('bomb-lying.zip').bytes, 'bomb-lying.zip');
    const ms = performance.now() - t0;
    expect(honest.ok).toBe(false);
    expect(honest.problems[0]).toMatchObject({ code: 'zip-bomb', file: 'bomb.zip' });
    expect(honest.problems[0].message.en).toMatch(/declares 50\.0 MB from \d+ compressed bytes/);
    expect(lying.ok).toBe(false);
    expect(lying.problems[0].message.en).toMatch(/more than its declared 1000 bytes/);
    expect(ms).toBeLessThan(2000);
    // With a ratio cap that lets it through, the total cap still stops it.
    const capped = readShapefileZip(load('bomb.zip').bytes, 'bomb.zip', { zipLimits: { maxRatio: 1e6, maxTotalBytes: 10 * 1024 * 1024 } });
    expect(capped.ok).toBe(false);
    expect(capped.problems[0].message.en).toMatch(/over the 10\.0 MB cap/);
  });
});

describe('Shapefile reader: damaged and unusual files', () => {
  it('keeps the complete records of a truncated .shp and names the record cut off', () => {
    const layer = onlyLayer(readShapefileFiles(parts('truncated', ['shp', 'dbf'])));
    const cut = layer.problems.find((p) => p.code === 'shp-truncated')!;
    expect(cut).toMatchObject({ severity: 'error', file: 'truncated.shp', featureIndex: 2 });
    expect(cut.message.en).toMatch(/record 3 is cut off/);
    expect(layer.features).toHaveLength(4); // the .dbf has 4 rows: none of the attributes is lost
    expect(layer.features.map((f) => f.geometry?.type ?? null)).toEqual(['Polygon', 'MultiPolygon', null, null]);
    expect(codes(layer)).toContain('shp-dbf-count');
  });

  it('names a damaged record and reads the others', () => {
    const { shp } = writeShp([
      { type: 'Polygon', coordinates: [[[114, 33], [114.01, 33], [114.01, 33.01], [114, 33]]] },
      { type: 'Polygon', coordinates: [[[115, 33], [115.01, 33], [115.01, 33.01], [115, 33]]] },
    ], 5);
    const broken = shp.slice();
    new DataView(broken.buffer).setInt32(100 + 8 + 36, 1_000_000, true); // record 1 claims a million parts
    const layer = onlyLayer(readShapefileFiles([{ name: 'b.shp', bytes: broken }]));
    expect(layer.problems.find((p) => p.code === 'shp-record-corrupt')).toMatchObject({ featureIndex: 0, file: 'b.shp' });
    expect(layer.features.map((f) => f.geometry?.type ?? null)).toEqual([null, 'Polygon']);
  });

  it('says clearly when the file is not a Shapefile, is too short, or the .shp is missing', () => {
    const junk = readShapefileFiles([{ name: 'x.shp', bytes: new TextEncoder().encode('this is not a shapefile at all, just text that is long enough to pass the 100 byte header check........') }]);
    expect(!junk.ok && junk.problems[0].code).toBe('shp-not-shapefile');
    const short = readShapefileFiles([{ name: 'x.shp', bytes: new Uint8Array(40) }]);
    expect(!short.ok && short.problems[0].message.en).toMatch(/too short/);
    const noShp = readShapefileFiles([load('parcels-gbk-nocpg.dbf')]);
    expect(noShp.ok).toBe(false);
    expect(noShp.problems[0]).toMatchObject({ code: 'shp-missing', file: 'parcels-gbk-nocpg.shp' });
  });

  it('reads a point layer but reports that it is not an area layer', () => {
    const layer = onlyLayer(readShapefileFiles(parts('points', ['shp', 'shx', 'dbf'])));
    expect(layer).toMatchObject({ family: 'point', shapeType: 'Point', isAreaLayer: false });
    expect(layer.features[1]).toMatchObject({ geometry: { type: 'Point', coordinates: [114.31, 33.01] }, properties: { 名称: '井2' } });
    const p = layer.problems.find((x) => x.code === 'not-area-layer')!;
    expect(p.severity).toBe('error');
    expect(p.message.en).toMatch(/not an area layer/);
  });

  it('reads dBase quirks: overflow stars, text in a number field, long codes, deleted rows', () => {
    // One N(20,0) field and one C(4) field, three rows; row 3 deleted.
    const rows = ['*******', 'n/a', '123456789012345678'];
    const b = new Uint8Array(32 + 64 + 1 + 3 * 25 + 1);
    const v = new DataView(b.buffer);
    b[0] = 3; v.setUint32(4, 3, true); v.setUint16(8, 97, true); v.setUint16(10, 25, true);
    b.set(new TextEncoder().encode('CODE'), 32); b[43] = 'N'.charCodeAt(0); b[48] = 20;
    b.set(new TextEncoder().encode('TXT'), 64); b[75] = 'C'.charCodeAt(0); b[80] = 4;
    b[96] = 0x0d;
    b.fill(0x20, 97);
    rows.forEach((r, i) => b.set(new TextEncoder().encode(r.padStart(20)), 97 + i * 25 + 1));
    b[97 + 2 * 25] = 0x2a;
    const r = readDbf(b, 'q.dbf');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.records).toEqual([{ CODE: null, TXT: null }, { CODE: 'n/a', TXT: null }, null]);
    expect(r.problems.map((p) => p.code)).toEqual(['dbf-number', 'dbf-deleted']);
    b[97 + 2 * 25] = 0x20;
    const again = readDbf(b, 'q.dbf');
    expect(again.ok && again.table.records[2]).toEqual({ CODE: '123456789012345678', TXT: null }); // 18 digits kept as text
    expect(readDbf(b.subarray(0, 97 + 25 + 10), 'q.dbf').problems.find((p) => p.code === 'dbf-truncated')?.message.en).toMatch(/announces 3 records but only 1/);
  });

  it('agrees with shpjs on the hand-made GBK fixture', () => {
    const ours = onlyLayer(readShapefileFiles(parts('parcels-gbk-nocpg', ['shp', 'dbf'])));
    // @types/shpjs describes v3; v6 takes the .cpg text as its second argument.
    const theirs = parseDbf(load('parcels-gbk-nocpg.dbf').bytes, 'gbk' as never) as Array<Record<string, unknown>>;
    expect(theirs.map((r) => r.企业名称)).toEqual(['汝南县宏达机械有限公司', '驻马店市天中物流有限公司', '', '已注销企业']);
    expect(theirs.map((r) => r.投资额)).toEqual(ours.features.map((f) => f.properties.投资额 ?? Number.NaN));
    const shapes = parseShp(load('parcels-gbk-nocpg.shp').bytes) as Geometry[];
    ours.features.forEach((f, i) => expect(normalise(f.geometry)).toEqual(normalise(shapes[i])));
  });
});

/** Rings per polygon, wound per RFC 7946 and rounded, so two readers' outputs compare. */
function normalise(g: Geometry | null): Position[][][] | null {
  if (!g) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (!polys) throw new Error(g.type);
  return polys.map((p) => rfc7946Winding(p).map((ring) => ring.map(([x, y]) => [Number(x.toFixed(9)), Number(y.toFixed(9))])));
}

describe('rings', () => {
  const square = (x: number, y: number, s: number, clockwise: boolean): Position[] => {
    const r = [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
    return clockwise ? r.reverse() : r;
  };
  it('assigns a hole to the smallest outer ring containing it (island in a lake in a polygon)', () => {
    const { geometry, orphanHoles, windingReversed } = assembleShapefileRings([square(0, 0, 10, true), square(2, 2, 6, false), square(4, 4, 2, true)]);
    expect({ orphanHoles, windingReversed }).toEqual({ orphanHoles: 0, windingReversed: false });
    expect(geometry?.type).toBe('MultiPolygon');
    const polys = (geometry as { coordinates: Position[][][] }).coordinates;
    expect(polys.map((p) => p.length)).toEqual([2, 1]);
    expect(ringSignedArea2(polys[0][0])).toBeGreaterThan(0); // outer counter-clockwise (RFC 7946)
    expect(ringSignedArea2(polys[0][1])).toBeLessThan(0);
  });
  it('tells outer from hole by nesting when a file winds every ring counter-clockwise', () => {
    const r = assembleShapefileRings([square(0, 0, 10, false), square(2, 2, 2, false), square(20, 0, 5, false)]);
    expect(r.windingReversed).toBe(true);
    expect((r.geometry as { coordinates: Position[][][] }).coordinates.map((p) => p.length)).toEqual([2, 1]);
  });
  it('reads a counter-clockwise ring outside every outer ring as a polygon of its own', () => {
    const r = assembleShapefileRings([square(0, 0, 10, true), square(20, 0, 5, false)]);
    expect(r.orphanHoles).toBe(1);
    expect(r.geometry?.type).toBe('MultiPolygon');
  });
});

describe('.prj', () => {
  it('summarises the common Chinese coordinate systems', () => {
    const cm = parsePrj('PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]');
    expect(cm).toMatchObject({ kind: 'projected', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 500000, zone: null, zoneWidth: 3 });
    expect(cm.summary.zh).toBe('投影坐标 高斯-克吕格，2000国家大地坐标系，中央经线 114°，3度带，东偏移 500000');
    const xian = parsePrj('PROJCS["Xian_1980_3_Degree_GK_Zone_38",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],UNIT["Meter",1.0]]');
    expect(xian).toMatchObject({ datum: 'Xian1980', zone: 38, zoneWidth: 3 });
    const utm = parsePrj('PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]');
    expect(utm).toMatchObject({ datum: 'WGS84', isTransverseMercator: true, scaleFactor: 0.9996, epsg: 32650, zone: 50, zoneWidth: null });
    expect(utm.summary.en).toMatch(/^projected Transverse Mercator, WGS84/);
    expect(parsePrj('garbage').kind).toBe('unknown');
  });
  it('writes a CGCS2000 .prj that proj4 and our reader understand', () => {
    expect(parsePrj(CGCS2000_WKT)).toMatchObject({ kind: 'geographic', datum: 'CGCS2000', epsg: 4490 });
    const p = proj4(CGCS2000_WKT, 'EPSG:4326', [114, 33]);
    expect(p[0]).toBeCloseTo(114, 9);
    expect(p[1]).toBeCloseTo(33, 9);
  });
});

describe('Shapefile writer', () => {
  const layers = ['parcels.geojson', 'plan-land_use.geojson', 'plan-eco_env.geojson', 'relocation.geojson', 'park.geojson', 'zones.geojson'];
  it.each(layers)('round-trips the sample %s: same geometries, properties, ids and kind', (file) => {
    const layer = sample(file);
    const w = writeShapefileZip(layer, { date: new Date(Date.UTC(2026, 5, 30)) });
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    const back = onlyLayer(readShapefileZip(w.bytes, w.fileName));
    expect(back.kind).toBe(layer.kind);
    expect(back.restoredNames).toBe(true);
    expect(back.encoding).toMatchObject({ encoding: 'utf-8', reason: 'cpg' });
    expect(back.crs).toMatchObject({ epsg: 4490 });
    expect(back.problems).toEqual([]);
    expect(back.features).toHaveLength(layer.features.length);
    back.features.forEach((f, i) => {
      const original = layer.features[i] as Feature;
      expect(f.id).toBe(original.id);
      expect(f.geometry).toEqual(original.geometry);
      expect(f.properties).toEqual(original.properties);
    });
  });

  it('writes Shapefiles that shpjs reads back with the same shapes and attributes', async () => {
    const layer = sample('plan-land_use.geojson');
    const w = writeShapefileZip(layer, { date: new Date(Date.UTC(2026, 5, 30)), sidecar: false });
    if (!w.ok) throw new Error('write failed');
    const theirs = (await parseZip(w.bytes as never)) as { features: Array<Feature<Geometry, Record<string, unknown>>> };
    expect(theirs.features).toHaveLength(layer.features.length);
    theirs.features.forEach((f, i) => {
      const original = layer.features[i] as Feature<Geometry, Record<string, unknown>>;
      expect(normalise(f.geometry)).toEqual(normalise(original.geometry));
      expect(f.properties.PLAN_TYPE).toBe(original.properties.planType);
      expect(f.properties.PLAN_CLASS).toBe(original.properties.planClass);
      expect(f.properties.FEATURE_ID).toBe(original.id);
    });
  });

  it('uses the documented short names and cuts other long names to 10 bytes, uniquely and stably', () => {
    expect(SHAPEFILE_FIELD_NAMES.investmentWan).toBe('INVEST_WAN');
    for (const short of Object.values(SHAPEFILE_FIELD_NAMES)) expect(new TextEncoder().encode(short).length).toBeLessThanOrEqual(10);
    expect(new Set(Object.values(SHAPEFILE_FIELD_NAMES)).size).toBe(Object.keys(SHAPEFILE_FIELD_NAMES).length);
    const names = ['investmentWan', '某某很长的字段名称一', '某某很长的字段名称二', 'AREA', 'area', 'a_very_long_english_name'];
    const first = shortFieldNames(names);
    expect([...first.values()]).toEqual(['INVEST_WAN', '某某很', '某某_1', 'AREA', 'area_1', 'a_very_lon']);
    expect([...shortFieldNames(names).values()]).toEqual([...first.values()]);
    expect([...shortFieldNames(['某某很长的字段名称一'], 'gbk').values()]).toEqual(['某某很长的']);
  });

  it('cuts text over 254 bytes at a character boundary and says so; writes null as blank', () => {
    const long = '园'.repeat(100); // 300 bytes of UTF-8
    const w = writeShapefileZip({ name: 't', features: [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[114, 33], [114.01, 33], [114.01, 33.01], [114, 33]]] }, properties: { note: long, n: null, d: '2020-02-29' } },
      { type: 'Feature', geometry: null, properties: { note: null, n: 1.5, d: null } },
    ] }, { date: new Date(0) });
    if (!w.ok) throw new Error('write failed');
    const cut = w.problems.find((p) => p.code === 'dbf-text-truncated')!;
    expect(cut).toMatchObject({ field: 'note', featureIndex: 0 });
    expect(w.fields.map((f) => [f.name, f.type, f.length, f.decimals])).toEqual([['note', 'C', 254, 0], ['n', 'N', 3, 1], ['d', 'D', 8, 0]]);
    const back = onlyLayer(readShapefileZip(w.bytes, 't.zip'));
    expect(back.features[0].properties).toEqual({ note: '园'.repeat(84), n: null, d: '2020-02-29' });
    expect(back.features[1]).toMatchObject({ geometry: null, properties: { note: null, n: 1.5, d: null } });
  });

  it('writes GBK with a 936 .cpg on request, and refuses to mix shape types', () => {
    const polygon = { type: 'Polygon' as const, coordinates: [[[114, 33], [114.01, 33], [114.01, 33.01], [114, 33]]] };
    const w = writeShapefileZip({ name: '宗地', features: [{ type: 'Feature', geometry: polygon, properties: { 企业名称: '汝南机械' } }] }, { encoding: 'gbk' });
    if (!w.ok) throw new Error('write failed');
    const back = onlyLayer(readShapefileZip(w.bytes, 'g.zip'));
    expect(back.encoding).toMatchObject({ encoding: 'gbk', reason: 'cpg', cpg: '936', languageDriver: 0x4d });
    expect(back.features[0].properties.企业名称).toBe('汝南机械');
    const mixed = writeShapefileZip({ features: [{ type: 'Feature', geometry: polygon, properties: {} }, { type: 'Feature', geometry: { type: 'Point', coordinates: [114, 33] }, properties: {} }] });
    expect(!mixed.ok && mixed.problems[0]).toMatchObject({ code: 'geometry-mixed', featureIndex: 1 });
  });
});
