// Print arithmetic: sheet sizes, pixels at a print resolution, the frame's zoom and round scale bars.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, dpiOf, withDpi } from '../../src/ui/print/png';
import { cssPixelsFor, metersPerPixel, pixelsFor, scaleBar, scaleDenominator, sheetMm, zoomForFrame } from '../../src/ui/print/scale';

describe('print scale', () => {
  it('A4 at 300 dpi is 3508 × 2480 px; sheets turn with the orientation', () => {
    const a4 = sheetMm('A4', 'landscape');
    expect(a4).toEqual({ width: 297, height: 210 });
    expect(pixelsFor(a4.width, 300)).toBe(3508);
    expect(pixelsFor(a4.height, 300)).toBe(2480);
    expect(sheetMm('A3', 'portrait')).toEqual({ width: 297, height: 420 });
    expect(cssPixelsFor(25.4)).toBeCloseTo(96, 10);
  });

  it('ground resolution halves per zoom level and shrinks with latitude', () => {
    expect(metersPerPixel(0, 0)).toBeCloseTo(78271.517, 2); // 40 075 016.686 m / 512 px
    expect(metersPerPixel(0, 1)).toBeCloseTo(metersPerPixel(0, 0) / 2, 9);
    expect(metersPerPixel(60, 5)).toBeCloseTo(metersPerPixel(0, 5) / 2, 9);
  });

  it('a frame twice as large in both directions shows the view one zoom level deeper; the tighter side decides', () => {
    expect(zoomForFrame({ width: 800, height: 600 }, { width: 1600, height: 1200 }, 13)).toBeCloseTo(14, 12);
    expect(zoomForFrame({ width: 800, height: 600 }, { width: 1600, height: 600 }, 13)).toBeCloseTo(13, 12);
  });

  it('scale bars are 1, 2 or 5 × 10ⁿ metres and fit the space', () => {
    expect(scaleBar(10, 40)).toEqual({ meters: 200, length: 20, label: '200 m' }); // 400 m available
    expect(scaleBar(10, 73)).toEqual({ meters: 500, length: 50, label: '500 m' });
    expect(scaleBar(100, 30).label).toBe('2 km');
    expect(scaleBar(1, 1000).meters).toBe(1000);
    for (const mpu of [0.37, 3.3, 47, 999]) {
      const b = scaleBar(mpu, 40);
      expect(b.length).toBeLessThanOrEqual(40);
      expect(b.length).toBeGreaterThan(40 / 5 - 1e-9);
    }
  });

  it('scale denominators round to two significant digits', () => {
    expect(scaleDenominator(12.345)).toBe(12000);
    expect(scaleDenominator(4.96)).toBe(5000);
    expect(scaleDenominator(0)).toBeNaN();
  });
});

describe('PNG resolution', () => {
  /** A 2 × 1 RGB PNG made here (zlib), chunk by chunk. */
  function tinyPng(): Uint8Array {
    const chunk = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length, 0);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])), 0);
      return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const idat = zlib.deflateSync(Buffer.from([0, 255, 0, 0, 0, 0, 255]));
    return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]));
  }
  const chunks = (png: Uint8Array) => {
    const b = Buffer.from(png);
    const out: Array<{ type: string; crcOk: boolean }> = [];
    for (let at = 8; at < b.length; ) {
      const n = b.readUInt32BE(at);
      out.push({ type: b.toString('latin1', at + 4, at + 8), crcOk: zlib.crc32(b.subarray(at + 4, at + 8 + n)) === b.readUInt32BE(at + 8 + n) });
      at += 12 + n;
    }
    return out;
  };

  it('states 300 dpi in a pHYs chunk after IHDR with a valid CRC; the pixels are untouched', () => {
    const png = tinyPng();
    expect(dpiOf(png)).toBeNull();
    const out = withDpi(png, 300);
    expect(dpiOf(out)).toBe(300);
    expect(chunks(out)).toEqual([{ type: 'IHDR', crcOk: true }, { type: 'pHYs', crcOk: true }, { type: 'IDAT', crcOk: true }, { type: 'IEND', crcOk: true }]);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(zlib.crc32(Buffer.from('IEND')));
    // Setting it again replaces the chunk instead of adding one.
    const again = withDpi(out, 150);
    expect(dpiOf(again)).toBe(150);
    expect(chunks(again).filter((c) => c.type === 'pHYs')).toHaveLength(1);
    expect(withDpi(new Uint8Array([1, 2, 3]), 300)).toEqual(new Uint8Array([1, 2, 3]));
  });
});
