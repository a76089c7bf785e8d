// Reference areas for the end-to-end tests, by GeographicLib on the CGCS2000 ellipsoid (GRS 80 flattening), as
// DESIGN §4 prescribes: checked independently of the app's own area code.
import geographiclib from 'geographiclib-geodesic';

const geod = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101);

/** Area of a closed lon/lat ring, m². */
export function ringArea(ring) {
  const p = geod.Polygon(false);
  for (const [lon, lat] of ring.slice(0, -1)) p.AddPoint(lat, lon);
  return Math.abs(p.Compute(false, true).area);
}

/** Area of a polygon (outer ring minus holes), m². */
export const polygonArea = (rings) => ringArea(rings[0]) - rings.slice(1).reduce((s, r) => s + ringArea(r), 0);
