// Ellipsoidal area on CGCS2000/GRS80 (DESIGN §4), within max(1e-6 relative, 0.001 m²) of GeographicLib and
// fast enough for 100k parcels. Pure TypeScript: no DOM and no Node APIs, so it runs in browsers, Node and workers.
//
// Vertices go to the authalic sphere (an equal-area map, so areas carry over). Rings are then summed by the
// cheapest of three tiers whose measured error bound fits a tenth of the tolerance:
//   1. trapezoids in (λ, sin β) plus two odd cubic corrections per edge, one for the great-circle excess and one
//      for the bowing of ellipsoidal geodesics on the authalic sphere, with sin β from a Taylor polynomial about
//      a tabulated latitude, so no trigonometry per vertex (every parcel; compact rings up to ~50 km);
//   2. the exact spherical excess of each great-circle trapezoid plus the same bowing correction;
//   3. GeographicLib (Karney 2013), exact but ~60× slower than turf.area: thin rings tens of km long, rings
//      wider than 100 km, beyond 80° of latitude, or spanning more than 2° of longitude (the antimeridian).
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { squareMeters, type SquareMeters } from '../units';
import { geodesicRingAreaM2, GRS80_A, GRS80_F } from './geographiclib';

const DEG = Math.PI / 180;
const A = GRS80_A;
// e² = 2f − f² (Snyder 1987, "Map Projections: A Working Manual", USGS PP 1395, p.13).
const E2 = GRS80_F * (2 - GRS80_F);
const E = Math.sqrt(E2);
const ONE_MINUS_E2 = 1 - E2;
// q_p = q(90°) = 1 + (1 − e²)·atanh(e)/e, since −ln((1−e)/(1+e))/2 = atanh e (Snyder 1987 p.16).
const QP = 1 + (ONE_MINUS_E2 * Math.atanh(E)) / E;
// Radius of the authalic sphere R_q = a·√(q_p/2) (Snyder 1987 p.16).
const RQ = A * Math.sqrt(QP / 2);
const RQ2 = RQ * RQ;
const QK = ONE_MINUS_E2 / QP;
// q(φ) = (1 − e²)[x/(1 − e²x²) + atanh(ex)/e], x = sin φ (Snyder 1987 p.16), as the power series
// (1 − e²)·x·Σ (2n+2)/(2n+1)·(e²x²)ⁿ; e²x² < 0.0067, so seven terms leave < 6e-16 relative at any latitude.
const Q0 = 2;
const Q1 = 4 / 3;
const Q2 = 6 / 5;
const Q3 = 8 / 7;
const Q4 = 10 / 9;
const Q5 = 12 / 11;
const Q6 = 14 / 13;

/** sin β, β the authalic latitude, of x = sin φ: sin β = q(φ)/q_p (Snyder 1987 p.16). */
function sinAuthalic(x: number): number {
  const w = E2 * x * x;
  return QK * x * (Q0 + w * (Q1 + w * (Q2 + w * (Q3 + w * (Q4 + w * (Q5 + w * Q6))))));
}

