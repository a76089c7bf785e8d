// Split by a line and merge two (polygon-clipping, turf), as pure functions over a FeatureCollection like the light
// edits of featureOps.ts (re-exported here). Coordinates are lon/lat; the cutting is planar in degrees, which at
// parcel scale moves no boundary (areas are computed later by core).
import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import polygonClipping, { type MultiPolygon as PcMultiPolygon, type Polygon as PcPolygon } from 'polygon-clipping';
import { booleanPointInPolygon, lineIntersect, union } from '@turf/turf';
import { fail, freeId, idsOf, indexOf, withId, type Area, type EditResult } from './featureOps';

export * from './featureOps';

const asPc = (g: Area): PcPolygon | PcMultiPolygon => (g.type === 'Polygon' ? (g.coordinates as PcPolygon) : (g.coordinates as PcMultiPolygon));

function fromPc(mp: PcMultiPolygon): Area | null {
  if (mp.length === 0) return null;
  if (mp.length === 1) return { type: 'Polygon', coordinates: mp[0] };
  return { type: 'MultiPolygon', coordinates: mp };
}

/**
 * The half of the plane left of a polyline, as a polygon inside a box that holds the parcel and the line: the line,
 * its two ends carried straight out to the box, closed along the box's edge.
 */
function sidePolygon(line: Position[], box: [number, number, number, number]): PcPolygon | null {
  const [x0, y0, x1, y1] = box;
  const perimeter = (p: Position): number => {
    // Position along the box edge, counter-clockwise from the south-west corner: 0–1 south, 1–2 east, 2–3 north, 3–4 west.
    const [x, y] = p;
    const eps = 1e-12 * Math.max(1, Math.abs(x1 - x0), Math.abs(y1 - y0));
    if (Math.abs(y - y0) <= eps) return (x - x0) / (x1 - x0);
    if (Math.abs(x - x1) <= eps) return 1 + (y - y0) / (y1 - y0);
    if (Math.abs(y - y1) <= eps) return 2 + (x1 - x) / (x1 - x0);
    return 3 + (y1 - y) / (y1 - y0);
  };
  /** Where the ray from `from` through `to`, beyond `to`, leaves the box. */
  const exit = (from: Position, to: Position): Position | null => {
    const dx = to[0] - from[0];
    const dy = to[1] - from[1];
    if (dx === 0 && dy === 0) return null;
    let t = Infinity;
    if (dx > 0) t = Math.min(t, (x1 - to[0]) / dx);
    if (dx < 0) t = Math.min(t, (x0 - to[0]) / dx);
    if (dy > 0) t = Math.min(t, (y1 - to[1]) / dy);
    if (dy < 0) t = Math.min(t, (y0 - to[1]) / dy);
    if (!Number.isFinite(t)) return null;
    return [Math.min(x1, Math.max(x0, to[0] + t * dx)), Math.min(y1, Math.max(y0, to[1] + t * dy))];
  };
  const n = line.length;
  const start = exit(line[1], line[0]);
  const end = exit(line[n - 2], line[n - 1]);
  if (!start || !end) return null;
  const ring: Position[] = [start, ...line, end];
  // From the end's exit, walk the box edge counter-clockwise to the start's exit, adding the corners passed.
  const corners: Array<[number, Position]> = [[1, [x1, y0]], [2, [x1, y1]], [3, [x0, y1]], [4, [x0, y0]]];
  const tEnd = perimeter(end);
  let tStart = perimeter(start);
  if (tStart <= tEnd) tStart += 4;
  for (const lap of [0, 4]) {
    for (const [t, c] of corners) if (t + lap > tEnd && t + lap < tStart) ring.push(c);
  }
  ring.push(start);
  return [ring.map((p) => [p[0], p[1]] as [number, number])];
}

/**
 * Splits a parcel by a drawn line into two parts that keep its properties, with ids `${id}-a` and `${id}-b`
 * (made unique in the layer). The line must cross the parcel; the parts share the cut exactly (no gap, no overlap).
 */
