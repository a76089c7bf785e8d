// Geometry checks of our own on top of geojson-validation: coordinate ranges, projected or swapped
// coordinates, ring closure and self-intersections. Pure functions over plain arrays.
import type { Position } from 'geojson';

export type RingIssue =
  | { kind: 'bad-coordinate'; index: number }
  | { kind: 'too-short'; count: number }
  | { kind: 'self-intersection'; at: [number, number] };

/** Removes consecutive duplicate positions; returns a closed ring (first = last) as a new array. */
export function cleanRing(ring: Position[]): { ring: Position[]; wasClosed: boolean } {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  const wasClosed = out.length > 1 && first[0] === last[0] && first[1] === last[1];
  if (out.length > 0 && !wasClosed) out.push([first[0], first[1], ...first.slice(2)]);
  return { ring: out, wasClosed: wasClosed || ring.length === 0 };
}

export function isValidPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Where two segments meet (proper crossing, touching or collinear overlap), or null. */
function segmentsMeet(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): [number, number] | null {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) {
    const den = (ax - bx) * (cy - dy) - (ay - by) * (cx - dx);
    if (den === 0) return [cx, cy];
    const t = ((ax - cx) * (cy - dy) - (ay - cy) * (cx - dx)) / den;
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return [cx, cy];
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return [dx, dy];
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return [bx, by];
  return null;
}

/**
 * First point where a closed ring (first = last, no consecutive duplicates) meets itself, or null.
 * Sweep over segments sorted by min x, so typical rings cost O(n log n).
 */
export function ringSelfIntersection(ring: Position[]): [number, number] | null {
  const n = ring.length - 1; // segments
  if (n < 3) return null;
  const order = new Array<number>(n);
  const minX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    minX[i] = Math.min(ring[i][0], ring[i + 1][0]);
  }
  order.sort((a, b) => minX[a] - minX[b]);
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi];
    const [ax, ay] = ring[i];
    const [bx, by] = ring[i + 1];
    const maxXi = Math.max(ax, bx);
    const minYi = Math.min(ay, by);
    const maxYi = Math.max(ay, by);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj];
      if (minX[j] > maxXi) break;
      const d = Math.abs(i - j);
      if (d === 1 || d === n - 1) {
        // Adjacent segments share one vertex; they are invalid only if they fold back over each other.
        const shared = d === 1 ? Math.max(i, j) : 0;
        const a = ring[shared === 0 ? n - 1 : shared - 1];
        const s = ring[shared];
        const c = ring[shared + 1];
        if (orient(a[0], a[1], s[0], s[1], c[0], c[1]) === 0 && (a[0] - s[0]) * (c[0] - s[0]) + (a[1] - s[1]) * (c[1] - s[1]) > 0) {
          return [s[0], s[1]];
        }
        continue;
      }
      const [cx, cy] = ring[j];
      const [dx, dy] = ring[j + 1];
      if (Math.max(cy, dy) < minYi || Math.min(cy, dy) > maxYi) continue;
      const at = segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy);
      if (at) return at;
    }
  }
  return null;
}

export type CoordinateSpace = 'lonlat' | 'projected' | 'swapped' | 'out-of-range';

/**
 * Classifies a geometry's coordinates: lon/lat, projected metres (Gauss-Kruger: easting 1e5–1e6, or
 * with a zone prefix 1e7–1e8; northing 1e6–1e7 in China), lon/lat with swapped axes, or just out of range.
 */
export function classifyCoordinates(minX: number, minY: number, maxX: number, maxY: number): CoordinateSpace {
  // China spans lon 73–136, lat 3–54: a lat-first file shows x in 3–54 and y in 73–136.
  if (minX >= 3 && maxX <= 54 && minY >= 73 && maxY <= 136) return 'swapped';
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) return 'lonlat';
  const big = (v: number) => Math.abs(v) > 1000;
  if (big(minX) && big(maxX) && big(minY) && big(maxY)) return 'projected';
  return 'out-of-range';
}

/** 1 inside, -1 outside, 0 on the boundary of a closed ring (ray casting). */
function pointInRing(x: number, y: number, ring: Position[]): 1 | 0 | -1 {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (orient(xj, yj, xi, yi, x, y) === 0 && onSegment(xj, yj, xi, yi, x, y)) return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

export type RingsIssue = { kind: 'crossing'; rings: [number, number]; at: [number, number] } | { kind: 'hole-outside'; ring: number };

/**
 * Whether the rings of one polygon (each closed, the first the outer ring) fit together: no ring properly crosses
 * another, and every hole lies inside the outer ring (touching at a point is allowed, as in OGC simple features).
 * A hole reaching outside its polygon would be subtracted from an area it is not part of.
 */
export function polygonRingsIssue(rings: Position[][]): RingsIssue | null {
  if (rings.length < 2) return null;
  const segs: Array<{ r: number; ax: number; ay: number; bx: number; by: number; minX: number; maxX: number }> = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      segs.push({ r, ax, ay, bx, by, minX: Math.min(ax, bx), maxX: Math.max(ax, bx) });
    }
  });
  segs.sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minX <= s.maxX; j++) {
      const t = segs[j];
      if (t.r === s.r) continue;
      const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
      const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
      const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
      const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        const at = segmentsMeet(s.ax, s.ay, s.bx, s.by, t.ax, t.ay, t.bx, t.by)!;
        return { kind: 'crossing', rings: s.r < t.r ? [s.r, t.r] : [t.r, s.r], at };
      }
    }
  }
  for (let h = 1; h < rings.length; h++) {
    if (rings[h].some(([x, y]) => pointInRing(x, y, rings[0]) < 0)) return { kind: 'hole-outside', ring: h };
  }
  return null;
}