// ---------------------------------------------------------------------------------------------------------
// Per-latitude coefficients, tabulated every 0.25° as value, d/dφ and ½d²/dφ²: a ring reads one node and each
// edge evaluates a quadratic in its mid-latitude's offset from that node (truncation ~1e-9 relative).
//
// Bowing (tiers 1 and 2). An ellipsoidal geodesic maps onto the authalic sphere as a curve of geodesic curvature
// κ = O(e²/R), not a great circle; the area between it and the chord of length L is κL³/12. Clairaut's relation
// on both surfaces and the authalic scale factors (k = R_q cos β / p along the parallel, 1/k along the meridian)
// give, counter-clockwise positive, at the edge's mid-latitude (our derivation; the tests check it against
// GeographicLib, and without it the error at 1 km is ~1000× larger):
//   (1/12)·[(k² sin β − sin φ)·p²·Δλ³ + 3(sin β/k² − sin φ)·M²·Δλ·Δφ²].
// Great-circle excess (tier 1). For short edges, with s = sin β, s̄ = (s₁ + s₂)/2, the excess expands as
//   2·atan(tan(Δλ/2)·(s₁ + s₂)/(1 + cos Δβ)) = Δλ·s̄ + Δλ·s̄·Δβ²/4 + Δλ³·s̄·cos²β/12 + O(L⁵), Δβ = β'·Δφ
// (Maclaurin series of tan and atan composed, Abramowitz & Stegun §4.3–4.4). Both corrections are odd cubics in
// the edge vector, which is why four latitude functions carry them and the residual is fifth order.
const NODES_PER_DEG = 4;
const NODE_COUNT = 180 * NODES_PER_DEG + 1;
const T_H3 = 0; // tier 1, Δλ³ coefficient: bow/12 − excess term (value, d/dφ, ½d²/dφ²)
const T_H1 = 3; // tier 1, Δλ·Δφ² coefficient
const T_G3 = 6; // tier 2, Δλ³ coefficient of the bow, ×12
const T_G1 = 9; // tier 2, Δλ·Δφ² coefficient of the bow, ×12
const T_P = 12; // radius of the parallel p (m)
const T_M = 13; // meridian radius of curvature M (m)
const T_SEC3 = 14; // 1/cos³φ: how both tiers' error grows with latitude (measured)
const T_SB = 15; // Taylor coefficients of sin β(φ_node + δ) in δ, degrees 0…6 (7 values): tier 1's only per-vertex work
const STRIDE = 22;
/** |δ| (rad) up to which tier 1 uses the Taylor polynomial for sin β: truncation ≤ 2e-4·δ⁷ ≈ 2e-18. */
const TAYLOR_MAX_DELTA = 0.01;
const TABLE = new Float64Array(NODE_COUNT * STRIDE);

/** Latitude (rad) of a table node. The poles are singular (p = 0) and rings there never take tiers 1–2 (they go
 * to GeographicLib), so the end nodes sit at ±89° rather than being special-cased. */
function nodeLatitude(node: number): number {
  return Math.max(-89, Math.min(89, node / NODES_PER_DEG - 90)) * DEG;
}

/** Writes [H3, H1, G3, G1, p, M] at latitude φ (rad) to out[0…5]. */
function coefficients(phi: number, out: Float64Array): void {
  const sphi = Math.sin(phi);
  const W = Math.sqrt(1 - E2 * sphi * sphi);
  // Parallel radius p = N cos φ = a cos φ / W and meridian radius M = a(1 − e²)/W³ (Snyder 1987 pp.24–25).
  const p = (A * Math.cos(phi)) / W;
  const M = (A * ONE_MINUS_E2) / (W * W * W);
  const sb = sinAuthalic(sphi);
  const cb = Math.sqrt(1 - sb * sb);
  // Scale of the authalic map along the parallel, k = R_q cos β / p; along the meridian it is 1/k (equal area).
  const k = (RQ * cb) / p;
  // dβ/dφ = p·M/(R_q² cos β), from R_q² cos β dβ = p·M dφ (equal area, Snyder 1987 p.16).
  const db = (p * M) / (RQ2 * cb);
  const g3 = (k * k * sb - sphi) * p * p;
  const g1 = 3 * (sb / (k * k) - sphi) * M * M;
  out[0] = g3 / 12 - (RQ2 * sb * cb * cb) / 12;
  out[1] = g1 / 12 - (RQ2 * sb * db * db) / 4;
  out[2] = g3;
  out[3] = g1;
  out[4] = p;
  out[5] = M;
}

