// Bounding box of GeoJSON for fitting the view; a drawing aid, not a measurement.
import type { FeatureCollection, Geometry, Position } from 'geojson';

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

function walkGeometry(g: Geometry | null, box: BBox): void {
  if (!g) return;
  if (g.type === 'GeometryCollection') for (const child of g.geometries) walkGeometry(child, box);
  else walk(g.coordinates, box);
}

/** Box of all features in lon/lat, or null when nothing drawable is there. */
export function bboxOf(collections: FeatureCollection[]): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const fc of collections) for (const f of fc.features) walkGeometry(f.geometry, box);
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}
