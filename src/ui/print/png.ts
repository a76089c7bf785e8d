// PNG files that say their print resolution: a pHYs chunk (pixels per metre) right after IHDR, so a 3508 px wide
// image opens as 297 mm at 300 dpi in print and layout programs. Canvas encoders write no such chunk.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses) of bytes. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Pixels per metre for a resolution in dots per inch. */
export const pixelsPerMetre = (dpi: number): number => Math.round(dpi / 0.0254);

/**
 * The same PNG with its resolution set to `dpi` (an existing pHYs chunk is replaced). Bytes that are not a PNG are
 * returned unchanged.
 */
export function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (png.length < 33 || !SIGNATURE.every((b, i) => png[i] === b)) return png;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Array<[number, number]> = []; // [start, end) of each chunk
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > png.length) return png;
    chunks.push([at, end]);
    at = end;
  }
  const type = (c: [number, number]) => String.fromCharCode(...png.subarray(c[0] + 4, c[0] + 8));
  if (chunks.length === 0 || type(chunks[0]) !== 'IHDR') return png;
  const phys = new Uint8Array(21);
  const pv = new DataView(phys.buffer);
  pv.setUint32(0, 9);
  phys.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  const ppm = pixelsPerMetre(dpi);
  pv.setUint32(8, ppm);
  pv.setUint32(12, ppm);
  phys[16] = 1; // unit: metre
  pv.setUint32(17, crc32(phys, 4, 17));
  const kept = chunks.filter((c) => type(c) !== 'pHYs');
  const out = new Uint8Array(8 + phys.length + kept.reduce((n, c) => n + (c[1] - c[0]), 0));
  out.set(SIGNATURE, 0);
  let at = 8;
  kept.forEach((c, i) => {
    out.set(png.subarray(c[0], c[1]), at);
    at += c[1] - c[0];
    if (i === 0) {
      out.set(phys, at);
      at += phys.length;
    }
  });
  return out;
}

/** The resolution a PNG states (pHYs, in dpi rounded), or null. */
export function dpiOf(png: Uint8Array): number | null {
  if (png.length < 33 || !SIGNATURE.every((b, i) => png[i] === b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'pHYs' && length === 9 && png[at + 16] === 1) return Math.round(view.getUint32(at + 8) * 0.0254);
    at += 12 + length;
  }
  return null;
}
