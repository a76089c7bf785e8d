// Diagonal hatching of polygons as line geometry (deck.gl has no fill patterns without an extension we do not
// ship). A drawing aid only: lines every `spacingM` metres at 45°, clipped to the polygon by even-odd crossings.
import type { Feature, MultiLineString, Position } from 'geojson';

const M_PER_DEG_LAT = 110_540;
const M_PER_DEG_LON_EQ = 111_320;

function ringsOf(f: Feature): Position[][] {
  const g = f.geometry;
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** Hatch lines of a polygon feature, or null when it has no area geometry. */
export function hatchLines(f: Feature, spacingM: number): Feature<MultiLineString> | null {
  const rings = ringsOf(f);
  if (rings.length === 0 || rings[0].length < 3) return null;
  const lat0 = rings[0][0][1];
  const kx = M_PER_DEG_LON_EQ * Math.cos((lat0 * Math.PI) / 180);
  // Local metres, rotated 45°: u = x + y is constant along a hatch line, v = x − y runs along it.
  const uv = rings.map((r) => r.map(([lon, lat]) => [lon * kx + lat * M_PER_DEG_LAT, lon * kx - lat * M_PER_DEG_LAT] as [number, number]));
  let uMin = Infinity;
  let uMax = -Infinity;
  for (const r of uv) for (const [u] of r) {
    if (u < uMin) uMin = u;
    if (u > uMax) uMax = u;
  }
  const lines: Position[][] = [];
  for (let c = Math.ceil(uMin / spacingM) * spacingM; c <= uMax; c += spacingM) {
    const vs: number[] = [];
    for (const r of uv) {
      for (let i = 0; i < r.length - 1; i++) {
        const [u1, v1] = r[i];
        const [u2, v2] = r[i + 1];
        // Half-open test so a vertex exactly on the line counts once.
        if ((u1 <= c && u2 > c) || (u2 <= c && u1 > c)) vs.push(v1 + ((c - u1) / (u2 - u1)) * (v2 - v1));
      }
    }
    vs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < vs.length; i += 2) {
      lines.push(
        [vs[i], vs[i + 1]].map((v) => {
          const x = (c + v) / 2;
          const y = (c - v) / 2;
          return [x / kx, y / M_PER_DEG_LAT];
        }),
      );
    }
  }
  return { type: 'Feature', id: f.id, properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } };
}
