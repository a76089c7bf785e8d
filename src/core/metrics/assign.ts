// Which zone or park a parcel lies in, by a point inside it (parcels are assigned whole, not split).
import type { Position } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import type { AreaGeometry } from '../schema/types';

export type BBox = [number, number, number, number];

export function bboxOf(g: AreaGeometry): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) for (const p of rings[0] ?? []) {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  return [minX, minY, maxX, maxY];
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even-odd test over every ring, so holes exclude. */
export function pointInGeometry(x: number, y: number, g: AreaGeometry): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) {
    if (!inRing(x, y, rings[0])) continue;
    let inHole = false;
    for (let k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) { inHole = true; break; }
    if (!inHole) return true;
  }
  return false;
}

/** A point inside the geometry: the outer ring's vertex mean when it falls inside (most parcels), else turf's point-on-surface. */
export function interiorPoint(g: AreaGeometry): [number, number] {
  const outer = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
  let sx = 0, sy = 0;
  const n = outer.length - 1;
  for (let i = 0; i < n; i++) { sx += outer[i][0]; sy += outer[i][1]; }
  const x = sx / n, y = sy / n;
  if (pointInGeometry(x, y, g)) return [x, y];
  const p = pointOnFeature({ type: 'Feature', properties: {}, geometry: g }).geometry.coordinates;
  return [p[0], p[1]];
}

export interface Region {
  id: string;
  geometry: AreaGeometry;
  bbox: BBox;
}

export function region(id: string, geometry: AreaGeometry): Region {
  return { id, geometry, bbox: bboxOf(geometry) };
}

/** The first region containing the point, or null. Regions are few (zones, parks), so a linear scan with bbox tests suffices. */
export function regionAt(x: number, y: number, regions: readonly Region[]): string | null {
  for (const r of regions) {
    const b = r.bbox;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
    if (pointInGeometry(x, y, r.geometry)) return r.id;
  }
  return null;
}
