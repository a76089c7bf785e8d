// Framing a slide (src/ui/present/scene.ts fitTilted): seen from straight above the fit must equal the plain
// web-mercator answer (zoom from the box's span, centre of the free screen); tilted, the same ground fits closer and
// block tops are kept in view. (That the tilted projection matches maplibre's is checked on the 3D screenshot.)
import { describe, expect, it } from 'vitest';
import { fitTilted } from '../../src/ui/present/scene';

const VIEW = { w: 1920, h: 1080 };
const PAD = { top: 200, right: 720, bottom: 240, left: 60 };
const FREE = { w: VIEW.w - PAD.left - PAD.right, h: VIEW.h - PAD.top - PAD.bottom };

// Web mercator in a 512-px world at zoom 0, as maplibre draws it.
const mx = (lng: number) => ((lng + 180) / 360) * 512;
const my = (lat: number) => ((180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) * 512) / 360;
const square = (lng: number, lat: number, d: number, z = 0) =>
  [[lng, lat], [lng + d, lat], [lng + d, lat + d * 0.8], [lng, lat + d * 0.8]].map(([x, y]) => ({ x: mx(x), y: my(y), z }));

describe('fitTilted', () => {
  it('from above (pitch 0, north up) is the flat fit: zoom from the span, the box in the middle of the free screen', () => {
    const pts = square(114, 33, 0.02);
    const cam = fitTilted(pts, 0, 0, PAD, VIEW)!;
    const spanX = mx(114.02) - mx(114);
    const spanY = my(33) - my(33.016);
    const want = Math.log2(0.96 * Math.min(FREE.w / spanX, FREE.h / spanY));
    expect(cam.zoom).toBeCloseTo(want, 5);
    // The box centre is drawn at the free area's centre: (630, 620) on screen, i.e. offset from the screen centre.
    const k = 2 ** cam.zoom;
    const cx = (mx(114) + mx(114.02)) / 2;
    const cy = (my(33) + my(33.016)) / 2;
    expect((cx - mx(cam.center[0])) * k + VIEW.w / 2).toBeCloseTo(PAD.left + FREE.w / 2, 1);
    expect((cy - my(cam.center[1])) * k + VIEW.h / 2).toBeCloseTo(PAD.top + FREE.h / 2, 1);
    expect(cam.pitch).toBe(0);
  });

  it('tilted and turned: a closer view than the flat fit at that bearing, and tall blocks zoom it out', () => {
    const flat = square(114, 33, 0.02);
    const tilted = fitTilted(flat, 55, -28, PAD, VIEW)!;
    const turned = fitTilted(flat, 0, -28, PAD, VIEW)!;
    // Tilting foreshortens the depth: the same ground fits closer.
    expect(tilted.zoom).toBeGreaterThan(turned.zoom);
    const tall = fitTilted([...flat, ...square(114, 33, 0.02, 400)], 55, -28, PAD, VIEW)!;
    expect(tall.zoom).toBeLessThan(tilted.zoom);
    expect(tall).toMatchObject({ pitch: 55, bearing: -28 });
  });

  it('gives up (null) on nothing to frame or no free screen', () => {
    expect(fitTilted([], 55, 0, PAD, VIEW)).toBeNull();
    expect(fitTilted(square(114, 33, 0.02), 55, 0, { ...PAD, left: 1300 }, VIEW)).toBeNull();
  });
});
