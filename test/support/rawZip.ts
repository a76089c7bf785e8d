// ZIP archives written by hand, for the fixture generators (test/fixtures/shapefile/make.ts, test/corpus/make.ts):
// what fflate will not write — raw GBK entry names without the UTF-8 flag, stored entries beside deflated ones,
// lying sizes, a forged CRC, the encryption flag.
import { Deflate, deflateSync } from 'fflate';
import { crc32 } from '../../src/core/io/zipRead';

export interface RawZipEntry {
  /** The entry name's bytes as stored (UTF-8 or GBK). */
  name: Uint8Array;
  /** The content; its CRC and size are written unless given. */
  data?: Uint8Array;
  /** Deflate `data` (method 8); otherwise stored (method 0), unless `compressed` is given. */
  deflate?: boolean;
  /** Already deflated bytes to store as the body (method 8). */
  compressed?: Uint8Array;
  declaredSize?: number;
  crc?: number;
  /** General-purpose flags (0x800: names are UTF-8; 0x1: encrypted). */
  flags?: number;
}

/** The archive's bytes; every entry dated `dosDate` (MS-DOS date, time 00:00) so the output is reproducible. */
export function rawZip(entries: readonly RawZipEntry[], dosDate: number): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.data ?? new Uint8Array(0);
    const body = e.compressed ?? (e.deflate ? deflateSync(data) : data);
    const crc = e.crc ?? (crc32(data) ^ 0xffffffff) >>> 0;
    const size = e.declaredSize ?? data.length;
    const flags = e.flags ?? 0;
    const method = e.deflate || e.compressed ? 8 : 0;
    const local = new Uint8Array(30 + e.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true); lv.setUint16(4, 20, true); lv.setUint16(6, flags, true); lv.setUint16(8, method, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, crc, true); lv.setUint32(18, body.length, true); lv.setUint32(22, size, true);
    lv.setUint16(26, e.name.length, true);
    local.set(e.name, 30);
    const central = new Uint8Array(46 + e.name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true); cv.setUint16(4, 20, true); cv.setUint16(6, 20, true); cv.setUint16(8, flags, true); cv.setUint16(10, method, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, crc, true); cv.setUint32(20, body.length, true); cv.setUint32(24, size, true);
    cv.setUint16(28, e.name.length, true); cv.setUint32(42, offset, true);
    central.set(e.name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true); ev.setUint16(8, entries.length, true); ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true); ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}

/** Deflate of `size` zero bytes, streamed so the zeros never sit in memory at once. */
export function deflatedZeros(size: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const d = new Deflate({ level: 9 }, (chunk) => chunks.push(chunk));
  const block = new Uint8Array(1024 * 1024);
  for (let left = size; left > 0; left -= block.length) d.push(left > block.length ? block : block.subarray(0, left), left <= block.length);
  return concat(chunks);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((s, a) => s + a.length, 0));
  let p = 0;
  for (const a of parts) { all.set(a, p); p += a.length; }
  return all;
}