(function buildTable(): void {
  const f0 = new Float64Array(6);
  const fp = new Float64Array(6);
  const fm = new Float64Array(6);
  const step = 1e-3; // rad; central differences, ~1e-7 relative, on terms that multiply offsets < 0.02 rad
  for (let j = 0; j < NODE_COUNT; j++) {
    const phi = nodeLatitude(j);
    coefficients(phi, f0);
    coefficients(phi + step, fp);
    coefficients(phi - step, fm);
    const o = j * STRIDE;
    for (let c = 0; c < 4; c++) {
      TABLE[o + 3 * c] = f0[c];
      TABLE[o + 3 * c + 1] = (fp[c] - fm[c]) / (2 * step);
      TABLE[o + 3 * c + 2] = (fp[c] - 2 * f0[c] + fm[c]) / (2 * step * step);
    }
    TABLE[o + T_P] = f0[4];
    TABLE[o + T_M] = f0[5];
    TABLE[o + T_SEC3] = 1 / Math.pow(Math.cos(phi), 3);
    sinAuthalicTaylor(phi, TABLE, o + T_SB);
  }
})();

/**
 * Taylor coefficients (degrees 0…6) of sin β(φ₀ + δ) in δ, by truncated power-series arithmetic on the same
 * series as sinAuthalic: sin(φ₀ + δ) = sin φ₀ cos δ + cos φ₀ sin δ, then x·P(e²x²) by Horner's rule.
 */
function sinAuthalicTaylor(phi0: number, out: Float64Array, offset: number): void {
  const N = 7;
  const mul = (a: Float64Array, b: Float64Array): Float64Array => {
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) for (let j = 0; i + j < N; j++) r[i + j] += a[i] * b[j];
    return r;
  };
  const x = new Float64Array(N);
  const s0 = Math.sin(phi0);
  const c0 = Math.cos(phi0);
  let fact = 1;
  for (let k = 0; k < N; k++) {
    if (k > 0) fact *= k;
    // k-th derivative of sin at φ₀ cycles sin, cos, −sin, −cos.
    const d = [s0, c0, -s0, -c0][k % 4];
    x[k] = d / fact;
  }
  const w = mul(x, x).map((v) => v * E2);
  let acc: Float64Array = new Float64Array(N);
  const coeffs = [Q6, Q5, Q4, Q3, Q2, Q1, Q0];
  acc[0] = coeffs[0];
  for (let c = 1; c < coeffs.length; c++) {
    acc = mul(acc, w);
    acc[0] += coeffs[c];
  }
  const sb = mul(x, acc);
  for (let k = 0; k < N; k++) out[offset + k] = QK * sb[k];
}

// ---------------------------------------------------------------------------------------------------------
// Error model, measured against GeographicLib (thin triangles and star polygons, 0–80°, 10 m–100 km; the
// property tests re-check it): each tier's error grows like D⁵/cos³φ, D = diagonal (m) of the ring's lon/lat box,
// φ its first vertex's latitude. With the constants below the largest measured error/bound is 0.31 for both
// tiers at 0–60° (0.61 for tier 1 at 70–80°), and a tier is used only while its bound is under a tenth of the
// tolerance. At 33°N tier 1's bound stays under 1e-4 m² up to D ≈ 4.4 km whatever the shape (every parcel),
// tier 2's up to D ≈ 11 km; a compact 1000 km² ring (D ≈ 45 km) still takes tier 1.

/** Tier 1 error bound: |error| ≤ TIER1_ERROR_K·D⁵/cos³φ (m², D in m). */
export const TIER1_ERROR_K = 3e-23;
/** Tier 2 error bound: |error| ≤ TIER2_ERROR_K·D⁵/cos³φ (m², D in m). */
export const TIER2_ERROR_K = 3e-25;
/** Share of the tolerance a fast tier may use; the rest is margin. */
export const FAST_PATH_SAFETY = 0.1;
/** Rings whose lon/lat box diagonal exceeds this (m) go to GeographicLib. */
export const FAST_PATH_MAX_EXTENT_M = 100_000;
/** Rings reaching beyond this latitude go to GeographicLib (the error model was measured up to 80°). */
export const FAST_PATH_MAX_LAT_DEG = 80;
/** Rings spanning more longitude than this go to GeographicLib (also catches the antimeridian). */
export const FAST_PATH_MAX_LON_SPAN_DEG = 2;
const MAX_EXTENT2 = FAST_PATH_MAX_EXTENT_M * FAST_PATH_MAX_EXTENT_M;
/** |Δλ/2| below which tier 2 evaluates atan(S·tan h) by its series (truncation < 1e-16 relative). */
const SERIES_MAX_HALF_DLON = 0.01;

