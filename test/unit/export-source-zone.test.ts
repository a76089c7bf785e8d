// 坐标TXT export of an imported layer (src/ui/export/exportLayer.ts): by default it is written in the zone the
// layer was read in, also when it came from a projected GeoJSON or Shapefile (core's sourceZoneOf), not only from a
// 坐标TXT; a layer read in lon/lat gets the 3° zone of its longitude. Layers go through the import's own steps
// (preview → aliases → validation), and the written points are compared with the file's own metres.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gaussKrugerConverter, type GaussKrugerZone } from '../../src/core/geodesy/gaussKruger';
import { defaultTxtZone, exportCoordTxt } from '../../src/ui/export/exportLayer';
import { finishLayer, suggestMapping } from '../../src/ui/import/finishImport';
import { detectInputs, readInput } from '../../src/ui/import/preview';

const fx = join(__dirname, '../fixtures');
type Input = { name: string; bytes: Uint8Array };
const fixture = (path: string): Input => ({ name: path.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(join(fx, path))) });

/** An imported parcel layer as the app holds it after the dialog's confirm. */
async function imported(files: Input[]) {
  const [preview] = await readInput(detectInputs(files)[0]);
  expect(preview.blocking, JSON.stringify(preview.problems)).toBe(false);
  const r = finishLayer(preview.collection!, suggestMapping(preview.fields, 'parcel'), 'parcel', files[0].name, 'imported', { zh: '导入', en: 'imported' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.layer;
}

/** The point lines of a 坐标TXT (点号,圈号,X,Y) as [X north, Y east]. */
const points = (text: string): [number, number][] =>
  text.split(/\r?\n/).flatMap((l) => {
    const m = /^[^,@]+,\d+,(\d+\.\d+),(\d+\.\d+)$/.exec(l);
    return m ? [[Number(m[1]), Number(m[2])] as [number, number]] : [];
  });

// Two parcels near 114.6°E, 33.0°N: 3° zone 38 by longitude, but surveyed in the 6° zone 20 (CM 117°E), eastings
// prefixed with the zone (20…), as a bureau's GIS exports them: the export must stay in zone 20.
const Z20: GaussKrugerZone = { width: 6, zone: 20, prefixed: true };
function gk20GeoJson(): { input: Input; metres: [number, number][] } {
  const c = gaussKrugerConverter(Z20);
  const [e0, n0] = c.fromLonLat(114.6, 33.0).map(Math.round);
  const rect = (de: number, dn: number, w: number, h: number) => [[e0 + de, n0 + dn], [e0 + de + w, n0 + dn], [e0 + de + w, n0 + dn + h], [e0 + de, n0 + dn + h], [e0 + de, n0 + dn]];
  const rings = [rect(0, 0, 200, 150), rect(300, 0, 120, 80)];
  const fc = {
    type: 'FeatureCollection',
    kind: 'parcel',
    features: rings.map((ring, i) => ({ type: 'Feature', id: `G-0${i + 1}`, properties: { 宗地编号: `G-0${i + 1}`, landUse: 'industrial' }, geometry: { type: 'Polygon', coordinates: [ring] } })),
  };
  return { input: { name: 'parcels-gk6-20.geojson', bytes: new TextEncoder().encode(JSON.stringify(fc)) }, metres: rings.flat().map(([e, n]) => [n, e]) };
}

describe('坐标TXT export zone of an imported layer', () => {
  it('projected GeoJSON in 6° zone 20: written in zone 20 by default, every point at the file’s metres (1 mm)', async () => {
    const { input, metres } = gk20GeoJson();
    const layer = await imported([input]);
    expect(defaultTxtZone(layer)).toEqual({ zone: Z20, from: 'file' });
    const r = exportCoordTxt(layer, 'parcels', { encoding: 'utf-8' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const text = new TextDecoder().decode(r.file.bytes);
    expect(text).toMatch(/带号=20\r?\n/);
    expect(text).toMatch(/几度分带=6\r?\n/);
    const written = points(text);
    expect(written.length).toBe(metres.length);
    for (const [x, y] of written) {
      const near = metres.some(([n, e]) => Math.abs(x - n) <= 0.001 && Math.abs(y - e) <= 0.001);
      expect(near, `${x},${y} is not a point of the file`).toBe(true);
    }
  });

  it('projected Shapefile (3° zone 38, .prj): the file’s zone, as imported', async () => {
    const layer = await imported(['shp', 'shx', 'dbf', 'prj'].map((e) => fixture(`shapefile/parcels-gbk-ldid.${e}`)));
    expect(defaultTxtZone(layer)).toEqual({ zone: { width: 3, zone: 38, prefixed: true }, from: 'file' });
  });

  it('a layer read in lon/lat: the 3° zone of its longitude', async () => {
    const layer = await imported([fixture('shapefile/parcels-utf8.zip')]);
    const z = defaultTxtZone(layer);
    expect(z?.from).toBe('longitude');
    expect(z?.zone.width).toBe(3);
  });

  it('an explicit zone wins over the layer’s own', async () => {
    const layer = await imported([gk20GeoJson().input]);
    const r = exportCoordTxt(layer, 'parcels', { zone: 38, encoding: 'utf-8' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(new TextDecoder().decode(r.file.bytes)).toMatch(/带号=38\r?\n/);
  });
});
