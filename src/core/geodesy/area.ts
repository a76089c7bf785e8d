// PROTOTYPE
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { squareMeters, type SquareMeters } from '../units';
import { geodesicRingAreaM2, GRS80_A, GRS80_F } from './geographiclib';

const DEG = Math.PI / 180;
const A = GRS80_A;
const E2 = GRS80_F * (2 - GRS80_F);
const E = Math.sqrt(E2);
const ONE_MINUS_E2 = 1 - E2;
const QP = 1 + (ONE_MINUS_E2 * Math.atanh(E)) / E;
const RQ = A * Math.sqrt(QP / 2);
const RQ2 = RQ * RQ;
const QK = ONE_MINUS_E2 / QP;
const Q_TERMS = 9;
const QC: number[] = [];
for (let n = 0; n < Q_TERMS; n++) QC.push((2 * n + 2) / (2 * n + 1));
const [Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8] = QC;

function sinAuthalic(x: number): number {
  const w = E2 * x * x;
  return QK * x * (Q0 + w * (Q1 + w * (Q2 + w * (Q3 + w * (Q4 + w * (Q5 + w * (Q6 + w * (Q7 + w * Q8))))))));
}

function coeffs(phi: number): [number, number, number, number] {
  const sphi = Math.sin(phi);
  const cphi = Math.cos(phi);
  const W = Math.sqrt(1 - E2 * sphi * sphi);
  const p = (A * cphi) / W;
  const M = (A * ONE_MINUS_E2) / (W * W * W);
  const sb = sinAuthalic(sphi);
  const cb = Math.sqrt(1 - sb * sb);
  const k = (RQ * cb) / p;
  const G3 = (k * k * sb - sphi) * p * p;
  const G1 = 3 * (sb / (k * k) - sphi) * M * M;
  return [G3, G1, p, M];
}

export let CORR_SIGN = 1;
export function setCorrSign(s: number): void {
  CORR_SIGN = s;
}

/** signed fast area (CCW positive), and correction separately */
export function fastRingDebug(ring: Position[]): { main: number; corr: number } {
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n -= 1;
  if (n < 3) return { main: 0, corr: 0 };
  const phi0 = ring[0][1] * DEG;
  const [G3, G1] = coeffs(phi0);
  const hh = 1e-4;
  const cp = coeffs(phi0 + hh), cm = coeffs(phi0 - hh);
  const D3 = (cp[0] - cm[0]) / (2 * hh), D1 = (cp[1] - cm[1]) / (2 * hh);
  let prev = ring[n - 1];
  let lam1 = prev[0] * DEG;
  let phi1 = prev[1] * DEG;
  let s1 = sinAuthalic(Math.sin(phi1));
  let c1 = Math.sqrt(1 - s1 * s1);
  let sumE = 0;
  let sumC = 0;
  for (let i = 0; i < n; i++) {
    const lam2 = ring[i][0] * DEG;
    const phi2 = ring[i][1] * DEG;
    const s2 = sinAuthalic(Math.sin(phi2));
    const c2 = Math.sqrt(1 - s2 * s2);
    const dl = lam2 - lam1;
    const S = (s1 + s2) / (1 + c1 * c2 + s1 * s2);
    sumE += 2 * Math.atan(Math.tan(dl / 2) * S);
    const dp = phi2 - phi1;
    const dm = (phi1 + phi2) / 2 - phi0;
    sumC += dl * ((G3 + D3 * dm) * dl * dl + (G1 + D1 * dm) * dp * dp);
    lam1 = lam2;
    phi1 = phi2;
    s1 = s2;
    c1 = c2;
  }
  return { main: -sumE * RQ2, corr: (CORR_SIGN * sumC) / 12 };
}

export function ringAreaM2(ring: Position[]): number {
  const r = fastRingDebug(ring);
  return Math.abs(r.main + r.corr);
}

export function polygonAreaM2(rings: Position[][]): SquareMeters {
  if (rings.length === 0) return squareMeters(0);
  let a = ringAreaM2(rings[0]);
  for (let i = 1; i < rings.length; i++) a -= ringAreaM2(rings[i]);
  return squareMeters(Math.max(0, a));
}

export function geometryAreaM2(geom: Polygon | MultiPolygon): SquareMeters {
  if (geom.type === 'Polygon') return polygonAreaM2(geom.coordinates);
  let a = 0;
  for (const p of geom.coordinates) a += polygonAreaM2(p);
  return squareMeters(a);
}

export { geodesicRingAreaM2 };
