// Ellipsoidal area on CGCS2000/GRS80, fast enough for 100k parcels (DESIGN §4).
//
// Method: map each vertex to the authalic sphere (equal-area, so areas are preserved), sum the exact spherical
// excess of the great-circle trapezoids, then add a per-edge correction for the fact that an ellipsoidal
// geodesic does not map onto a great circle of the authalic sphere (it bows by a curvature of order e²/R).
// After that correction the remaining error grows like D⁵ (D = ring extent); rings where it could exceed the
// tolerance (and rings far outside China's latitudes) are handed to GeographicLib (Karney 2013), which is exact
// but ~60× slower. Pure TypeScript: runs in browsers, Node and Web Workers.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { squareMeters, type SquareMeters } from '../units';
import { geodesicRingAreaM2, GRS80_A, GRS80_F } from './geographiclib';

const DEG = Math.PI / 180;
const A = GRS80_A;
// First eccentricity squared e² = f(2 − f) (Snyder 1987, "Map Projections: A Working Manual", eq. 3-? p.13).
const E2 = GRS80_F * (2 - GRS80_F);
const E = Math.sqrt(E2);
const ONE_MINUS_E2 = 1 - E2;
// q at the pole, q_p = 1 + (1 − e²)·atanh(e)/e (Snyder 1987, eq. 3-12, p.16, with ½ln((1+e)/(1−e)) = atanh e).
const QP = 1 + (ONE_MINUS_E2 * Math.atanh(E)) / E;
// Radius of the authalic sphere R_q = a·√(q_p/2) (Snyder 1987, eq. 3-13, p.16).
const RQ = A * Math.sqrt(QP / 2);
const RQ2 = RQ * RQ;
const QK = ONE_MINUS_E2 / QP;
// q(φ) = (1 − e²)[x/(1 − e²x²) + atanh(ex)/e], x = sin φ (Snyder 1987, eq. 3-12, p.16), expanded as
// (1 − e²)·x·Σₙ (2n+2)/(2n+1)·(e²x²)ⁿ; e²x² < 0.0067, so nine terms reach double precision at every latitude.
const Q0 = 2;
const Q1 = 4 / 3;
const Q2 = 6 / 5;
const Q3 = 8 / 7;
const Q4 = 10 / 9;
const Q5 = 12 / 11;
const Q6 = 14 / 13;
const Q7 = 16 / 15;
const Q8 = 18 / 17;

/** sin β of the authalic latitude β for x = sin φ: sin β = q(φ)/q_p (Snyder 1987, eq. 3-11, p.16). */
function sinAuthalic(x: number): number {
  const w = E2 * x * x;
  return QK * x * (Q0 + w * (Q1 + w * (Q2 + w * (Q3 + w * (Q4 + w * (Q5 + w * (Q6 + w * (Q7 + w * Q8))))))));
}

// Per-latitude coefficients of the geodesic-bowing correction, tabulated every 0.1° (value and d/dφ), so the
// per-polygon cost is a table read. For an edge with eastward/northward extents de, dn at mid-latitude φ, the
// geodesic's image on the authalic sphere has geodesic curvature κ; the area between it and the great-circle
// chord is κL³/12, which works out (our derivation from the Clairaut relation and the authalic scale factors
// k = R_q cos β / p, h = 1/k; checked against GeographicLib by test/unit/geodesy-area.test.ts) to
//   (1/12)·[ (k² sin β − sin φ)/p · de³ + 3(sin β/k² − sin φ)/p · de·dn² ].
// With de = p·Δλ, dn = M·Δφ the table holds G3 = (k² sin β − sin φ)·p² and G1 = 3(sin β/k² − sin φ)·M².
const NODES_PER_DEG = 10;
const NODE_COUNT = 180 * NODES_PER_DEG + 1;
const STRIDE = 6; // G3, dG3/dφ, G1, dG1/dφ, p, M
const TABLE = new Float64Array(NODE_COUNT * STRIDE);

function coefficients(phi: number, out: Float64Array, offset: number): void {
  const sphi = Math.sin(phi);
  const W = Math.sqrt(1 - E2 * sphi * sphi);
  // Radius of the parallel p = a cos φ / W and meridian radius M = a(1 − e²)/W³ (Snyder 1987, eqs. 4-18, 4-20 p.24-25).
  const p = (A * Math.cos(phi)) / W;
  const M = (A * ONE_MINUS_E2) / (W * W * W);
  const sb = sinAuthalic(sphi);
  // Parallel scale factor of the authalic map, k = R_q cos β / p (Snyder 1987, eq. 3-? p.16 with h = 1/k).
  const k = (RQ * Math.sqrt(1 - sb * sb)) / p;
  out[offset] = (k * k * sb - sphi) * p * p;
  out[offset + 1] = 3 * (sb / (k * k) - sphi) * M * M;
  out[offset + 2] = p;
  out[offset + 3] = M;
}

