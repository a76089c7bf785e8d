// `park-atlas convert` end to end (DESIGN §10): 坐标TXT and projected GeoJSON in, lon/lat GeoJSON or 坐标TXT out,
// exit codes 0/1/2 as for metrics.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { gaussKrugerToLonLat, lonLatToGaussKruger } from '../../src/core/geodesy/gaussKruger';
import { readCoordTxt } from '../../src/core/io/coordTxt';

const TXT = 'test/fixtures/coordtxt';
const PROJ = 'test/fixtures/projected';
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
    expect(unknown.stderr).toContain(`${csv}: not a format convert reads: 坐标TXT (.txt), GeoJSON (.geojson, .json)`);
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
