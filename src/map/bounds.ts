// Bounding box of GeoJSON for fitting the view; a drawing aid, not a measurement.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

export type BBox = [number, number, number, number];

function walk(coords: unknown, box: BBox): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const [x, y] = coords as Position;
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < -180 || x > 180 || y < -90 || y > 90) return;
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
    return;
  }
  for (const c of coords) walk(c, box);
}

/** One ring or line: the common case, walked flat (100k parcels: the generic walk took ~150 ms). */
function walkPositions(ring: Position[], box: BBox): void {
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    if (!Array.isArray(p)) continue;
    const x = p[0], y = p[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !(x >= -180 && x <= 180 && y >= -90 && y <= 90)) continue; // NaN fails too
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
}

function walkGeometry(g: Geometry | null, box: BBox): void {
  if (!g) return;
  if (g.type === 'GeometryCollection') for (const child of g.geometries) walkGeometry(child, box);
  else if (g.type === 'Polygon' && Array.isArray(g.coordinates)) {
    for (const ring of g.coordinates) if (Array.isArray(ring)) walkPositions(ring, box);
  }
  else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) for (const poly of g.coordinates) walk(poly, box);
  else walk(g.coordinates, box);
}

/** Each collection's box, once: collections are never changed in place (an edit makes a new one). */
const boxCache = new WeakMap<FeatureCollection, BBox | null>();

function boxOfCollection(fc: FeatureCollection): BBox | null {
  const hit = boxCache.get(fc);
  if (hit !== undefined) return hit;
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) walkGeometry(f.geometry, box);
  const result = box[0] <= box[2] && box[1] <= box[3] ? box : null;
  boxCache.set(fc, result);
  return result;
}

/** Box of all features in lon/lat, or null when nothing drawable is there. */
export function bboxOf(collections: FeatureCollection[]): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const fc of collections) {
    const b = boxOfCollection(fc);
    if (!b) continue;
    if (b[0] < box[0]) box[0] = b[0];
    if (b[1] < box[1]) box[1] = b[1];
    if (b[2] > box[2]) box[2] = b[2];
    if (b[3] > box[3]) box[3] = b[3];
  }
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

/** Box of one feature (not remembered: a feature's box is asked for once, by the spatial index). */
export function featureBox(f: Feature): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  walkGeometry(f.geometry, box);
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}
