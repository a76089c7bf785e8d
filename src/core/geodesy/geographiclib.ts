// Reference geodesic area on the CGCS2000/GRS80 ellipsoid: GeographicLib (Karney 2013, "Algorithms for
// geodesics", J. Geodesy 87:43–55). Exact to round-off but ~60× slower than turf.area, so area.ts hands it
// only the polygons too large for its fast path.
import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** GRS80 semi-major axis (m), which CGCS2000 adopts (GB/T 18522 / CH/T 2014). */
export const GRS80_A = 6378137;
/** GRS80 flattening (Moritz 1980, "Geodetic Reference System 1980"). */
export const GRS80_F = 1 / 298.257222101;

/** One shared solver: construction precomputes the series coefficients for the ellipsoid. */
export const GRS80_GEODESIC = new geodesic.Geodesic.Geodesic(GRS80_A, GRS80_F);

/**
 * Unsigned area (m²) of one lon/lat ring bounded by geodesics, by GeographicLib's PolygonArea.
 * Accepts closed or unclosed rings; fewer than 3 vertices gives 0.
 */
export function geodesicRingAreaM2(ring: readonly Position[]): number {
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n -= 1;
  if (n < 3) return 0;
  const poly = GRS80_GEODESIC.Polygon(false);
  for (let i = 0; i < n; i++) poly.AddPoint(ring[i][1], ring[i][0]);
  // Compute(reverse=false, sign=true): signed area, counter-clockwise positive (Karney 2013 §6).
  const area = poly.Compute(false, true).area ?? 0;
  return Math.abs(area);
}

/** Reference area of a Polygon or MultiPolygon: outer rings minus holes, each ring by GeographicLib (tests, benches). */
export function geodesicGeometryAreaM2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polygons) {
    if (rings.length === 0) continue;
    let a = geodesicRingAreaM2(rings[0]);
    for (let i = 1; i < rings.length; i++) a -= geodesicRingAreaM2(rings[i]);
    total += Math.max(0, a);
  }
  return total;
}
