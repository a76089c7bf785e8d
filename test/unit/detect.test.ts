import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/core/io/detect';
import { encodeGbk } from '../../src/core/io/encoding';

const fixture = (folder: string, name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(__dirname, '../fixtures', folder, name))) });
const text = (name: string, s: string) => ({ name, bytes: new TextEncoder().encode(s) });
const one = (file: { name: string; bytes: Uint8Array }) => {
  const r = detectFormat([file]);
  expect(r).toHaveLength(1);
  return r[0];
};

describe('detectFormat', () => {
  it('groups loose Shapefile parts by base name, in the order given, and says what is missing', () => {
    const r = detectFormat([
      fixture('shapefile', 'parcels-utf8-cpg.shp'), text('notes.csv', 'a,b\n1,2\n'), fixture('shapefile', 'parcels-utf8-cpg.dbf'),
      { name: 'PARCELS-UTF8-CPG.PRJ', bytes: new Uint8Array(1) }, { name: 'parcels-utf8-cpg.shp.xml', bytes: new Uint8Array(1) },
      fixture('shapefile', 'points.shp'), fixture('shapefile', 'parcels-gbk-nocpg.dbf'),
    ]);
    expect(r.map((d) => [d.format, d.name, d.files.length, d.problems.map((p) => p.code)])).toEqual([
      ['shapefile-parts', 'parcels-utf8-cpg', 4, []],
      ['csv', 'notes.csv', 1, []],
      ['shapefile-parts', 'points', 1, ['dbf-missing']],
      ['shapefile-parts', 'parcels-gbk-nocpg', 1, ['shp-missing']],
    ]);
    expect(r[3].problems[0].severity).toBe('error');
  });

  it('looks inside ZIP archives: Shapefile, KMZ, workbook, or neither', () => {
    expect(one(fixture('shapefile', 'parcels-utf8.zip')).format).toBe('shapefile-zip');
    expect(one({ ...fixture('shapefile', 'parcels-utf8.zip'), name: 'download.bin' }).format).toBe('shapefile-zip'); // magic, not name
    expect(one(fixture('kml', 'parcels.kmz')).format).toBe('kmz');
    expect(one(fixture('tables', 'investment.xlsx')).format).toBe('xlsx');
    expect(one(fixture('shapefile', 'bomb.zip')).format).toBe('shapefile-zip'); // only the directory is read: the reader refuses the bomb
    const damaged = one(fixture('shapefile', 'corrupt-truncated.zip'));
    expect(damaged).toMatchObject({ format: 'unknown', problems: [{ code: 'zip-corrupt' }] });
  });

  it('reads text: GeoJSON, KML, 坐标TXT (GBK), CSV and delimited TXT', () => {
    expect(one(text('a.txt', ' \uFEFF{"type":"FeatureCollection","features":[]}')).format).toBe('geojson');
    expect(one(text('a.geojson', 'not json at all')).format).toBe('geojson'); // the reader will say it is broken
    expect(one(fixture('kml', 'parcels.kml')).format).toBe('kml');
    expect(one(fixture('kml', 'parcels-gbk.kml')).format).toBe('kml');
    const coord = encodeGbk('[属性描述]\r\n坐标系=2000国家大地坐标系\r\n[地块坐标]\r\n5,1.2,1,汝南,面,,工业用地,0601,@\r\nJ1,1,3652000.000,38528000.000\r\n').bytes;
    expect(one({ name: '报批坐标.txt', bytes: coord })).toMatchObject({ format: 'coordtxt' });
    expect(one(text('points.txt', 'J1,1,3652000.000,38528000.000\nJ2,1,3652000.000,38528100.000\nJ3,1,3652100.000,38528100.000\nJ1,1,3652000.000,38528000.000\n')).format).toBe('coordtxt');
    expect(one(fixture('tables', 'investment-gbk.csv')).format).toBe('csv');
    expect(one(fixture('tables', 'investment.txt')).format).toBe('csv');
    expect(one(text('readme.txt', 'just some words')).format).toBe('unknown');
  });

  it('names what it cannot read: old .xls, empty files, other binaries, XML that is not KML', () => {
    const xls = one({ name: '台账.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]) });
    expect(xls).toMatchObject({ format: 'unknown', problems: [{ code: 'format-xls', file: '台账.xls' }] });
    expect(xls.problems[0].message.zh).toMatch(/另存为 \.xlsx 或 CSV/);
    expect(one({ name: 'e.geojson', bytes: new Uint8Array(0) }).problems[0].code).toBe('empty-file');
    expect(one({ name: 'x.dwg', bytes: new Uint8Array([0x41, 0x43, 0x31, 0x30, 0, 0, 0]) }).format).toBe('unknown');
    expect(one(text('x.xml', '<gpx></gpx>')).problems[0].message.en).toBe('is XML but not KML');
  });
});
