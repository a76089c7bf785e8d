// 坐标TXT (DESIGN §7): every layout variant in test/fixtures/coordtxt (see its README), broken files with the line of
// their fault, header-area checks, and the round trip TXT → GeoJSON → TXT to the millimetre.
import { readFileSync, readdirSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { gaussKrugerToLonLat, lonLatToGaussKruger, type GaussKrugerZone } from '../../src/core/geodesy/gaussKruger';
import { landUseFromCoordTxt, readCoordTxt, readZoneWidth, writeCoordTxt, type CoordTxtDocument, type LineProblem } from '../../src/core/io/coordTxt';
import { formatProblem } from '../../src/core/schema/problems';

const DIR = 'test/fixtures/coordtxt';
const bytesOf = (name: string) => new Uint8Array(readFileSync(`${DIR}/${name}`));

function read(name: string, options = {}): CoordTxtDocument {
  const r = readCoordTxt(bytesOf(name), `${DIR}/${name}`, options);
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
  return r.value;
}

const feature = (doc: CoordTxtDocument, id: string) => {
  const f = doc.layer.features.find((x) => x.id === id);
  if (!f) throw new Error(`no feature ${id}`);
  return f as Feature<Polygon | MultiPolygon, Record<string, unknown>>;
};
const codes = (problems: readonly LineProblem[]) => problems.map((p) => p.code);
const Z38: GaussKrugerZone = { width: 3, zone: 38, prefixed: true };

/** Gauss-Kruger point scale factor k = 1 + y²/2R² + y⁴/24R⁴, R² = M·N (standard series; Snyder 1987 §8). */
function scaleFactor(yFromCentralMeridian: number, latDeg: number): number {
  const a = 6378137, f = 1 / 298.257222101, e2 = f * (2 - f);
  const s = Math.sin((latDeg * Math.PI) / 180);
  const w = Math.sqrt(1 - e2 * s * s);
  const r2 = ((a * (1 - e2)) / w ** 3) * (a / w);
  const q = (yFromCentralMeridian * yFromCentralMeridian) / r2;
  return 1 + q / 2 + (q * q) / 24;
}

describe('the standard layout (standard.txt: UTF-8, LF, 带号 given, prefixed eastings)', () => {
  const doc = read('standard.txt');

  it('reads two parcels without a warning, zone 38 from 带号', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.layer.kind).toBe('parcel');
    expect(doc.layer.features.map((f) => f.id)).toEqual(['DK-01', 'DK-02']);
    expect(doc.zone).toEqual(Z38);
    expect(doc.zoneSource).toBe('header');
    expect(doc.zoneReason.en).toContain('带号 38');
    expect(doc.encoding).toBe('utf-8');
  });

  it('keeps the header fields under their Chinese names and maps the land use', () => {
    const p = feature(doc, 'DK-01').properties;
    expect(p).toMatchObject({
      name: '产业集聚区一号地块', landUse: 'industrial', 地块编号: 'DK-01', 地块名称: '产业集聚区一号地块', 界址点数: 5, 地块面积: 3,
      图形属性: '面', 地块用途: '工业用地', 地类编码: '0601', 界址点号: [['J1', 'J2', 'J3', 'J4', 'J1']],
    });
    expect(feature(doc, 'DK-02').properties.landUse).toBe('warehouse');
    expect(doc.layer.coordTxt.attributes['数据产生单位']).toBe('驻马店市自然资源和规划局');
  });

  it('puts each point where the zone puts it: X is north, Y east', () => {
    const ring = (feature(doc, 'DK-01').geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(gaussKrugerToLonLat(Z38, 38520000, 3650200));
    expect(ring[2]).toEqual(gaussKrugerToLonLat(Z38, 38520150, 3650000));
    expect(ring[0][0]).toBeGreaterThan(114.2);
    expect(ring[0][0]).toBeLessThan(114.22);
    expect(ring[0][1]).toBeGreaterThan(32.97);
    expect(ring[0][1]).toBeLessThan(32.99);
  });

  it('reports the planar area (shoelace) and the ellipsoidal area, which differ by the scale factor', () => {
    const [a, b] = doc.parcels;
    expect(a.planarAreaM2).toBe(30000);
    expect(b.planarAreaM2).toBe(45000);
    expect(feature(doc, 'DK-01').properties.planarAreaM2).toBe(30000);
    // DK-01 is centred 20 075 m east of the central meridian, at about 32.98°N.
    const k = scaleFactor(20075, 32.98);
    expect(a.ellipsoidalAreaM2! / a.planarAreaM2!).toBeCloseTo(1 / (k * k), 7);
    expect(feature(doc, 'DK-01').properties.ellipsoidalAreaM2).toBeCloseTo(a.ellipsoidalAreaM2!, 3);
    expect(a.headerAreaUnit).toBe('ha');
  });
});

