// Rings → polygons. The Shapefile spec winds outer rings clockwise and holes counter-clockwise (ESRI
// Shapefile Technical Description, 1998, "Polygon"); GeoJSON winds them the other way (RFC 7946 §3.1.6).
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Twice the signed planar area (shoelace): positive for counter-clockwise rings with y up. */
export function ringSignedArea2(ring: readonly Position[]): number {
  let s = 0;
  const n = ring.length;
  if (n < 3) return 0;
  // Relative to the first point keeps precision for projected coordinates in the millions.
  const x0 = ring[0][0], y0 = ring[0][1];
  for (let i = 0, j = n - 1; i < n; j = i++) s += (ring[j][0] - x0) * (ring[i][1] - y0) - (ring[i][0] - x0) * (ring[j][1] - y0);
  return s;
}

/** 1 inside, -1 outside, 0 on the boundary (ray casting with an explicit boundary test). */
export function pointInRing(x: number, y: number, ring: readonly Position[]): -1 | 0 | 1 {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    // On the segment?
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    if (cross === 0 && Math.min(xi, xj) <= x && x <= Math.max(xi, xj) && Math.min(yi, yj) <= y && y <= Math.max(yi, yj)) return 0;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

interface RingInfo {
  ring: Position[];
  area2: number;
  minX: number; minY: number; maxX: number; maxY: number;
}

function info(ring: Position[]): RingInfo {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of ring) {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  return { ring, area2: ringSignedArea2(ring), minX, minY, maxX, maxY };
}

/** Whether `inner` lies inside `outer`, judged by its first vertex that is not on `outer`'s boundary. */
function ringInside(inner: RingInfo, outer: RingInfo): boolean {
  if (inner.minX < outer.minX || inner.maxX > outer.maxX || inner.minY < outer.minY || inner.maxY > outer.maxY) return false;
  for (const p of inner.ring) {
    const r = pointInRing(p[0], p[1], outer.ring);
    if (r !== 0) return r === 1;
  }
  return true; // every vertex on the boundary: the same ring traced twice
}

const reversed = (ring: Position[]) => ring.slice().reverse();

export interface AssembledRings {
  geometry: Polygon | MultiPolygon | null;
  /** Holes found outside every outer ring; read as outer rings (the file's winding is wrong). */
  orphanHoles: number;
  /** True when no ring was clockwise: the file winds the other way, and nesting decided outer vs hole. */
  windingReversed: boolean;
}

/**
 * Builds polygons from Shapefile rings: clockwise rings are outer, counter-clockwise rings are holes of the
 * smallest outer ring that contains them. Output follows RFC 7946 (outer counter-clockwise).
 */
export function assembleShapefileRings(rings: Position[][]): AssembledRings {
  if (rings.length === 0) return { geometry: null, orphanHoles: 0, windingReversed: false };
  const all = rings.map(info);
  let outers = all.filter((r) => r.area2 <= 0); // clockwise (zero area: kept as an outer so validation sees it)
  let holes = all.filter((r) => r.area2 > 0);
  let windingReversed = false;
  if (outers.length === 0) {
    // Every ring counter-clockwise: decide by nesting depth instead (even depth = outer).
    windingReversed = true;
    const depth = all.map((r) => all.filter((o) => o !== r && Math.abs(o.area2) > Math.abs(r.area2) && ringInside(r, o)).length);
    outers = all.filter((_, i) => depth[i] % 2 === 0);
    holes = all.filter((_, i) => depth[i] % 2 === 1);
  }
  const children = new Map<RingInfo, RingInfo[]>(outers.map((o) => [o, []]));
  let orphanHoles = 0;
  for (const h of holes) {
    let best: RingInfo | null = null;
    for (const o of outers) {
      if (Math.abs(o.area2) < Math.abs(h.area2)) continue;
      if (ringInside(h, o) && (!best || Math.abs(o.area2) < Math.abs(best.area2))) best = o;
    }
    if (best) children.get(best)!.push(h);
    else {
      orphanHoles++;
      outers.push(h);
      children.set(h, []);
    }
  }
  // Keep the file's ring order for outers, so a round trip gives the same polygon order.
  outers.sort((a, b) => all.indexOf(a) - all.indexOf(b));
  const polygons: Position[][][] = outers.map((o) => [
    o.area2 < 0 ? reversed(o.ring) : o.ring,
    ...children.get(o)!.map((h) => (h.area2 > 0 ? reversed(h.ring) : h.ring)),
  ]);
  const geometry: Polygon | MultiPolygon = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  return { geometry, orphanHoles, windingReversed };
}

/** Rings of a polygon wound for a Shapefile: outer clockwise, holes counter-clockwise. */
export function shapefileWinding(polygon: readonly Position[][]): Position[][] {
  return polygon.map((ring, i) => {
    const a = ringSignedArea2(ring);
    const wantClockwise = i === 0;
    return (wantClockwise ? a > 0 : a < 0) ? reversed(ring as Position[]) : (ring as Position[]);
  });
}

/** Rings of a polygon wound per RFC 7946: outer counter-clockwise, holes clockwise. */
export function rfc7946Winding(polygon: readonly Position[][]): Position[][] {
  return polygon.map((ring, i) => {
    const a = ringSignedArea2(ring);
    return (i === 0 ? a < 0 : a > 0) ? reversed(ring as Position[]) : (ring as Position[]);
  });
}