export function splitFeature(fc: FeatureCollection, id: string, line: LineString): EditResult {
  const at = indexOf(fc, id);
  if (at < 0) return fail(`找不到要素 ${id}`, `feature ${id} not found`);
  const f = fc.features[at];
  const g = f.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return fail('只能分割面要素', 'only areas can be split');
  const pts = line.coordinates.filter((p, i, a) => i === 0 || p[0] !== a[i - 1][0] || p[1] !== a[i - 1][1]);
  if (pts.length < 2) return fail('分割线至少需要两个点', 'the cutting line needs at least two points');
  // The drawn line itself must cut across: both ends outside, two or more crossings of the boundary (its ends are
  // carried on straight only to close the cutting area, never to reach a parcel the line does not cross).
  const across = fail(`分割线没有穿过宗地 ${id}：请从宗地外画到宗地外`, `the line does not cut across parcel ${id}: draw it from outside to outside`);
  const area = f as Feature<Area>;
  if (booleanPointInPolygon(pts[0], area, { ignoreBoundary: true }) || booleanPointInPolygon(pts[pts.length - 1], area, { ignoreBoundary: true })) return across;
  if (lineIntersect({ type: 'LineString', coordinates: pts }, area).features.length < 2) return across;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const p of [...rings.flat(), ...pts]) {
    x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]); x1 = Math.max(x1, p[0]); y1 = Math.max(y1, p[1]);
  }
  const margin = Math.max(x1 - x0, y1 - y0, 1e-6);
  const side = sidePolygon(pts, [x0 - margin, y0 - margin, x1 + margin, y1 + margin]);
  if (!side) return fail('分割线无效', 'the cutting line is not usable');
  const subject = asPc(g);
  const left = fromPc(polygonClipping.intersection(subject, side));
  const right = fromPc(polygonClipping.difference(subject, side));
  if (!left || !right) return across;
  const taken = idsOf(fc);
  taken.delete(id);
  const idA = freeId(taken, `${id}-a`);
  taken.add(idA);
  const idB = freeId(taken, `${id}-b`);
  const features = fc.features.slice();
  features.splice(at, 1, withId(f, idA, left), withId(f, idB, right));
  return { ok: true, data: { ...fc, features }, ids: [idA, idB] };
}

/**
 * Merges parcel `otherId` into parcel `id` (turf union): the result keeps `id` and its properties, `otherId` is
 * removed. Parcels that do not touch are refused (the result would be two separate areas under one id).
 */
export function mergeFeatures(fc: FeatureCollection, id: string, otherId: string): EditResult {
  if (id === otherId) return fail('请选择另一块宗地进行合并', 'pick a different parcel to merge with');
  const a = indexOf(fc, id);
  const b = indexOf(fc, otherId);
  if (a < 0 || b < 0) return fail(`找不到要素 ${a < 0 ? id : otherId}`, `feature ${a < 0 ? id : otherId} not found`);
  const fa = fc.features[a] as Feature<Area>;
  const fb = fc.features[b] as Feature<Area>;
  const isArea = (x: Feature) => x.geometry?.type === 'Polygon' || x.geometry?.type === 'MultiPolygon';
  if (!isArea(fa) || !isArea(fb)) return fail('只能合并面要素', 'only areas can be merged');
  const merged = union({ type: 'FeatureCollection', features: [fa, fb] });
  if (!merged) return fail('合并结果为空', 'the merge is empty');
  const geometry = merged.geometry;
  if (geometry.type === 'MultiPolygon' && geometry.coordinates.length > 1 && fa.geometry.type === 'Polygon' && fb.geometry.type === 'Polygon') {
    return fail(`宗地 ${id} 与 ${otherId} 不相邻，不能合并`, `parcels ${id} and ${otherId} do not touch; they cannot be merged`);
  }
  const features = fc.features.slice();
  features[a] = { ...fa, geometry };
  return { ok: true, data: { ...fc, features: features.filter((_, i) => i !== b) }, ids: [id] };
}