describe('rings: holes and parts by containment, never by the ring number (holes-multipart.txt, CRLF)', () => {
  const doc = read('holes-multipart.txt');

  it('reads without warnings', () => {
    expect(doc.problems).toEqual([]);
  });

  it('makes ring 2 inside ring 1 a hole', () => {
    const g = feature(doc, 'DK-11').geometry;
    expect(g.type).toBe('Polygon');
    expect((g as Polygon).coordinates).toHaveLength(2);
    expect(doc.parcels[0].planarAreaM2).toBe(80000);
    expect(feature(doc, 'DK-11').properties['界址点号']).toEqual([['J1', 'J2', 'J3', 'J4', 'J1'], ['J5', 'J6', 'J7', 'J8', 'J5']]);
  });

  it('makes ring 2 beside ring 1 a second part', () => {
    const g = feature(doc, 'DK-12').geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates.map((p) => p.length)).toEqual([1, 1]);
    expect(doc.parcels[1].planarAreaM2).toBe(20000);
  });

  it('finds the outer ring when the hole comes first with ring number 1', () => {
    const g = feature(doc, 'DK-13').geometry as Polygon;
    expect(g.type).toBe('Polygon');
    expect(g.coordinates[0][0]).toEqual(gaussKrugerToLonLat(Z38, 38522000, 3651200));
    expect(g.coordinates[1][0]).toEqual(gaussKrugerToLonLat(Z38, 38522050, 3651100));
    expect(doc.parcels[2].planarAreaM2).toBe(37500);
    expect(feature(doc, 'DK-13').properties.landUse).toBe('commercial');
  });

  it('separates rings that share one number where each closes, and nests an island in a hole', () => {
    const g = feature(doc, 'DK-14').geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates.map((p) => p.length)).toEqual([2, 1]);
    expect(doc.parcels[3].planarAreaM2).toBe(30400);
    expect(doc.parcels[3].pointCount).toBe(15);
  });
});

describe('GBK, CRLF, [扩展信息], 转换参数 and the 13-field header (gbk-13fields.txt)', () => {
  const doc = read('gbk-13fields.txt');

  it('detects GBK and decodes the names', () => {
    expect(doc.encoding).toBe('gbk');
    expect(doc.problems).toEqual([]);
    expect(feature(doc, 'GBK-01').properties.name).toBe('东区地块');
  });

  it('keeps the extra header fields and the other sections', () => {
    expect(feature(doc, 'GBK-01').properties).toMatchObject({ 图幅号: 'H50G040013', 地类: '1', 改造前质量等别: 'B', 改造后质量等别: 'C', 备注: '报批用地' });
    expect(feature(doc, 'GBK-01').properties).not.toHaveProperty('图斑类型');
    expect(doc.layer.coordTxt.sections['扩展信息']).toEqual(['项目名称=产业集聚区东区建设用地']);
    expect(doc.layer.coordTxt.attributes['转换参数']).toBe('0,0,0,0,0,0,0');
    expect(feature(doc, 'GBK-02').properties.landUse).toBe('green');
  });

  it('reads the same file given as UTF-8 text', () => {
    const text = new TextDecoder('gbk').decode(bytesOf('gbk-13fields.txt'));
    const r = readCoordTxt(text, 'same.txt');
    expect(r.ok && r.value.layer.features.map((f) => f.geometry)).toEqual(doc.layer.features.map((f) => f.geometry));
  });
});

