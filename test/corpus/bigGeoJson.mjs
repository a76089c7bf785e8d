// A large, valid parcel layer written at test time (never committed): `bytes` of GeoJSON, one feature per line,
// each a 24-vertex polygon with a full set of parcel properties. Deterministic; memory stays flat while writing.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes about `bytes` of GeoJSON to `path`; resolves to { features, bytes } written. */
export async function writeBigGeoJson(path, bytes) {
  const out = createWriteStream(path);
  let written = 0;
  const write = async (s) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"type":"FeatureCollection","kind":"parcel","name":"big","features":[\n');
  let n = 0;
  while (written < bytes - 2000) {
    const row = Math.floor(n / 1000), col = n % 1000;
    const x = 113 + col * 0.002, y = 32 + row * 0.002;
    const ring = [];
    for (let k = 0; k < 24; k++) {
      const a = (2 * Math.PI * k) / 24;
      ring.push([+(x + 0.0008 * Math.cos(a)).toFixed(7), +(y + 0.0008 * Math.sin(a)).toFixed(7)]);
    }
    ring.push(ring[0]);
    const id = `BIG-${String(n + 1).padStart(7, '0')}`;
    const feature = {
      type: 'Feature', id,
      properties: { id, name: `宗地${n + 1}`, enterprise: `企业${n % 997}`, landUse: 'industrial', industry: '纺织业', industryCode: '17', isLeadingIndustry: n % 3 === 0, investmentWan: 1000 + (n % 500), floorAreaM2: 20000 + (n % 300), footprintAreaM2: 9000, greenAreaM2: 1500, revenueWan: 3000, taxWan: 100, landPriceWan: 300, agreedStartDate: '2019-04-09', actualStartDate: '2019-06-01', park: 'PARK-BIG' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    await write(`${n === 0 ? '' : ',\n'}${JSON.stringify(feature)}`);
    n++;
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  return { features: n, bytes: written };
}