(function buildTable(): void {
  const tmp = new Float64Array(12);
  const step = 1e-5; // central difference step (rad): truncation ~1e-10 relative, far below what the correction needs
  for (let j = 0; j < NODE_COUNT; j++) {
    // The poles are singular for the factors (p = 0); rings there never take the fast path anyway.
    const latDeg = Math.max(-89.5, Math.min(89.5, j / NODES_PER_DEG - 90));
    const phi = latDeg * DEG;
    coefficients(phi, tmp, 0);
    coefficients(phi + step, tmp, 4);
    coefficients(phi - step, tmp, 8);
    const o = j * STRIDE;
    TABLE[o] = tmp[0];
    TABLE[o + 1] = (tmp[4] - tmp[8]) / (2 * step);
    TABLE[o + 2] = tmp[1];
    TABLE[o + 3] = (tmp[5] - tmp[9]) / (2 * step);
    TABLE[o + 4] = tmp[2];
    TABLE[o + 5] = tmp[3];
  }
})();

/** Half-longitude step below which atan(S·tan h) is evaluated by its Taylor series (truncation < 1e-16 relative). */
const SERIES_MAX_HALF_DLON = 0.01;

// Fast-path domain and error model (measured, see test/unit/geodesy-area.test.ts and bench/area.bench.ts).
/** Model error bound of the fast path, |error| ≤ ERR_K·D⁵ (m², D = ring extent in m). */
export const FAST_PATH_ERROR_K = 2e-24;
/** Rings wider than this (m) always go to GeographicLib. */
export const FAST_PATH_MAX_EXTENT_M = 100_000;
const MAX_LAT_DEG = 80;
const MAX_LON_SPAN_DEG = 2;
/** Fraction of the accuracy goal the fast path may use up; the rest is margin. */
const SAFETY = 0.1;
/** Below this extent (m) the error bound cannot exceed the absolute floor, so no bound is computed. */
const ALWAYS_FAST_EXTENT_M = Math.pow((SAFETY * 1e-3) / FAST_PATH_ERROR_K, 1 / 5);
const ALWAYS_FAST_EXTENT2 = ALWAYS_FAST_EXTENT_M * ALWAYS_FAST_EXTENT_M;

/** Accuracy goal (DESIGN §4): max(1e-6 relative, 0.001 m²). */
export function areaToleranceM2(areaM2: number): number {
  return Math.max(1e-6 * Math.abs(areaM2), 1e-3);
}

let lastBound = 0;
let delegatedRings = 0;

/** Rings handed to GeographicLib since the last reset (diagnostics for benchmarks and tests). */
export function delegatedRingCount(): number {
  return delegatedRings;
}
export function resetDelegatedRingCount(): void {
  delegatedRings = 0;
}

/**
 * Signed area (m², counter-clockwise positive) by the authalic-sphere method; sets `lastBound` to the model
 * error bound (m²), or Infinity when the ring is outside the fast path's domain.
 */