/** Accuracy goal (DESIGN §4): max(1e-6 relative, 0.001 m²). */
export function areaToleranceM2(areaM2: number): number {
  return Math.max(1e-6 * Math.abs(areaM2), 1e-3);
}

// Module state instead of result objects, so nothing is allocated per ring.
let lastD5 = 0; // D⁵/cos³φ of the last tier-1 ring, Infinity outside tiers 1–2's domain
let lastD2 = 0; // D² of the last tier-1 ring
let lastBound = 0; // error bound (m²) of the last fastRingSigned result
let lastTier: 0 | 1 | 2 = 0;
let delegatedRings = 0;

/** Rings handed to GeographicLib since the last reset (diagnostics for benchmarks and tests). */
export function delegatedRingCount(): number {
  return delegatedRings;
}
export function resetDelegatedRingCount(): void {
  delegatedRings = 0;
}

/** Vertex count without the closing repeat of the first vertex. */
function openLength(ring: readonly Position[]): number {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return n - 1;
  return n;
}

/** Table node nearest a latitude (deg); non-finite input gives node 0 and a NaN area downstream. */
function nodeOf(latDeg: number): number {
  const node = Math.round((latDeg + 90) * NODES_PER_DEG);
  if (!(node >= 0)) return 0;
  return node < NODE_COUNT ? node : NODE_COUNT - 1;
}

/** Tier 1, signed (CCW positive, m²); also sets lastD5 and lastD2 from the ring's lon/lat box. */
function tier1Signed(ring: readonly Position[], n: number, node: number): number {
  const o = node * STRIDE;
  const phiNode = nodeLatitude(node);
  const h3 = TABLE[o + T_H3];
  const h3d = TABLE[o + T_H3 + 1];
  const h3q = TABLE[o + T_H3 + 2];
  const h1 = TABLE[o + T_H1];
  const h1d = TABLE[o + T_H1 + 1];
  const h1q = TABLE[o + T_H1 + 2];
  // sin β near the node by its Taylor polynomial (no trigonometry per vertex), elsewhere by sin and the q series.
  const t = o + T_SB;
  const b0 = TABLE[t];
  const b1 = TABLE[t + 1];
  const b2 = TABLE[t + 2];
  const b3 = TABLE[t + 3];
  const b4 = TABLE[t + 4];
  const b5 = TABLE[t + 5];
  const b6 = TABLE[t + 6];
  const prev = ring[n - 1];
  let lon1 = prev[0];
  const phi0 = prev[1] * DEG;
  let d1 = phi0 - phiNode;
  let s1 =
    d1 < TAYLOR_MAX_DELTA && d1 > -TAYLOR_MAX_DELTA
      ? b0 + d1 * (b1 + d1 * (b2 + d1 * (b3 + d1 * (b4 + d1 * (b5 + d1 * b6)))))
      : sinAuthalic(Math.sin(phi0));
  let minLon = lon1;
  let maxLon = lon1;
  let minLat = prev[1];
  let maxLat = minLat;
  let trapezoids = 0;
  let cubic = 0;
  for (let i = 0; i < n; i++) {
    const v = ring[i];
    const lon2 = v[0];
    const lat2 = v[1];
    if (lon2 < minLon) minLon = lon2;
    else if (lon2 > maxLon) maxLon = lon2;
    if (lat2 < minLat) minLat = lat2;
    else if (lat2 > maxLat) maxLat = lat2;
    const phi2 = lat2 * DEG;
    const d2 = phi2 - phiNode;
    const s2 =
      d2 < TAYLOR_MAX_DELTA && d2 > -TAYLOR_MAX_DELTA
        ? b0 + d2 * (b1 + d2 * (b2 + d2 * (b3 + d2 * (b4 + d2 * (b5 + d2 * b6)))))
        : sinAuthalic(Math.sin(phi2));
    const dl = (lon2 - lon1) * DEG;
    const dp = d2 - d1;
    const dm = 0.5 * (d1 + d2);
    // Trapezoid between the edge and the equator in the authalic cylindrical equal-area plane (x = λ, y = sin β).
    trapezoids += dl * (s1 + s2);
    cubic += dl * ((h3 + dm * (h3d + dm * h3q)) * dl * dl + (h1 + dm * (h1d + dm * h1q)) * dp * dp);
    lon1 = lon2;
    d1 = d2;
    s1 = s2;
  }
  const lonSpan = maxLon - minLon;
  if (
    !(lonSpan <= FAST_PATH_MAX_LON_SPAN_DEG) ||
    !(maxLat <= FAST_PATH_MAX_LAT_DEG) ||
    !(minLat >= -FAST_PATH_MAX_LAT_DEG)
  ) {
    lastD5 = Infinity;
    lastD2 = Infinity;
  } else {
    const dx = lonSpan * DEG * TABLE[o + T_P];
    const dy = (maxLat - minLat) * DEG * TABLE[o + T_M];
    const d2 = dx * dx + dy * dy;
    lastD2 = d2;
    lastD5 = d2 * d2 * Math.sqrt(d2) * TABLE[o + T_SEC3];
  }
  // A ring counter-clockwise on the map runs west along its north side, so its trapezoid sum is negative.
  return -0.5 * RQ2 * trapezoids + cubic;
}