describe('header areas (area-units.txt)', () => {
  const doc = read('area-units.txt');
  const byCode = (code: string) => doc.problems.filter((p) => p.code === code);

  it('detects areas written in m² and in 亩, with both numbers', () => {
    expect(doc.parcels.map((p) => p.headerAreaUnit)).toEqual(['m2', 'mu', 'ha', 'ha']);
    const [m2] = byCode('area-in-square-metres');
    expect(m2).toMatchObject({ featureId: 'AREA-M2', line: 13 });
    expect(m2.message.en).toContain('30000');
    expect(m2.message.en).toContain('3.0000 公顷');
    expect(byCode('area-in-mu')[0]).toMatchObject({ featureId: 'AREA-MU', line: 19 });
  });

  it('warns when the header differs from the planar area by more than 0.0001 公顷, and not within it', () => {
    const off = byCode('area-mismatch');
    expect(off).toHaveLength(1);
    expect(off[0]).toMatchObject({ featureId: 'AREA-OFF', line: 25, severity: 'warning' });
    expect(off[0].message.en).toContain('3.01 公顷');
    expect(off[0].message.en).toContain('3.0000 公顷');
    expect(off[0].message.zh).toContain('第 25 行');
  });
});

describe('zone from the easting prefix, and 6° zones', () => {
  it('reads an empty 带号 and `分带=3度带` keys from the prefix (empty-zone-prefixed.txt)', () => {
    const doc = read('empty-zone-prefixed.txt');
    expect(doc.problems).toEqual([]);
    expect(doc.zone).toEqual({ width: 3, zone: 39, prefixed: true });
    expect(doc.zoneSource).toBe('prefix');
    const first = (feature(doc, 'Z39-01').geometry as Polygon).coordinates[0][0];
    expect(first).toEqual(gaussKrugerToLonLat({ width: 3, zone: 39, prefixed: true }, 39520000, 3530100));
    expect(first[0]).toBeGreaterThan(117.2);
    expect(feature(doc, 'Z39-01').properties.landUse).toBe('residential');
  });

  it('reads a 6° zone without prefix from 带号 (six-degree.txt)', () => {
    const doc = read('six-degree.txt');
    expect(doc.zone).toEqual({ width: 6, zone: 20, prefixed: false });
    const first = (feature(doc, 'SIX-01').geometry as Polygon).coordinates[0][0];
    expect(first).toEqual(gaussKrugerToLonLat({ width: 6, zone: 20, prefixed: false }, 520000, 3530150));
    expect(doc.parcels[0].planarAreaM2).toBe(15000);
  });
});

