// Shortening long rings before clipping (src/core/overlay/reduce.ts): inside the box the shortened ring must
// wind around every point exactly as the original did, for any ring and box, including rings that wind around it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ringNearBox, type Point } from '../../src/core/overlay/reduce';

/** Winding number of the ring around a point not on it (the test points sit off the integer lattice). */
function winding(ring: readonly Point[], x: number, y: number): number {
  let w = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j], b = ring[i];
    if (a.y > y === b.y > y) continue;
    if (x < a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y)) w += b.y > a.y ? 1 : -1;
  }
  return w;
}

const flat = (ring: readonly Point[]) => Float64Array.from(ring.flatMap((p) => [p.x, p.y]));

/** A star-shaped ring: one vertex per angular sector, radius varying, so it is simple. */
function star(cx: number, cy: number, radii: number[], phase: number): Point[] {
  const n = radii.length;
  return radii.map((r, k) => {
    const t = phase + (2 * Math.PI * k) / n;
    return { x: Math.round(cx + r * Math.cos(t)), y: Math.round(cy + r * Math.sin(t)) };
  });
}

/** A spiral band of `turns` turns around (cx, cy): its outer side spirals in, its inner side back out. */
function spiral(cx: number, cy: number, r0: number, turns: number, steps: number): Point[] {
  const pitch = 400;
  const width = 150;
  const outer: Point[] = [];
  const inner: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = (2 * Math.PI * turns * i) / steps;
    const r = r0 + (pitch * t) / (2 * Math.PI);
    outer.push({ x: Math.round(cx + (r + width / 2) * Math.cos(t)), y: Math.round(cy + (r + width / 2) * Math.sin(t)) });
    inner.push({ x: Math.round(cx + (r - width / 2) * Math.cos(t)), y: Math.round(cy + (r - width / 2) * Math.sin(t)) });
  }
  return [...outer, ...inner.reverse()];
}

function checkSame(ring: Point[], box: [number, number, number, number], probes: Array<[number, number]>): Point[] | null {
  const xy = flat(ring);
  const reduced = { value: false };
  const out = ringNearBox(xy, 0, ring.length, box[0], box[1], box[2], box[3], reduced);
  const [minX, minY, maxX, maxY] = box;
  for (const [u, v] of probes) {
    // Probe points strictly inside the box, off the lattice so they never lie on an edge.
    const x = minX + 0.5 + u * (maxX - minX - 1) + 0.0123;
    const y = minY + 0.5 + v * (maxY - minY - 1) + 0.0071;
    expect(out ? winding(out, x, y) : 0, `probe ${x},${y}`).toBe(winding(ring, x, y));
  }
  // Every edge that meets the box keeps its two original end points.
  if (out && reduced.value) {
    const kept = new Set(out.map((p) => `${p.x},${p.y}`));
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i], b = ring[(i + 1) % ring.length];
      const meets = Math.max(a.x, b.x) >= minX && Math.min(a.x, b.x) <= maxX && Math.max(a.y, b.y) >= minY && Math.min(a.y, b.y) <= maxY;
      if (meets && (inBox(a, box) || inBox(b, box))) {
        expect(kept.has(`${a.x},${a.y}`)).toBe(true);
        expect(kept.has(`${b.x},${b.y}`)).toBe(true);
      }
    }
  }
  return out;
}

const inBox = (p: Point, [minX, minY, maxX, maxY]: [number, number, number, number]) => p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY;

const probes = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 20, maxLength: 40 });
const box = fc
  .tuple(fc.integer({ min: -6000, max: 6000 }), fc.integer({ min: -6000, max: 6000 }), fc.integer({ min: 40, max: 4000 }), fc.integer({ min: 40, max: 4000 }))
  .map(([x, y, w, h]) => [x, y, x + w, y + h] as [number, number, number, number]);

describe('ringNearBox', () => {
  it('keeps what a star-shaped ring encloses inside any box', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3000 }),
        fc.array(fc.integer({ min: 300, max: 6000 }), { minLength: 3, maxLength: 120 }),
        fc.double({ min: 0, max: 6.28, noNaN: true }), box, probes,
        (cx, cy, radii, phase, b, ps) => {
          checkSame(star(cx, cy, radii, phase), b, ps);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps what a spiral band encloses, where runs outside the box turn more than a full circle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }), fc.integer({ min: 200, max: 1500 }), fc.integer({ min: 40, max: 400 }), box, probes, fc.boolean(),
        (turns, r0, steps, b, ps, reversed) => {
          const ring = spiral(0, 0, r0, turns, steps * turns);
          checkSame(reversed ? ring.reverse() : ring, b, ps);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('drops a ring that neither reaches nor surrounds the box, and replaces one that surrounds it by the box', () => {
    const ring = star(0, 0, Array(40).fill(1000), 0);
    expect(checkSame(ring, [3000, 3000, 3100, 3100], [[0.5, 0.5]])).toBeNull();
    const around = checkSame(ring, [-100, -100, 100, 100], [[0.5, 0.5], [0.1, 0.9]]);
    expect(around).toEqual([{ x: -100, y: -100 }, { x: 100, y: -100 }, { x: 100, y: 100 }, { x: -100, y: 100 }]);
    // A spiral around a box it does not reach is dropped: the band does not cover its centre.
    expect(checkSame(spiral(0, 0, 800, 3, 300), [-100, -100, 100, 100], [[0.5, 0.5]])).toBeNull();
  });

  it('shortens a long ring to little more than the edges near the box', () => {
    const ring = star(0, 0, Array.from({ length: 400 }, (_, k) => 5000 + 300 * Math.sin(k / 7)), 0.001);
    const out = checkSame(ring, [4800, -200, 5600, 200], [[0.5, 0.5], [0.2, 0.2], [0.9, 0.9]])!;
    expect(out.length).toBeLessThan(30);
  });
});