/** Tier 2, signed (CCW positive, m²): exact excess of each great-circle trapezoid plus the bowing correction. */
function tier2Signed(ring: readonly Position[], n: number, node: number): number {
  const o = node * STRIDE;
  const phiNode = nodeLatitude(node);
  const g3 = TABLE[o + T_G3];
  const g3d = TABLE[o + T_G3 + 1];
  const g3q = TABLE[o + T_G3 + 2];
  const g1 = TABLE[o + T_G1];
  const g1d = TABLE[o + T_G1 + 1];
  const g1q = TABLE[o + T_G1 + 2];
  const prev = ring[n - 1];
  let lon1 = prev[0];
  let phi1 = prev[1] * DEG;
  let s1 = sinAuthalic(Math.sin(phi1));
  let c1 = Math.sqrt(1 - s1 * s1);
  let halfExcess = 0;
  let bow = 0;
  for (let i = 0; i < n; i++) {
    const v = ring[i];
    const lon2 = v[0];
    const phi2 = v[1] * DEG;
    const s2 = sinAuthalic(Math.sin(phi2));
    const c2 = Math.sqrt(1 - s2 * s2);
    const dl = (lon2 - lon1) * DEG;
    const h = 0.5 * dl;
    // Excess E of the trapezoid edge–meridians–equator: tan(E/2) = tan(Δλ/2)·(t₁ + t₂)/(1 + t₁t₂), t = tan(β/2)
    // (Karney 2013 §6, as GeographicLib's Inverse uses it); (t₁ + t₂)/(1 + t₁t₂) = (s₁ + s₂)/(1 + cos Δβ).
    const S = (s1 + s2) / (1 + c1 * c2 + s1 * s2);
    if (h < SERIES_MAX_HALF_DLON && h > -SERIES_MAX_HALF_DLON) {
      // atan(S·tan h) = hS[1 + h²(1−S²)/3 + h⁴(2/15 − S²/3 + S⁴/5) + h⁶(17/315 − 11S²/45 + S⁴/3 − S⁶/7)]
      // (Maclaurin series of tan and atan composed, Abramowitz & Stegun §4.3–4.4).
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
    bow += dl * ((g3 + dm * (g3d + dm * g3q)) * dl * dl + (g1 + dm * (g1d + dm * g1q)) * dp * dp);
    lon1 = lon2;
    phi1 = phi2;
    s1 = s2;
    c1 = c2;
  }
  return -2 * RQ2 * halfExcess + bow / 12;
}

/**
 * Signed area (m², CCW positive) by the cheapest fast tier whose bound fits its tolerance; sets lastBound to
 * that tier's error bound (Infinity when the ring is outside the fast tiers' domain) and lastTier.
 */
function fastRingSigned(ring: readonly Position[]): number {
  lastBound = 0;
  lastTier = 0;
  const n = openLength(ring);
  if (n < 3) return 0;
  const node = nodeOf(ring[0][1]);
  const area1 = tier1Signed(ring, n, node);
  if (lastD5 === Infinity) {
    lastBound = Infinity;
    return area1;
  }
  const bound1 = TIER1_ERROR_K * lastD5;
  if (bound1 <= FAST_PATH_SAFETY * areaToleranceM2(area1)) {
    lastBound = bound1;
    lastTier = 1;
    return area1;
  }
  lastTier = 2;
  lastBound = lastD2 > MAX_EXTENT2 ? Infinity : TIER2_ERROR_K * lastD5;
  return tier2Signed(ring, n, node);
}

/** Unsigned area (m²) of one lon/lat ring, closed or not, on the CGCS2000/GRS80 ellipsoid; < 3 vertices → 0. */
export function ringAreaM2(ring: readonly Position[]): number {
  const a = Math.abs(fastRingSigned(ring));
  if (lastBound > FAST_PATH_SAFETY * areaToleranceM2(a)) {
    delegatedRings++;
    return geodesicRingAreaM2(ring);
  }
  return a;
}

/** Area (m²) of a polygon: |outer ring| − Σ |hole|, never negative. */
export function polygonAreaM2(rings: readonly Position[][]): SquareMeters {
  const nr = rings.length;
  if (nr === 0) return squareMeters(0);
  let total = Math.abs(fastRingSigned(rings[0]));
  let bound = lastBound;
  for (let i = 1; i < nr; i++) {
    total -= Math.abs(fastRingSigned(rings[i]));
    bound += lastBound;
  }
  // The bound is judged against the polygon's net area: a large hole leaves less room than either ring alone.
  if (bound > FAST_PATH_SAFETY * areaToleranceM2(total)) {
    delegatedRings += nr;
    total = geodesicRingAreaM2(rings[0]);
    for (let i = 1; i < nr; i++) total -= geodesicRingAreaM2(rings[i]);
  }
  return squareMeters(total > 0 ? total : 0);
}

/** Area (m²) of a Polygon or MultiPolygon: the sum over its parts. */
export function geometryAreaM2(geom: Polygon | MultiPolygon): SquareMeters {
  if (geom.type === 'Polygon') return polygonAreaM2(geom.coordinates);
  const parts = geom.coordinates;
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += polygonAreaM2(parts[i]);
  return squareMeters(total);
}

/** What the fast path did with a ring: for tests and benchmarks, not for figures shown to users. */
export interface FastRingDiagnostics {
  /** Signed area (m², counter-clockwise positive) from the tier used. */
  signedM2: number;
  /** That tier's error bound (m²); Infinity when the ring is outside the fast tiers' domain. */
  boundM2: number;
  /** 1 or 2; 0 for a ring with fewer than 3 vertices. */
  tier: 0 | 1 | 2;
}

/** The fast path alone on one ring, without handing it to GeographicLib. */
export function fastRingDiagnostics(ring: readonly Position[]): FastRingDiagnostics {
  const signedM2 = fastRingSigned(ring);
  return { signedM2, boundM2: lastBound, tier: lastTier };
}

/** One fast tier forced on one ring, with that tier's error bound, to check the error model. */
export function tierRingDiagnostics(ring: readonly Position[], tier: 1 | 2): FastRingDiagnostics {
  const n = openLength(ring);
  if (n < 3) return { signedM2: 0, boundM2: 0, tier: 0 };
  const node = nodeOf(ring[0][1]);
  const area1 = tier1Signed(ring, n, node);
  const k = tier === 1 ? TIER1_ERROR_K : TIER2_ERROR_K;
  const signedM2 = tier === 1 ? area1 : tier2Signed(ring, n, node);
  return { signedM2, boundM2: k * lastD5, tier };
}
