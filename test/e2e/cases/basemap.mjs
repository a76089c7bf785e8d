// A local PMTiles file as the base map (issue 4): picked in the base-map popover, drawn under the layers,
// read from the file through maplibre's protocol — no request leaves the page.
import { deflateSync } from 'node:zlib';
import { decodePng } from '../png.mjs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, body) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const tb = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(tb));
  return Buffer.concat([len, tb, crc]);
}
/** A 256×256 PNG of one colour. */
function solidPng([r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + 3 * x);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const varint = (n) => {
  const out = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
};
/** A PMTiles v3 archive (spec: github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) with one z0 PNG tile. */
function pmtilesWithOneTile(png) {
  // Root directory: 1 entry; tile id 0 (z0), run length 1, length, offset (stored as offset + 1... only when not contiguous; 0 here = contiguous from 0).
  const dir = Buffer.from([...varint(1), ...varint(0), ...varint(1), ...varint(png.length), ...varint(1)]);
  const meta = Buffer.from('{}');
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header[7] = 3;
  const rootOffset = 127, metaOffset = rootOffset + dir.length, dataOffset = metaOffset + meta.length;
  const u64 = (o, v) => header.writeBigUInt64LE(BigInt(v), o);
  u64(8, rootOffset); u64(16, dir.length); u64(24, metaOffset); u64(32, meta.length);
  u64(40, 0); u64(48, 0); u64(56, dataOffset); u64(64, png.length);
  u64(72, 1); u64(80, 1); u64(88, 1);
  header[96] = 1; // clustered
  header[97] = 1; // internal compression: none
  header[98] = 1; // tile compression: none
  header[99] = 2; // tile type: png
  header[100] = 0; header[101] = 0; // min, max zoom
  header.writeInt32LE(-1800000000, 102); header.writeInt32LE(-850000000, 106);
  header.writeInt32LE(1800000000, 110); header.writeInt32LE(850000000, 114);
  header[118] = 0;
  return Buffer.concat([header, dir, meta, png]);
}

export function register({ test, openPage, waitReady, assert, assertClean, READY }) {
  test('base map: a local raster PMTiles file draws under the layers with no request', async ({ ctx, app }) => {
    const { page, seen } = await openPage(ctx);
    await page.setViewportSize({ width: 1280, height: 800 });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${app}?lang=zh`, { waitUntil: 'domcontentloaded' });
    await waitReady(page);
    const colour = [40, 160, 90];
    await page.locator('[data-testid="basemap-button"]').click();
    const before = requests.length;
    await page.locator('[data-testid="basemap-pmtiles"]').setInputFiles({ name: 'tiles.pmtiles', mimeType: 'application/octet-stream', buffer: pmtilesWithOneTile(solidPng(colour)) });
    await page.waitForFunction(() => window.__parkAtlas.mapState().baseMap === 'tiles.pmtiles', null, { timeout: 10_000 });
    await page.waitForTimeout(200);
    await page.waitForSelector(READY, { timeout: 30_000, state: 'attached' });
    await page.waitForTimeout(500);
    // The map's corner (outside the park) now shows the tile's colour at the base map's opacity over the ground.
    const shot = decodePng(await page.locator('[data-testid="map"]').screenshot({ path: 'test-results/e2e/basemap-pmtiles.png' }));
    const at = (x, y) => Array.from(shot.data.subarray((y * shot.width + x) * 4, (y * shot.width + x) * 4 + 3));
    const corner = at(10, Math.floor(shot.height / 2));
    const close = (a, b, tol) => a.every((v, i) => Math.abs(v - b[i]) <= tol);
    // raster-opacity 0.85 over the ground colour #eef0f1.
    const expected = colour.map((v, i) => Math.round(v * 0.85 + [0xee, 0xf0, 0xf1][i] * 0.15));
    assert(close(corner, expected, 12), `map corner ${corner}, expected the tile colour ${expected}`);
    const added = requests.slice(before).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
    assert(added.every((u) => new URL(u).hostname === '127.0.0.1'), `requests after picking the file: ${added}`);
    assertClean(seen);
    return `corner ${corner} ≈ ${expected}; ${added.length} requests to 127.0.0.1 after the pick`;
  });
}