describe('tolerated slips', () => {
  it('reads CR-only line endings and closes unclosed rings, naming each ring’s line (cr-only-unclosed.txt)', () => {
    const doc = read('cr-only-unclosed.txt');
    expect(doc.problems.map((p) => [p.code, p.line])).toEqual([['ring-unclosed', 14], ['ring-unclosed', 19], ['ring-unclosed', 23]]);
    const g = feature(doc, 'CR-02').geometry as Polygon;
    expect(g.coordinates.map((r) => r.length)).toEqual([5, 5]);
    expect(g.coordinates[0][4]).toEqual(g.coordinates[0][0]);
    expect(feature(doc, 'CR-02').properties['界址点号']).toEqual([['1', '2', '3', '4', '1'], ['5', '6', '7', '8', '5']]);
    expect(doc.parcels[1].planarAreaM2).toBe(15000);
  });

  it('reads the layout of a published example (loveyl-layout.txt)', () => {
    const doc = read('loveyl-layout.txt');
    expect(doc.problems.map((p) => [p.code, p.line, p.featureId])).toEqual([
      ['ring-number-closing', 22, '1'],
      ['point-count-mismatch', 12, '1'],
      ['closing-point-differs', 28, '2'],
      ['ring-self-intersection', 24, '2'],
      ['area-mismatch', 23, '2'],
    ]);
    expect((feature(doc, '1').geometry as Polygon).coordinates.map((r) => r.length)).toEqual([5, 5]);
    expect(doc.parcels[0].planarAreaM2).toBe(37500);
    // The closing point 4 cm off is kept as a vertex: nothing of the file is dropped.
    expect((feature(doc, '2').geometry as Polygon).coordinates[0]).toHaveLength(6);
  });

  it('reads Y-before-X files the other way round, with a warning (swapped-columns.txt)', () => {
    const doc = read('swapped-columns.txt');
    expect(codes(doc.problems)).toEqual(['columns-swapped']);
    expect((feature(doc, 'SWAP-01').geometry as Polygon).coordinates[0][0]).toEqual(gaussKrugerToLonLat(Z38, 38520000, 3656200));
  });

  const attrs = '[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n';
  const square = 'J1,1,3650100.000,38520000.000\nJ2,1,3650100.000,38520100.000\nJ3,1,3650000.000,38520100.000\nJ4,1,3650000.000,38520000.000\nJ1,1,3650100.000,38520000.000\n';

  it('reads full-width brackets and commas, a UTF-8 BOM, and 带号 given as a central meridian', () => {
    const text = `\uFEFF【属性描述】\n坐标系＝2000国家大地坐标系\n几度分带=3\n带号=114\n【地块坐标】\n5，1.0000，W-1，全角，面，，，，@\n${square.replace(/,/g, '，')}`;
    const r = readCoordTxt(new TextEncoder().encode(text), 'fullwidth.txt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.zone).toEqual(Z38);
    expect(codes(r.value.problems)).toEqual(['zone-is-meridian']);
    expect(r.value.parcels[0].planarAreaM2).toBe(10000);
  });

  it('reads point fields separated by spaces or tabs', () => {
    const r = readCoordTxt(`${attrs}5,1.0000,S-1,,面,,,,@\n${square.replace(/,/g, ' ').replace(/ 1 /g, '\t1\t')}`, 'spaces.txt');
    expect(r.ok && r.value.parcels[0].planarAreaM2).toBe(10000);
  });

  it('renames repeated and missing 地块编号, keeping every parcel', () => {
    const r = readCoordTxt(`${attrs}5,1.0000,A,,面,,,,@\n${square}5,1.0000,A,,面,,,,@\n${square}5,1.0000,,,面,,,,@\n${square}`, 'ids.txt');
    expect(r.ok && r.value.layer.features.map((f) => f.id)).toEqual(['A', 'A#2', 'ids#3']);
    expect(r.ok && codes(r.value.problems)).toEqual(['id-duplicate', 'id-missing']);
  });

  it('reads 图形属性 线 as a line, and then gives the layer no kind', () => {
    const r = readCoordTxt(`${attrs}4,,L-1,界线,线,,,,@\n${square.split('\n').slice(0, 4).join('\n')}\n`, 'line.txt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.layer.features[0].geometry.type).toBe('LineString');
    expect(r.value.layer.kind).toBeUndefined();
    expect(codes(r.value.problems)).toEqual(['not-an-area', 'not-all-areas']);
  });

  it('warns about WGS 84, a non-zero 转换参数, and a missing 坐标系', () => {
    const wgs = readCoordTxt(`[属性描述]\n坐标系=WGS84\n转换参数=12.1,-3,0,0,0,0,1.2\n带号=38\n[地块坐标]\n5,1.0000,A,,面,,,,@\n${square}`, 'w.txt');
    expect(wgs.ok && codes(wgs.value.problems)).toEqual(['crs-wgs84', 'transform-not-applied']);
    const none = readCoordTxt(`[属性描述]\n带号=38\n[地块坐标]\n5,1.0000,A,,面,,,,@\n${square}`, 'n.txt');
    expect(none.ok && none.value.problems.map((p) => [p.code, p.line])).toEqual([['crs-assumed', 1]]);
  });

  it('reads zone widths as bureaus write them', () => {
    expect(['3', '3度', '3度带', '三度带', '3°', ' 3 度 分带'].map(readZoneWidth)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(['6', '6度带', '六度带'].map(readZoneWidth)).toEqual([6, 6, 6]);
    expect(readZoneWidth('1.5度')).toBeNull();
  });

  it('maps land use only where it is obvious', () => {
    expect(landUseFromCoordTxt('工业用地', undefined)).toBe('industrial');
    expect(landUseFromCoordTxt('公园与绿地', '0810')).toBe('green');
    expect(landUseFromCoordTxt(undefined, '0601')).toBe('industrial');
    expect(landUseFromCoordTxt(undefined, '063')).toBe('warehouse');
    expect(landUseFromCoordTxt('城镇村道路用地', undefined)).toBe('road');
    expect(landUseFromCoordTxt('水田', '0101')).toBeNull();
    expect(landUseFromCoordTxt(undefined, undefined)).toBeNull();
  });
});

describe('broken files: an error naming the file and the line', () => {
  const cases: Array<[string, string, number | null]> = [
    ['garbled-point.txt', 'point-garbled', 16],
    ['non-numeric.txt', 'coordinate-not-number', 16],
    ['bad-ring-number.txt', 'ring-number-invalid', 15],
    ['too-few-points.txt', 'too-few-points', 14],
    ['missing-parcel-section.txt', 'section-missing', 12],
    ['missing-attribute-section.txt', 'section-missing', 1],
    ['unknown-zone.txt', 'zone-unknown', 9],
    ['zone-mismatch.txt', 'zone-mismatch', 9],
    ['bad-prefix.txt', 'zone-invalid', 14],
    ['mixed-prefix.txt', 'easting-out-of-range', 16],
    ['point-before-header.txt', 'point-before-header', 13],
    ['xian80.txt', 'crs-unsupported', 5],
    ['not-a-number-area.txt', 'header-garbled', 13],
  ];
  it('has a case for every file in broken/', () => {
    expect(readdirSync(`${DIR}/broken`).filter((n) => n.endsWith('.txt')).sort()).toEqual(cases.map((c) => c[0]).sort());
  });
  for (const [name, code, line] of cases) {
    it(`${name}: ${code} at line ${line}`, () => {
      const path = `${DIR}/broken/${name}`;
      const r = readCoordTxt(new Uint8Array(readFileSync(path)), path);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const errors = r.problems.filter((p) => p.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code, file: path, line });
      expect(formatProblem(errors[0], 'en')).toContain(`${path}`);
      expect(formatProblem(errors[0], 'en')).toContain(`line ${line}:`);
      expect(formatProblem(errors[0], 'zh')).toContain(`第 ${line} 行`);
    });
  }

  it('says which option to pass when the zone is unknown, and accepts it', () => {
    const path = `${DIR}/broken/unknown-zone.txt`;
    const r = readCoordTxt(new Uint8Array(readFileSync(path)), path);
    expect(!r.ok && r.problems[0].message.en).toMatch(/--zone N.*--from EPSG/);
    expect(!r.ok && r.zoneGuess?.status).toBe('unknown');
    const hinted = readCoordTxt(new Uint8Array(readFileSync(path)), path, { longitudeHint: 114.2 });
    expect(!hinted.ok && hinted.zoneGuess).toMatchObject({ status: 'guess', zone: { width: 3, zone: 38, prefixed: false } });
    const withZone = readCoordTxt(new Uint8Array(readFileSync(path)), path, { zone: 38 });
    expect(withZone.ok && withZone.value.zone).toEqual({ width: 3, zone: 38, prefixed: false });
    expect(withZone.ok && withZone.value.zoneSource).toBe('option');
  });

  it('rejects a zone option that contradicts the easting prefix, or is no zone', () => {
    expect(readCoordTxt(bytesOf('standard.txt'), 's.txt', { zone: 39 })).toMatchObject({ ok: false, problems: [{ code: 'zone-mismatch' }] });
    expect(readCoordTxt(bytesOf('standard.txt'), 's.txt', { zone: 24 })).toMatchObject({ ok: false, problems: [{ code: 'zone-invalid' }] });
  });

  it('reads a file without [属性描述] when the zone is given', () => {
    const path = `${DIR}/broken/missing-attribute-section.txt`;
    const r = readCoordTxt(new Uint8Array(readFileSync(path)), path, { zone: 38 });
    expect(r.ok && codes(r.value.problems)).toEqual(['section-missing']);
  });

  it('rejects an empty file, a width that contradicts 带号, and metres that are not metres', () => {
    expect(readCoordTxt('  \n', 'e.txt')).toMatchObject({ ok: false, problems: [{ code: 'empty-file' }] });
    const body = '[地块坐标]\n5,1.0000,A,,面,,,,@\nJ1,1,3650100.000,38520000.000\nJ2,1,3650100.000,38520100.000\nJ3,1,3650000.000,38520100.000\n';
    const crs = '坐标系=2000国家大地坐标系';
    expect(readCoordTxt(`[属性描述]\n${crs}\n几度分带=6\n带号=38\n${body}`, 'w.txt')).toMatchObject({ ok: false, problems: [{ code: 'zone-width-mismatch', line: 4 }] });
    expect(readCoordTxt(`[属性描述]\n${crs}\n计量单位=千米\n带号=38\n${body}`, 'u.txt')).toMatchObject({ ok: false, problems: [{ code: 'unit-unsupported', line: 3 }] });
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Every position of both layers, as Gauss-Kruger metres in `zone`, equal within 1 mm, and the same structure. */
function expectSameCoordinates(a: FeatureCollection, b: FeatureCollection, zone: GaussKrugerZone): number {
  expect(b.features.map((f) => f.id)).toEqual(a.features.map((f) => f.id));
  let worst = 0;
  a.features.forEach((fa, i) => {
    const ga = fa.geometry as Polygon | MultiPolygon;
    const gb = b.features[i].geometry as Polygon | MultiPolygon;
    expect(gb.type).toBe(ga.type);
    const pa = (ga.type === 'Polygon' ? [ga.coordinates] : ga.coordinates).flat(2) as Position[];
    const pb = (gb.type === 'Polygon' ? [gb.coordinates] : gb.coordinates).flat(2) as Position[];
    expect(pb).toHaveLength(pa.length);
    pa.forEach((p, j) => {
      const [e1, n1] = lonLatToGaussKruger(zone, p[0], p[1]);
      const [e2, n2] = lonLatToGaussKruger(zone, pb[j][0], pb[j][1]);
      worst = Math.max(worst, Math.hypot(e1 - e2, n1 - n2));
    });
  });
  expect(worst).toBeLessThan(0.001);
  return worst;
}

describe('writing 坐标TXT', () => {
  const good = readdirSync(DIR).filter((n) => n.endsWith('.txt'));

  for (const name of good) {
    it(`round-trips ${name} → GeoJSON → TXT → GeoJSON to 1 mm, in GBK and UTF-8`, () => {
      const doc = read(name);
      for (const encoding of ['gbk', 'utf-8'] as const) {
        const w = writeCoordTxt(doc.layer, `out-${name}`, { encoding, date: '2026-01-01' });
        expect(w.ok).toBe(true);
        if (!w.ok) return;
        expect(w.value.unencodable).toEqual([]);
        const again = readCoordTxt(w.value.bytes, `out-${name}`);
        if (!again.ok) throw new Error(again.problems.map((p) => formatProblem(p)).join('\n'));
        expect(again.value.encoding).toBe(encoding === 'gbk' && /[^\x00-\x7f]/.test(w.value.text) ? 'gbk' : 'utf-8');
        expect(again.value.zone).toEqual({ ...doc.zone, prefixed: true });
        expectSameCoordinates(doc.layer, again.value.layer, doc.zone);
        // A written file is clean: header areas in 公顷 equal to the planar area, closing points, counts right.
        expect(again.value.problems).toEqual(name === 'loveyl-layout.txt' ? [expect.objectContaining({ code: 'ring-self-intersection' })] : []);
        again.value.parcels.forEach((p, i) => {
          expect(p.planarAreaM2).toBeCloseTo(doc.parcels[i].planarAreaM2!, 2);
          expect(p.headerAreaUnit).toBe('ha');
          expect(again.value.layer.features[i].properties!['界址点号']).toEqual(doc.layer.features[i].properties!['界址点号']);
        });
      }
    });
  }

  it('writes standard.txt back byte for byte (UTF-8, LF)', () => {
    const doc = read('standard.txt');
    const w = writeCoordTxt(doc.layer, 'standard.txt', { encoding: 'utf-8', lineEnding: '\n' });
    expect(w.ok && w.value.text).toBe(readFileSync(`${DIR}/standard.txt`, 'utf8'));
  });

  it('writes GBK with CRLF by default, with [属性描述] filled and the zone prefixed', () => {
    const doc = read('six-degree.txt');
    const w = writeCoordTxt(doc.layer, 'six.txt', { date: '2026-01-01' });
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    expect(w.value.encoding).toBe('gbk');
    expect(new TextDecoder('gbk').decode(w.value.bytes)).toBe(w.value.text);
    expect(w.value.text).toContain('\r\n');
    expect(w.value.text.split('\r\n').slice(0, 12)).toEqual([
      '[属性描述]', '格式版本号=1.01', '数据产生单位=', '数据产生日期=2026-01-01', '坐标系=2000国家大地坐标系', '几度分带=6',
      '投影类型=高斯克吕格', '计量单位=米', '带号=20', '精度=0.001', '转换参数=0,0,0,0,0,0,0', '[地块坐标]',
    ]);
    expect(w.value.text).toContain('5,1.5000,SIX-01,六度带地块,面,,工业用地,0601,@\r\nJ1,1,3530150.000,20520000.000\r\n');
  });

  it('writes lon/lat parcels with no 坐标TXT past: zone from their longitude, J names, closing points, areas', () => {
    const z = { width: 3, zone: 40, prefixed: true } as const;
    const ll = (e: number, n: number) => gaussKrugerToLonLat(z, e, n);
    // An unclosed, counter-clockwise square of 120 m, with a 20 m square hole, and landUse but no Chinese fields.
    const layer: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{
        type: 'Feature', id: 'P-9', properties: { name: '新地块', landUse: 'industrial' },
        geometry: { type: 'Polygon', coordinates: [
          [ll(40480000, 3400000), ll(40480120, 3400000), ll(40480120, 3400120), ll(40480000, 3400120)],
          [ll(40480050, 3400050), ll(40480050, 3400070), ll(40480070, 3400070), ll(40480070, 3400050), ll(40480050, 3400050)],
        ] },
      }],
    };
    const w = writeCoordTxt(layer, 'new.txt', { encoding: 'utf-8', lineEnding: '\n', date: '2026-01-01' });
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    expect(w.value.zone).toEqual(z);
    const body = w.value.text.split('[地块坐标]\n')[1];
    expect(body).toBe([
      '10,1.4000,P-9,新地块,面,,工业用地,,@',
      'J1,1,3400000.000,40480000.000', 'J2,1,3400000.000,40480120.000', 'J3,1,3400120.000,40480120.000', 'J4,1,3400120.000,40480000.000', 'J1,1,3400000.000,40480000.000',
      'J5,2,3400050.000,40480050.000', 'J6,2,3400070.000,40480050.000', 'J7,2,3400070.000,40480070.000', 'J8,2,3400050.000,40480070.000', 'J5,2,3400050.000,40480050.000',
      '',
    ].join('\n'));
    const back = readCoordTxt(w.value.text, 'new.txt');
    expect(back.ok && back.value.problems).toEqual([]);
  });

  it('writes into a chosen zone, without the prefix if asked', () => {
    const doc = read('standard.txt');
    const w = writeCoordTxt(doc.layer, 'x.txt', { zone: 38, prefixed: false, encoding: 'utf-8' });
    expect(w.ok && w.value.text).toContain('J1,1,3650200.000,520000.000');
    const far = writeCoordTxt(doc.layer, 'x.txt', { zone: 40 });
    expect(far.ok && codes(far.value.problems)).toEqual(['outside-zone']);
  });

  it('warns about characters GBK cannot hold, and writes them in UTF-8 on request', () => {
    const doc = read('standard.txt');
    doc.layer.features[0].properties!['地块名称'] = '地块😀';
    const gbk = writeCoordTxt(doc.layer, 'x.txt');
    expect(gbk.ok && gbk.value.unencodable).toEqual(['😀']);
    expect(gbk.ok && codes(gbk.value.problems)).toEqual(['gbk-unencodable']);
    const utf8 = writeCoordTxt(doc.layer, 'x.txt', { encoding: 'utf-8' });
    expect(utf8.ok && utf8.value.text).toContain('地块😀');
  });

  it('refuses lines, points and projected coordinates, naming the feature', () => {
    const line: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'R1', properties: {}, geometry: { type: 'LineString', coordinates: [[114, 33], [114.1, 33]] } }] };
    expect(writeCoordTxt(line, 'l.txt')).toMatchObject({ ok: false, problems: [{ code: 'geometry-type', featureId: 'R1' }] });
    const projected: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'G1', properties: {}, geometry: { type: 'Polygon', coordinates: [[[38520000, 3650000], [38520100, 3650000], [38520100, 3650100], [38520000, 3650000]]] } }] };
    expect(writeCoordTxt(projected, 'p.txt')).toMatchObject({ ok: false, problems: [{ code: 'coordinates-not-lonlat', featureId: 'G1' }] });
  });
});