function fastRingSigned(ring: readonly Position[]): number {
  let n = ring.length;
  lastBound = 0;
  if (n < 3) return 0;
  const first = ring[0];
  const last = ring[n - 1];
  if (first[0] === last[0] && first[1] === last[1]) n -= 1;
  if (n < 3) return 0;

  // Reference node for the correction coefficients: the table node nearest the first vertex.
  let node = Math.round((first[1] + 90) * NODES_PER_DEG);
  if (!(node >= 0)) node = 0;
  else if (node >= NODE_COUNT) node = NODE_COUNT - 1;
  const phiNode = (node / NODES_PER_DEG - 90) * DEG;
  const o = node * STRIDE;
  const g3 = TABLE[o];
  const d3 = TABLE[o + 1];
  const g1 = TABLE[o + 2];
  const d1 = TABLE[o + 3];

  const prev = ring[n - 1];
  let lon1 = prev[0];
  const lat1 = prev[1];
  let phi1 = lat1 * DEG;
  let s1 = sinAuthalic(Math.sin(phi1));
  let c1 = Math.sqrt(1 - s1 * s1);
  let minLon = lon1;
  let maxLon = lon1;
  let minLat = lat1;
  let maxLat = lat1;
  let halfExcess = 0;
  let bow = 0;
  for (let i = 0; i < n; i++) {
    const v = ring[i];
    const lon2 = v[0];
    const lat2 = v[1];
    if (lon2 < minLon) minLon = lon2;
    else if (lon2 > maxLon) maxLon = lon2;
    if (lat2 < minLat) minLat = lat2;
    else if (lat2 > maxLat) maxLat = lat2;
    const phi2 = lat2 * DEG;
    const s2 = sinAuthalic(Math.sin(phi2));
    const c2 = Math.sqrt(1 - s2 * s2);
    const dl = (lon2 - lon1) * DEG;
    const h = 0.5 * dl;
    // tan(E/2) = tan(Δλ/2)·sin β̄ / cos(Δβ/2) for the trapezoid edge–meridians–equator, the tan-half-angle
    // form of the excess (Bevis & Cambareri 1987, Math. Geology 19:335; Karney 2013 eq. 60); here
    // sin β̄ / cos(Δβ/2) = (sin β₁ + sin β₂)/(1 + cos(β₁ − β₂)).
    const S = (s1 + s2) / (1 + c1 * c2 + s1 * s2);
    if (h < SERIES_MAX_HALF_DLON && h > -SERIES_MAX_HALF_DLON) {
      // atan(S·tan h) = hS[1 + h²(1−S²)/3 + h⁴(2/15 − S²/3 + S⁴/5) + h⁶(17/315 − 11S²/45 + S⁴/3 − S⁶/7)]
      // (composition of the Maclaurin series of tan and atan, Abramowitz & Stegun 4.3.67 and 4.4.42).
      const h2 = h * h;
      const S2 = S * S;
      halfExcess +=
        h *
        S *
        (1 +
          h2 *
            ((1 - S2) / 3 +
              h2 * (2 / 15 + S2 * (-1 / 3 + S2 / 5) + h2 * (17 / 315 + S2 * (-11 / 45 + S2 * (1 / 3 - S2 / 7))))));
    } else {
      halfExcess += Math.atan(Math.tan(h) * S);
    }
    const dp = phi2 - phi1;
    const dm = 0.5 * (phi1 + phi2) - phiNode;
    bow += dl * ((g3 + d3 * dm) * dl * dl + (g1 + d1 * dm) * dp * dp);
    lon1 = lon2;
    phi1 = phi2;
    s1 = s2;
    c1 = c2;
  }
  // Spherical excess → area on the authalic sphere (a CCW ring has a negative excess sum in this convention).
  const area = -2 * RQ2 * halfExcess + bow / 12;

  const lonSpan = maxLon - minLon;
  if (
    !(lonSpan <= MAX_LON_SPAN_DEG) ||
    !(maxLat <= MAX_LAT_DEG) ||
    !(minLat >= -MAX_LAT_DEG)
  ) {
    lastBound = Infinity;
    return area;
  }
  const dx = lonSpan * DEG * TABLE[o + 4];
  const dy = (maxLat - minLat) * DEG * TABLE[o + 5];
  const d2 = dx * dx + dy * dy;
  if (d2 > ALWAYS_FAST_EXTENT2) {
    lastBound = d2 > FAST_PATH_MAX_EXTENT_M * FAST_PATH_MAX_EXTENT_M ? Infinity : FAST_PATH_ERROR_K * d2 * d2 * Math.sqrt(d2);
  }
  return area;
}

/** Unsigned area (m²) of one lon/lat ring (closed or not) on the CGCS2000/GRS80 ellipsoid; < 3 vertices → 0. */
export function ringAreaM2(ring: readonly Position[]): number {
  const a = Math.abs(fastRingSigned(ring));
  if (lastBound > SAFETY * areaToleranceM2(a)) {
    delegatedRings++;
    return geodesicRingAreaM2(ring);
  }
  return a;
}

/** Area (m²) of a polygon: |outer| − Σ|holes|, never negative. */
export function polygonAreaM2(rings: readonly Position[][]): SquareMeters {
  const nr = rings.length;
  if (nr === 0) return squareMeters(0);
  let total = Math.abs(fastRingSigned(rings[0]));
  let bound = lastBound;
  for (let i = 1; i < nr; i++) {
    total -= Math.abs(fastRingSigned(rings[i]));
    bound += lastBound;
  }
  if (bound > SAFETY * areaToleranceM2(total)) {
    delegatedRings += nr;
    total = geodesicRingAreaM2(rings[0]);
    for (let i = 1; i < nr; i++) total -= geodesicRingAreaM2(rings[i]);
  }
  return squareMeters(total > 0 ? total : 0);
}

/** Area (m²) of a Polygon or MultiPolygon (sum over parts). */
export function geometryAreaM2(geom: Polygon | MultiPolygon): SquareMeters {
  if (geom.type === 'Polygon') return polygonAreaM2(geom.coordinates);
  const parts = geom.coordinates;
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += polygonAreaM2(parts[i]);
  return squareMeters(total);
}

/** The fast path alone, signed, with its error bound: for measurement in tests and benchmarks only. */
export function fastRingAreaDiagnostics(ring: readonly Position[]): { signedM2: number; boundM2: number } {
  const signedM2 = fastRingSigned(ring);
  return { signedM2, boundM2: lastBound };
}
