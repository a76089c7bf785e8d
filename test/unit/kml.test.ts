import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { parseXml, readKml, readKmz } from '../../src/core/io/kml';
import { ringSignedArea2 } from '../../src/core/io/shpRings';
import { formatProblem } from '../../src/core/schema/problems';

const dir = join(__dirname, '../fixtures/kml');
const load = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

function layerOf(r: ReturnType<typeof readKml>) {
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
  return r.layer;
}

// What test/fixtures/kml/parcels.kml holds, checked by eye against the file.
function expectParcels(layer: ReturnType<typeof layerOf>) {
  expect(layer.name).toBe('汝南县产业集聚区 宗地');
  expect(layer.features).toHaveLength(4);
  expect(layer).toMatchObject({ areaCount: 3, otherCount: 1, isAreaLayer: true });
  const [a, b, point, c] = layer.features;
  expect(a.id).toBe('RN-001');
  expect(a.properties).toMatchObject({
    name: '汝南县宏达机械有限公司',
    description: '<b>宏达机械</b> 一期 &nbsp; 二期',
    宗地编号: 'RN-001', 投资额: 12345.67, 户数: null, 是否政府原因: false,
    用地性质: '工业用地', 企业名称: '汝南县宏达机械有限公司 & 分厂',
  });
  // Polygon with its hole, altitude dropped, wound per RFC 7946.
  expect(a.geometry).toEqual({ type: 'Polygon', coordinates: [
    [[114.3, 33], [114.304, 33], [114.304, 33.003], [114.3, 33.003], [114.3, 33]],
    [[114.301, 33.001], [114.301, 33.002], [114.302, 33.002], [114.302, 33.001], [114.301, 33.001]],
  ] });
  // MultiGeometry of two polygons (one unclosed, one clockwise) and a point → MultiPolygon.
  expect(b.properties).toMatchObject({ 宗地编号: 'RN-002', 投资额: 5000, 户数: 3, 是否政府原因: true, 用地性质: '仓储用地' });
  expect(b.geometry?.type).toBe('MultiPolygon');
  const parts = (b.geometry as { coordinates: Position[][][] }).coordinates;
  expect(parts).toHaveLength(2);
  for (const p of parts) {
    expect(p[0][0]).toEqual(p[0][p[0].length - 1]);
    expect(ringSignedArea2(p[0])).toBeGreaterThan(0);
  }
  expect(point.geometry).toEqual({ type: 'Point', coordinates: [114.3, 33, 0] });
  // A typed value that is not a number stays as text, with a warning naming it.
  expect(c.properties.投资额).toBe('待定');
  const codes = layer.problems.map((p) => p.code);
  expect(codes).toEqual(expect.arrayContaining(['kml-value', 'kml-parts-dropped', 'not-area']));
  expect(layer.problems.find((p) => p.code === 'kml-value')).toMatchObject({ field: '投资额', featureIndex: 3 });
}

describe('KML', () => {
  it('reads polygons with holes, MultiGeometry, typed SimpleData, Data and names', () => {
    const layer = layerOf(readKml(load('parcels.kml'), 'parcels.kml'));
    expect(layer.encoding).toEqual({ encoding: 'utf-8', reason: 'declared' });
    expectParcels(layer);
  });

  it('reads the same document encoded in GBK by its XML declaration', () => {
    const layer = layerOf(readKml(load('parcels-gbk.kml'), 'parcels-gbk.kml'));
    expect(layer.encoding).toEqual({ encoding: 'gbk', reason: 'declared' });
    expectParcels(layer);
  });

  it('reads the doc.kml of a KMZ and mentions the other .kml', () => {
    const r = readKmz(load('parcels.kmz'), 'parcels.kmz');
    const layer = layerOf(r);
    expectParcels(layer);
    expect(layer.problems.find((p) => p.code === 'kmz-extra-kml')?.message.en).toMatch(/files\/extra\.kml/);
  });

  it('says where a truncated file breaks, and never throws', () => {
    const r = readKml(load('broken.kml'), 'broken.kml');
    expect(r.ok).toBe(false);
    expect(formatProblem(r.problems[0])).toMatch(/^broken\.kml: error: is not well-formed XML at line \d+: the file ends before <\w+> is closed/);
    const notKml = readKml('<?xml version="1.0"?><gpx><trk/></gpx>', 'x.kml');
    expect(!notKml.ok && notKml.problems[0].message.en).toBe('is XML but not KML (its root element is <gpx>)');
    const kmzOfJunk = readKmz(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), 'x.kmz');
    expect(kmzOfJunk.ok).toBe(false);
  });

  it('reports a KML of points and lines as not an area layer', () => {
    const layer = layerOf(readKml(load('points.kml'), 'points.kml'));
    expect(layer).toMatchObject({ areaCount: 0, otherCount: 2, isAreaLayer: false });
    expect(layer.problems[0]).toMatchObject({ severity: 'error', code: 'not-area-layer' });
  });
});

describe('the XML DOM used for togeojson', () => {
  it('parses entities, CDATA, comments, attributes with either quote, and self-closing tags', () => {
    const doc = parseXml("<?xml version='1.0'?><!DOCTYPE kml [<!ENTITY x 'y'>]><a k='1' j=\"&lt;2&gt;\"><!-- c --><b/>t&#x4E2D;&#25991;<![CDATA[<i>]]></a>");
    const a = doc.documentElement!;
    expect(a.getAttribute('k')).toBe('1');
    expect(a.getAttribute('j')).toBe('<2>');
    expect(a.getAttribute('missing')).toBeNull();
    expect(a.textContent).toBe('t中文<i>');
    expect(a.getElementsByTagName('b')).toHaveLength(1);
    expect(a.childNodes.item(2)?.nodeType).toBe(4);
  });
  it('names the line of a mismatched tag', () => {
    expect(() => parseXml('<a>\n<b>\n</a>')).toThrow(/<\/a> closes <b>/);
    try { parseXml('<a>\n<b>\n</a>'); } catch (e) { expect((e as { line: number }).line).toBe(3); }
  });
});
