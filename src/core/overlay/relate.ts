// Exact predicates on flat integer geometry: do two features' boundaries meet, is a point inside a feature.
// Coordinates are integers and every product is of differences within one pair's extent (< 2^26 units, ~60 km),
// so orientation signs are exact: a pair whose boundaries do not meet is told apart from one that touches.
import Flatbush from 'flatbush';
import type { FlatGeometries } from './flat';

/** Features with more vertices than this get a spatial index of their segments (built once, reused per pair). */
export const SEGMENT_INDEX_MIN_VERTICES = 64;

/** Segments of one feature in a Flatbush: item k is the edge from vertex from[k] to vertex to[k]. */
export interface SegmentIndex {
  index: Flatbush;
  from: Uint32Array;
  to: Uint32Array;
}

export function buildSegmentIndex(flat: FlatGeometries, f: number): SegmentIndex {
  const { xy, ringStart, partStart, featureStart } = flat;
  const r0 = partStart[featureStart[f]];
  const r1 = partStart[featureStart[f + 1]];
  const n = ringStart[r1] - ringStart[r0];
  const index = new Flatbush(Math.max(1, n), 16);
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  let k = 0;
  for (let r = r0; r < r1; r++) {
    const s = ringStart[r];
    const e = ringStart[r + 1];
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
      index.add(ax < bx ? ax : bx, ay < by ? ay : by, ax < bx ? bx : ax, ay < by ? by : ay);
      from[k] = i;
      to[k] = j;
      k++;
    }
  }
  if (n === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { index, from, to };
}

/** Sign of the cross product (b − a) × (c − a): 1 left turn, −1 right turn, 0 collinear. Exact for our integers. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** Whether closed segments ab and cd share at least one point (crossing, touching or overlapping). */
export function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  if ((ax > bx ? ax : bx) < (cx < dx ? cx : dx) || (cx > dx ? cx : dx) < (ax < bx ? ax : bx)) return false;
  if ((ay > by ? ay : by) < (cy < dy ? cy : dy) || (cy > dy ? cy : dy) < (ay < by ? ay : by)) return false;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if (o1 !== 0 && o1 === o2) return false;
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o3 !== 0 && o3 === o4) return false;
  // Either a proper crossing or some endpoint on the other segment's line; with the boxes overlapping, the
  // all-collinear case overlaps too.
  return true;
}

/**
 * Appends to `out` the edges (from, to vertex indices) of feature f whose boxes overlap the box; uses the
 * segment index when given.
 */
export function edgesInBox(
  flat: FlatGeometries, f: number, minX: number, minY: number, maxX: number, maxY: number,
  segments: SegmentIndex | null, out: number[],
): void {
  if (segments) {
    const hits = segments.index.search(minX, minY, maxX, maxY);
    for (let k = 0; k < hits.length; k++) out.push(segments.from[hits[k]], segments.to[hits[k]]);
    return;
  }
  const { xy, ringStart, partStart, featureStart } = flat;
  const r0 = partStart[featureStart[f]];
  const r1 = partStart[featureStart[f + 1]];
  for (let r = r0; r < r1; r++) {
    const s = ringStart[r];
    const e = ringStart[r + 1];
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s;
      const ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
      if ((ax < bx ? bx : ax) < minX || (ax < bx ? ax : bx) > maxX || (ay < by ? by : ay) < minY || (ay < by ? ay : by) > maxY) continue;
      out.push(i, j);
    }
  }
}

/** Whether any edge in `a` meets any edge in `b` (flat lists of vertex-index pairs). */
export function anyEdgesMeet(xy: Float64Array, a: readonly number[], b: readonly number[]): boolean {
  for (let p = 0; p < a.length; p += 2) {
    const i = a[p], j = a[p + 1];
    const ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
    for (let q = 0; q < b.length; q += 2) {
      const k = b[q], l = b[q + 1];
      if (segmentsMeet(ax, ay, bx, by, xy[2 * k], xy[2 * k + 1], xy[2 * l], xy[2 * l + 1])) return true;
    }
  }
  return false;
}

/**
 * Whether (px, py) is inside feature f by the even-odd rule over all its rings (holes and parts), for a point
 * known not to lie on f's boundary. Counts edges crossing the ray towards +x; the half-open rule on y makes a
 * ray through a vertex count once.
 */
export function pointInFeature(flat: FlatGeometries, f: number, px: number, py: number, segments: SegmentIndex | null): boolean {
  const { xy } = flat;
  let inside = false;
  const cross = (i: number, j: number) => {
    const ay = xy[2 * i + 1], by = xy[2 * j + 1];
    if (ay > py === by > py) return;
    const ax = xy[2 * i], bx = xy[2 * j];
    if (ax < px && bx < px) return;
    // The edge crosses the line y = py; it crosses the ray if the point is left of the edge taken upwards.
    const o = by > ay ? orient(ax, ay, bx, by, px, py) : orient(bx, by, ax, ay, px, py);
    if (o > 0) inside = !inside;
  };
  if (segments) {
    const maxX = flat.bbox[4 * f + 2];
    if (px > maxX) return false;
    const hits = segments.index.search(px, py, maxX, py);
    for (let k = 0; k < hits.length; k++) cross(segments.from[hits[k]], segments.to[hits[k]]);
    return inside;
  }
  const { ringStart, partStart, featureStart } = flat;
  const r0 = partStart[featureStart[f]];
  const r1 = partStart[featureStart[f + 1]];
  for (let r = r0; r < r1; r++) {
    const s = ringStart[r];
    const e = ringStart[r + 1];
    for (let i = s; i < e; i++) cross(i, i + 1 < e ? i + 1 : s);
  }
  return inside;
}

/** Whether the closed segment ab meets the closed box. */
export function segmentTouchesBox(ax: number, ay: number, bx: number, by: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
  if ((ax < bx ? bx : ax) < minX || (ax < bx ? ax : bx) > maxX || (ay < by ? by : ay) < minY || (ay < by ? ay : by) > maxY) return false;
  if (ax >= minX && ax <= maxX && ay >= minY && ay <= maxY) return true;
  if (bx >= minX && bx <= maxX && by >= minY && by <= maxY) return true;
  // Separating axis: boxes overlap, so the segment misses the box only if all four corners are strictly on one side.
  const o1 = orient(ax, ay, bx, by, minX, minY);
  const o2 = orient(ax, ay, bx, by, maxX, minY);
  const o3 = orient(ax, ay, bx, by, maxX, maxY);
  const o4 = orient(ax, ay, bx, by, minX, maxY);
  return !(o1 === o2 && o2 === o3 && o3 === o4 && o1 !== 0);
}
