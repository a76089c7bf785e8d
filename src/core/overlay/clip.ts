// Polygon clipping on integer coordinates: Clipper2 (Angus Johnson; the clipper2-js port). Chosen by measurement
// (bench/conflicts.bench.ts): integer arithmetic makes shared edges and touching corners exact, and on the pairs
// left after the exact tests and ring shortening it is the fastest of the clippers we tried.
import { Clipper64, ClipType, FillRule, Paths64 } from 'clipper2-js';
import type { Point } from './reduce';

/** A polygon as rings of integer points: ring 0 outer (counter-clockwise), the rest holes (clockwise). */
export type IntPolygon = Point[][];

export type ClipOperation = 'intersection' | 'difference';

// clipper2-js 1.2.4 keeps its scanline set (ascending y values, no repeats) sorted with `includes` and `sort` on
// every insert, O(k² log k) per clip; on our pairs that was a fifth of the clipping time. Inserting by binary
// search keeps exactly the same contents and order.
(function fasterScanlineSet(): void {
  const probe = new Clipper64() as unknown as { _scanlineList?: object };
  const proto = probe._scanlineList ? (Object.getPrototypeOf(probe._scanlineList) as { add?: unknown }) : null;
  if (!proto || typeof proto.add !== 'function') return;
  proto.add = function add(this: { items: number[] }, y: number): void {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid] < y) lo = mid + 1;
      else hi = mid;
    }
    if (items[lo] !== y) items.splice(lo, 0, y);
  };
})();

/**
 * subject ∩ clip or subject − clip, both taken by the even-odd rule over all their rings (valid polygons and
 * multipolygons read the same under it whatever their ring orientation). Null when the clipper fails.
 * The port's PolyTree output is unusable (clipper2-js 1.2.4 leaves OutRec.bounds unset), so rings come back
 * flat and holes are nested here.
 */
export function clipPolygons(subject: readonly Point[][], clip: readonly Point[][], operation: ClipOperation): IntPolygon[] | null {
  const clipper = new Clipper64();
  clipper.addSubjectPaths(subject as unknown as Paths64);
  clipper.addClipPaths(clip as unknown as Paths64);
  const solution = new Paths64();
  const ok = clipper.execute(operation === 'intersection' ? ClipType.Intersection : ClipType.Difference, FillRule.EvenOdd, solution);
  if (!ok) return null;
  const outers: Array<{ ring: Point[]; area: number; polygon: IntPolygon }> = [];
  const holes: Point[][] = [];
  for (const path of solution as unknown as Point[][]) {
    const ring: Point[] = [];
    for (const p of path) {
      const last = ring[ring.length - 1];
      if (!last || last.x !== p.x || last.y !== p.y) ring.push(p);
    }
    while (ring.length > 1 && ring[0].x === ring[ring.length - 1].x && ring[0].y === ring[ring.length - 1].y) ring.pop();
    if (ring.length < 3) continue;
    const area = twiceArea(ring);
    // Clipper2's solution: outer rings counter-clockwise (positive), holes clockwise.
    if (area > 0) outers.push({ ring, area, polygon: [ring] });
    else if (area < 0) holes.push(ring);
  }
  if (holes.length > 0) {
    for (const hole of holes) {
      // The smallest outer ring around the hole owns it (islands inside holes have their own outer rings).
      let owner: (typeof outers)[number] | null = null;
      for (const o of outers) {
        if (owner && o.area >= owner.area) continue;
        if (ringInsideRing(hole, o.ring)) owner = o;
      }
      if (owner) owner.polygon.push(hole);
    }
  }
  return outers.map((o) => o.polygon);
}

function twiceArea(ring: readonly Point[]): number {
  const x0 = ring[0].x, y0 = ring[0].y;
  let sum = 0;
  for (let i = 1; i + 1 < ring.length; i++) sum += (ring[i].x - x0) * (ring[i + 1].y - y0) - (ring[i + 1].x - x0) * (ring[i].y - y0);
  return sum;
}

/** Whether ring a (not crossing b) lies inside ring b: the first vertex of a not on b decides. */
function ringInsideRing(a: readonly Point[], b: readonly Point[]): boolean {
  for (const p of a) {
    const where = pointInRing(p, b);
    if (where !== 0) return where > 0;
  }
  return false;
}

/** 1 inside, −1 outside, 0 on the ring. Exact for integer coordinates. */
function pointInRing(p: Point, ring: readonly Point[]): number {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j], b = ring[i];
    const v = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (v === 0 && Math.min(a.x, b.x) <= p.x && p.x <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= p.y && p.y <= Math.max(a.y, b.y)) return 0;
    if (a.y > p.y === b.y > p.y) continue;
    if (b.y > a.y ? v > 0 : v < 0) inside = !inside;
  }
  return inside ? 1 : -1;
}
