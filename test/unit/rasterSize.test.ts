// The size of a large layer's image follows the map canvas: the next power of two above 1.25× its longer side,
// between 1024 and 4096 px (src/map/raster.ts).
import { describe, expect, it } from 'vitest';
import { rasterSizeFor } from '../../src/map/raster';

describe('rasterSizeFor', () => {
  it.each([
    [1300, 900, 2048], // the bench's map: 1,625 → 2,048
    [1638, 900, 2048], // 2,047.5 still fits
    [1639, 900, 4096],
    [3840, 2160, 4096], // a 4K projector: capped
    [200, 100, 1024], // tiny: floored
    [0, 0, 1024],
  ])('%i × %i px → %i', (w, h, want) => {
    expect(rasterSizeFor(w, h)).toBe(want);
  });
});
