// `park-atlas convert` end to end (DESIGN §10): 坐标TXT, Shapefile, KML/KMZ and projected GeoJSON in, lon/lat
// GeoJSON or 坐标TXT out, exit codes 0/1/2 as for metrics.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon, Position } from 'geojson';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { gaussKrugerToLonLat, lonLatToGaussKruger } from '../../src/core/geodesy/gaussKruger';
import { readCoordTxt } from '../../src/core/io/coordTxt';
import { readShapefileZip, writeShapefileZip } from '../../src/core/io/shapefile';

const TXT = 'test/fixtures/coordtxt';
const PROJ = 'test/fixtures/projected';
const SHP = 'test/fixtures/shapefile';
const KML = 'test/fixtures/kml';
const tmp = mkdtempSync(join(tmpdir(), 'park-atlas-convert-'));
const Z38 = { width: 3, zone: 38, prefixed: true } as const;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const readTxt = (path: string) => {
  const r = readCoordTxt(new Uint8Array(readFileSync(path)), path);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

/** Largest distance (m) between corresponding points of two 坐标TXT files, in zone 38. */
function worstDifference(a: ReturnType<typeof readTxt>, b: ReturnType<typeof readTxt>): number {
  let worst = 0;
  expect(b.layer.features.map((f) => f.id)).toEqual(a.layer.features.map((f) => f.id));
  a.layer.features.forEach((fa, i) => {
    const flat = (g: unknown) => ((g as Polygon).type === 'Polygon' ? [(g as Polygon).coordinates] : (g as { coordinates: Position[][][] }).coordinates).flat(2);
    const pa = flat(fa.geometry), pb = flat(b.layer.features[i].geometry);
    expect(pb).toHaveLength(pa.length);
    pa.forEach((p, j) => {
      const [e1, n1] = lonLatToGaussKruger(a.zone, p[0], p[1]);
      const [e2, n2] = lonLatToGaussKruger(a.zone, pb[j][0], pb[j][1]);
      worst = Math.max(worst, Math.hypot(e1 - e2, n1 - n2));
    });
  });
  return worst;
}

describe('坐标TXT to GeoJSON', () => {
  it('prints a lon/lat parcel layer on stdout, one feature per line, and names the zone on stderr', async () => {
    const r = await run(['convert', `${TXT}/standard.txt`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${TXT}/standard.txt: CGCS2000 3° Gauss-Kruger zone 38 (CM 114°E, zone number prefixed to eastings, EPSG:4526) — 带号 38 in [属性描述] (line 9)`);
    const json = JSON.parse(r.stdout);
    expect(json.type).toBe('FeatureCollection');
    expect(json.kind).toBe('parcel');
    expect(json.features.map((f: { id: string }) => f.id)).toEqual(['DK-01', 'DK-02']);
    expect(r.stdout.split('\n')).toHaveLength(json.features.length + 2);
    const [lon, lat] = gaussKrugerToLonLat(Z38, 38520000, 3650200);
    const first = json.features[0].geometry.coordinates[0][0];
    expect(Math.abs(first[0] - lon)).toBeLessThanOrEqual(5e-10);
    expect(Math.abs(first[1] - lat)).toBeLessThanOrEqual(5e-10);
    expect(json.features[0].properties).toMatchObject({ 地块编号: 'DK-01', landUse: 'industrial', planarAreaM2: 30000 });
    expect(json.coordTxt.zone).toEqual(Z38);
  });

  it('prints warnings on stderr and still exits 0', async () => {
    const r = await run(['convert', `${TXT}/area-units.txt`, '-o', join(tmp, 'areas.geojson')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${TXT}/area-units.txt, feature "AREA-OFF": warning: line 25: 地块面积 3.01 公顷 differs from the planar area of the points, 3.0000 公顷`);
    expect(JSON.parse(readFileSync(join(tmp, 'areas.geojson'), 'utf8')).features).toHaveLength(4);
  });

  it('exits 1 naming the file and the line of a broken file, in either language', async () => {
    const en = await run(['convert', `${TXT}/broken/garbled-point.txt`]);
    expect(en.code).toBe(1);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain(`${TXT}/broken/garbled-point.txt: error: line 16:`);
    const zh = await run(['convert', `${TXT}/broken/garbled-point.txt`, '--lang', 'zh']);
    expect(zh.stderr).toContain(`${TXT}/broken/garbled-point.txt: 错误: 第 16 行：`);
  });

  it('reads a file without a zone when --zone or --from gives it', async () => {
    const file = `${TXT}/broken/unknown-zone.txt`;
    const none = await run(['convert', file]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--zone N.*--from EPSG/);
    const byZone = await run(['convert', file, '--zone', '38']);
    expect(byZone.code).toBe(0);
    const byFrom = await run(['convert', file, '--from', 'EPSG:4547']);
    expect(byFrom.code).toBe(0);
    expect(byFrom.stdout).toBe(byZone.stdout);
    const lonlat = await run(['convert', file, '--from', 'EPSG:4490']);
    expect(lonlat.code).toBe(1);
  });
});

describe('round trips through files', () => {
  for (const name of ['standard.txt', 'holes-multipart.txt', 'gbk-13fields.txt']) {
    it(`${name} → .geojson → .txt keeps every coordinate to 1 mm and the [属性描述]`, async () => {
      const geojson = join(tmp, `${name}.geojson`);
      const txt = join(tmp, `${name}.back.txt`);
      expect((await run(['convert', `${TXT}/${name}`, '-o', geojson])).code).toBe(0);
      const back = await run(['convert', geojson, '-o', txt]);
      expect(back.code).toBe(0);
      expect(back.stderr).toBe('');
      const original = readTxt(`${TXT}/${name}`);
      const again = readTxt(txt);
      expect(again.encoding).toBe('gbk');
      expect(readFileSync(txt).includes(Buffer.from('\r\n'))).toBe(true);
      expect(worstDifference(original, again)).toBeLessThan(0.001);
      expect(again.layer.coordTxt.attributes['数据产生单位']).toBe(original.layer.coordTxt.attributes['数据产生单位']);
      expect(again.problems).toEqual([]);
    });
  }

  it('writes UTF-8 with --encoding utf-8', async () => {
    const txt = join(tmp, 'utf8.txt');
    expect((await run(['convert', `${TXT}/gbk-13fields.txt`, '-o', txt, '--encoding', 'utf-8'])).code).toBe(0);
    expect(readFileSync(txt, 'utf8')).toContain('东区地块');
  });
});

describe('projected GeoJSON', () => {
  it('reprojects with the crs member', async () => {
    const r = await run(['convert', `${PROJ}/crs-urn-4526.geojson`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('zone 38');
    expect(r.stderr).toContain('urn:ogc:def:crs:EPSG::4526');
    const json = JSON.parse(r.stdout);
    expect(json.crs).toBeUndefined();
    expect(json.kind).toBe('parcel');
    expect(json.features[0].properties['企业名称']).toBe('某某机械有限公司');
    const [lon] = gaussKrugerToLonLat(Z38, 38520000, 3651300);
    expect(Math.abs(json.features[0].geometry.coordinates[0][0][0] - lon)).toBeLessThanOrEqual(5e-10);
  });

  it('infers the kind when the file has none', async () => {
    const json = JSON.parse((await run(['convert', `${PROJ}/no-crs-prefixed.geojson`])).stdout);
    expect(json.kind).toBe('parcel');
  });

  it('asks for --zone or --from when eastings carry no zone and there is no crs', async () => {
    const r = await run(['convert', `${PROJ}/no-crs-plain.geojson`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${PROJ}/no-crs-plain.geojson: error:`);
    expect(r.stderr).toContain('--zone N');
    expect(r.stderr).toContain('--from EPSG:');
    const ok = await run(['convert', `${PROJ}/no-crs-plain.geojson`, '--zone', '38']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('zone 38');
  });

  it('writes a lon/lat layer as 坐标TXT in the zone asked for', async () => {
    const txt = join(tmp, 'lonlat.txt');
    const r = await run(['convert', `${PROJ}/lonlat-4490.geojson`, '-o', txt, '--zone', '38']);
    expect(r.code).toBe(0);
    const doc = readTxt(txt);
    expect(doc.zone).toEqual(Z38);
    expect(doc.layer.features[0].properties!.name).toBe('经纬度地块');
  });
});

/** The first position of the first feature's outer ring. */
const firstPosition = (json: { features: Array<{ geometry: { type: string; coordinates: unknown } }> }): Position => {
  const g = json.features[0].geometry;
  return (g.type === 'Polygon' ? (g.coordinates as Position[][])[0][0] : (g.coordinates as Position[][][])[0][0][0]);
};

/** Copies Shapefile parts to a fresh folder under a new base name; `prj` replaces (or, as null, drops) the .prj. */
function shapefileCopy(from: string, to: string, exts: string[], prj?: string | null): string {
  const dir = mkdtempSync(join(tmp, 'shp-'));
  for (const e of exts) copyFileSync(`${SHP}/${from}.${e}`, join(dir, `${to}.${e}`));
  if (typeof prj === 'string') writeFileSync(join(dir, `${to}.prj`), prj);
  return join(dir, `${to}.shp`);
}

describe('Shapefile to GeoJSON', () => {
  it('reads a zip (UTF-8 by its .cpg, CGCS2000 lon/lat .prj) without changing a coordinate or a value', async () => {
    const r = await run(['convert', `${SHP}/parcels-utf8.zip`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.type).toBe('FeatureCollection');
    expect(json.name).toBe('parcels');
    expect(json.features).toHaveLength(4);
    expect(json.features[0].properties).toMatchObject({ 宗地编: 'RN-001', 企业名: '汝南县宏达机械有限公司', 投资额: 12345.67 });
    expect(json.features[0].geometry.coordinates).toEqual([
      [[114.3, 33], [114.304, 33], [114.304, 33.003], [114.3, 33.003], [114.3, 33]],
      [[114.301, 33.001], [114.301, 33.002], [114.302, 33.002], [114.302, 33.001], [114.301, 33.001]],
    ]);
    expect(json.features[1].geometry.type).toBe('MultiPolygon');
  });

  it('reads a .shp with its .dbf/.prj beside it and reprojects from the Gauss-Kruger zone of the .prj', async () => {
    const r = await run(['convert', `${SHP}/parcels-gbk-ldid.shp`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${SHP}/parcels-gbk-ldid.shp: CGCS2000 3° Gauss-Kruger zone 38 (CM 114°E, zone number prefixed to eastings, EPSG:4526) — ${SHP}/parcels-gbk-ldid.prj: projected Gauss-Kruger, CGCS2000`);
    expect(r.stderr).toContain('marked deleted');
    const json = JSON.parse(r.stdout);
    expect(json.features).toHaveLength(3);
    expect(json.features[0].properties).toMatchObject({ 宗地编号: 'RN-001', 企业名称: '汝南县宏达机械有限公司' });
    const [lon, lat] = gaussKrugerToLonLat(Z38, 38_528_000, 3_652_000);
    const p = firstPosition(json);
    expect(Math.abs(p[0] - lon)).toBeLessThanOrEqual(5e-10);
    expect(Math.abs(p[1] - lat)).toBeLessThanOrEqual(5e-10);
    expect(lon).toBeGreaterThan(114.29);
    expect(lon).toBeLessThan(114.31);
  });

  it('reads the same parts zipped, with the same result', async () => {
    const parts = Object.fromEntries(['shp', 'shx', 'dbf', 'prj'].map((e) => [`宗地/parcels-gbk-ldid.${e}`, new Uint8Array(readFileSync(`${SHP}/parcels-gbk-ldid.${e}`))]));
    const zip = join(tmp, 'gk.zip');
    writeFileSync(zip, zipSync(parts));
    const zipped = await run(['convert', zip]);
    const loose = await run(['convert', `${SHP}/parcels-gbk-ldid.shp`]);
    expect(zipped.code).toBe(0);
    expect(zipped.stdout).toBe(loose.stdout);
    expect(zipped.stderr).toContain('zone 38');
  });

  it('writes a Gauss-Kruger Shapefile as 坐标TXT with its coordinates back to 1 mm', async () => {
    const txt = join(tmp, 'from-shp.txt');
    expect((await run(['convert', `${SHP}/parcels-gbk-ldid.shp`, '-o', txt])).code).toBe(0);
    const doc = readTxt(txt);
    expect(doc.zone).toEqual(Z38);
    expect(doc.parcels).toHaveLength(3);
    // Parcel 1 is 400 × 300 m with a 100 × 100 m hole (make.ts): 11 公顷 in the plane.
    expect(doc.parcels[0].planarAreaM2).toBeCloseTo(110_000, 2);
    const text = readFileSync(txt);
    expect(new TextDecoder('gbk').decode(text)).toContain('J1,1,3652000.000,38528000.000');
  });

  it('asks for --zone when a .prj says lon/lat over metres without a zone number, and reads it with --zone', async () => {
    // The fixture's zone-38 layout without the zone number in front of the eastings, under a lon/lat .prj.
    const src = readShapefileZip(new Uint8Array(readFileSync(`${SHP}/parcels-utf8.zip`)), 'x.zip');
    if (!src.ok) throw new Error('fixture unreadable');
    const shift = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? lonLatToGaussKruger(Z38, (c as number[])[0], (c as number[])[1]).map((v, i) => (i === 0 ? v - 38_000_000 : v)) : (c as unknown[]).map(shift));
    const features = src.layers[0].features.map((f) => ({ ...f, geometry: { ...f.geometry!, coordinates: shift((f.geometry as Polygon).coordinates) } as Polygon }));
    const written = writeShapefileZip({ name: 'plain', features });
    if (!written.ok) throw new Error('could not write');
    const zip = join(tmp, 'plain-metres.zip');
    writeFileSync(zip, written.bytes);
    const none = await run(['convert', zip]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`${zip}/plain.shp: error: coordinates are Gauss-Kruger metres, its .prj (geographic longitude/latitude, CGCS2000 (EPSG:4490)) names no Gauss-Kruger zone`);
    expect(none.stderr).toContain('--zone N');
    const given = await run(['convert', zip, '--zone', '38']);
    expect(given.code).toBe(0);
    const p = firstPosition(JSON.parse(given.stdout));
    expect(Math.abs(p[0] - 114.3)).toBeLessThan(1e-9);
    expect(Math.abs(p[1] - 33)).toBeLessThan(1e-9);
  });

  it('refuses a Xian 1980 .prj with a message naming the .prj', async () => {
    const xian = readFileSync(`${SHP}/parcels-gbk-ldid.prj`, 'utf8').replace(/China Geodetic Coordinate System 2000|China_Geodetic_Coordinate_System_2000/g, 'Xian_1980').replace('D_China_2000', 'D_Xian_1980').replace('CGCS2000",6378137.0,298.257222101', 'Xian_1980",6378140.0,298.257').replace('CGCS2000_3_Degree', 'Xian_1980_3_Degree');
    const shp = shapefileCopy('parcels-gbk-ldid', 'xian', ['shp', 'shx', 'dbf'], xian);
    const r = await run(['convert', shp]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${shp.replace(/\.shp$/, '.prj')}: error:`);
    expect(r.stderr).toContain('only CGCS2000 is read');
  });

  it('refuses a points Shapefile and a zip holding two Shapefiles, saying why', async () => {
    const points = await run(['convert', `${SHP}/points.shp`]);
    expect(points.code).toBe(1);
    expect(points.stderr).toContain(`${SHP}/points.shp: error: holds points (Point), not areas`);
    const parts: Record<string, Uint8Array> = {};
    for (const base of ['parcels-gbk-ldid', 'parcels-utf8-cpg']) for (const e of ['shp', 'dbf']) parts[`${base}.${e}`] = new Uint8Array(readFileSync(`${SHP}/${base}.${e}`));
    const two = join(tmp, 'two.zip');
    writeFileSync(two, zipSync(parts));
    const r = await run(['convert', two]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${two}: error: holds 2 Shapefiles`);
  });

  it('names a damaged zip', async () => {
    const r = await run(['convert', `${SHP}/corrupt-truncated.zip`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${SHP}/corrupt-truncated.zip`);
    expect(r.stdout).toBe('');
  });
});

describe('KML and KMZ to GeoJSON', () => {
  it('reads KML polygons, holes and ExtendedData; warns about the point placemark', async () => {
    const r = await run(['convert', `${KML}/parcels.kml`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${KML}/parcels.kml, feature (#3): warning:`);
    const json = JSON.parse(r.stdout);
    expect(json.name).toBe('汝南县产业集聚区 宗地');
    expect(json.features.map((f: { id?: string }) => f.id)[0]).toBe('RN-001');
    expect(json.features).toHaveLength(4);
    expect(json.features[0].properties).toMatchObject({ 宗地编号: 'RN-001', 投资额: 12345.67, 企业名称: '汝南县宏达机械有限公司 & 分厂' });
    expect(json.features[0].geometry.coordinates[1]).toEqual([[114.301, 33.001], [114.301, 33.002], [114.302, 33.002], [114.302, 33.001], [114.301, 33.001]]);
  });

  it('reads the same parcels from a KMZ and from GBK-encoded KML', async () => {
    const kml = JSON.parse((await run(['convert', `${KML}/parcels.kml`])).stdout);
    const kmz = await run(['convert', `${KML}/parcels.kmz`]);
    expect(kmz.code).toBe(0);
    expect(kmz.stderr).toContain('only doc.kml is read');
    expect(JSON.parse(kmz.stdout).features).toEqual(kml.features);
    const gbk = await run(['convert', `${KML}/parcels-gbk.kml`]);
    expect(gbk.code).toBe(0);
    expect(JSON.parse(gbk.stdout).features.map((f: { properties: unknown }) => f.properties)).toEqual(kml.features.map((f: { properties: unknown }) => f.properties));
  });

  it('exits 1 naming the file and line of broken XML, and a KML without areas', async () => {
    const broken = await run(['convert', `${KML}/broken.kml`, '--lang', 'zh']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(new RegExp(`^${KML}/broken\\.kml: 错误: 不是格式正确的 XML（第 \\d+ 行）`));
    const points = await run(['convert', `${KML}/points.kml`]);
    expect(points.code).toBe(1);
    expect(points.stderr).toContain('not an area layer');
  });

  it('refuses --from with a projection for KML, whose coordinates are always lon/lat', async () => {
    const r = await run(['convert', `${KML}/parcels.kml`, '--from', 'EPSG:4527']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KML coordinates are always longitude/latitude');
    expect((await run(['convert', `${KML}/parcels.kml`, '--from', 'EPSG:4490'])).code).toBe(0);
  });

  it('writes KML parcels as 坐标TXT in the zone of their longitude', async () => {
    const txt = join(tmp, 'from-kml.txt');
    const r = await run(['convert', `${KML}/parcels.kml`, '-o', txt]);
    // The point placemark cannot be written to a 坐标TXT: the message names it and nothing is written.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('坐标TXT holds areas only');
  });

  it('tells KML and Shapefile zips apart by content when the extension says nothing', async () => {
    const dir = join(tmp, 'renamed');
    mkdirSync(dir, { recursive: true });
    copyFileSync(`${KML}/parcels.kml`, join(dir, 'parcels.xml'));
    copyFileSync(`${KML}/parcels.kmz`, join(dir, 'parcels.dat'));
    copyFileSync(`${SHP}/parcels-utf8.zip`, join(dir, 'parcels.bin'));
    const xml = await run(['convert', join(dir, 'parcels.xml')]);
    const dat = await run(['convert', join(dir, 'parcels.dat')]);
    const bin = await run(['convert', join(dir, 'parcels.bin')]);
    expect([xml.code, dat.code, bin.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(xml.stdout).features).toHaveLength(4);
    expect(JSON.parse(dat.stdout).features).toHaveLength(4);
    expect(JSON.parse(bin.stdout).features[0].properties.企业名).toBe('汝南县宏达机械有限公司');
  });
});

describe('usage and bad input', () => {
  const usage: Array<[string, string[]]> = [
    ['no input', ['convert']],
    ['two inputs', ['convert', `${TXT}/standard.txt`, `${TXT}/six-degree.txt`]],
    ['a zone that does not exist', ['convert', `${TXT}/standard.txt`, '--zone', '24']],
    ['a zone that is not a number', ['convert', `${TXT}/standard.txt`, '--zone', 'abc']],
    ['a CRS that is not CGCS2000', ['convert', `${TXT}/standard.txt`, '--from', 'EPSG:3857']],
    ['--zone and --from that disagree', ['convert', `${TXT}/standard.txt`, '--zone', '38', '--from', 'EPSG:4527']],
    ['an output format convert does not write', ['convert', `${TXT}/standard.txt`, '-o', 'out.shp']],
    ['--encoding without a TXT output', ['convert', `${TXT}/standard.txt`, '--encoding', 'gbk']],
    ['an unknown encoding', ['convert', `${TXT}/standard.txt`, '-o', 'x.txt', '--encoding', 'latin1']],
  ];
  for (const [what, args] of usage) {
    it(`exits 2 for ${what}`, async () => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: park-atlas');
    });
  }

  it('exits 1 for a missing file and a format it cannot read', async () => {
    const missing = await run(['convert', join(tmp, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const csv = join(tmp, 'table.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const unknown = await run(['convert', csv]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${csv}: not a format convert reads: 坐标TXT (.txt), GeoJSON (.geojson, .json), Shapefile zip (.zip), Shapefile (.shp), KML (.kml), KMZ (.kmz)`);
  });

  it('detects the format from the content when the extension says nothing', async () => {
    const renamed = join(tmp, 'boundary.dat');
    writeFileSync(renamed, readFileSync(`${TXT}/standard.txt`));
    expect((await run(['convert', renamed])).code).toBe(0);
  });

  it('lists convert in the help', async () => {
    expect((await run(['--help'])).stdout).toContain('convert IN [--zone N] [--from EPSG:xxxx] [-o OUT] [--encoding gbk|utf-8]');
  });

  it('runs as a real process through the bundled bin', () => {
    const bin = join(process.cwd(), 'bin', 'park-atlas.mjs');
    const r = spawnSync(process.execPath, [bin, 'convert', `${TXT}/gbk-13fields.txt`], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).features.map((f: { id: string }) => f.id)).toEqual(['GBK-01', 'GBK-02']);
  });
});
