// Deterministic generator of the fictional sample park 汝河产业集聚区 (PARK-RH) in data/sample/.
//
//   npx tsx data/generate.ts            writes data/sample/* (byte-identical on every run)
//   npx tsx data/generate.ts --cases    also prints the table of intentional cases (for data/README.md)
//
// Everything is laid out in a local metric frame (u east, v north, metres) around 114.0°E 33.0°N, rotated by
// atan(20/99) ≈ 11.4° and converted to lon/lat rounded to 7 decimals. Attributes are sized against the
// ellipsoidal area (GeographicLib on GRS80/CGCS2000) of the rounded polygon, and every intended rule pass or
// failure keeps a margin of at least 3% from its threshold (except the one parcel deliberately at plot ratio
// 1.0). The generator checks its own intended cases against DESIGN §5 and throws if one does not hold.
// No Math.random, no clock: one seeded PRNG (mulberry32) per purpose, keyed by a label.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import geodesic from 'geographiclib-geodesic';
import type {
  LandUse, ParcelProperties, PlanType, RelocationStatus, ZoneType,
} from '../src/core/schema/types';

export const REVIEW_DATE = '2026-06-30';
export const PARK_ID = 'PARK-RH';
export const PARK_NAME = '汝河产业集聚区';
export const LEADING_INDUSTRIES = ['装备制造', '食品加工'];

// ---------------------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------------------

const SEED = 20260630;

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32, one stream per label so that a change in one place does not reshuffle the rest. */
class Rng {
  private state: number;
  constructor(label: string) {
    this.state = (hash32(label) ^ SEED) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1][0];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Local frame → lon/lat, ellipsoidal area
// ---------------------------------------------------------------------------------------------------------

type P = [number, number];

const ORIGIN: P = [114.0, 33.0];
/** Metres per degree at 33°N on the ellipsoid (fixed constants, no trigonometry at run time). */
const M_PER_DEG_LON = 93452.4;
const M_PER_DEG_LAT = 110904.5;
/** Rotation of the street grid: cos and sin of atan(20/99), exact rationals. */
const ROT_C = 99 / 101;
const ROT_S = 20 / 101;

const r7 = (x: number) => Math.round(x * 1e7) / 1e7;
const r2 = (x: number) => Math.round(x * 100) / 100;

function toLonLat([u, v]: P): P {
  const x = u * ROT_C - v * ROT_S;
  const y = u * ROT_S + v * ROT_C;
  return [r7(ORIGIN[0] + x / M_PER_DEG_LON), r7(ORIGIN[1] + y / M_PER_DEG_LAT)];
}

const GEOD = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101); // GRS80 = CGCS2000 ellipsoid

/** Unsigned ellipsoidal area (m²) of an open lon/lat ring. */
function ringAreaM2(ring: readonly P[]): number {
  const poly = GEOD.Polygon(false);
  for (const [lon, lat] of ring) poly.AddPoint(lat, lon);
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

function polygonAreaM2(rings: readonly (readonly P[])[]): number {
  return rings.reduce((s, r, i) => s + (i === 0 ? 1 : -1) * ringAreaM2(r), 0);
}

/** Shoelace area in the local frame (signed, CCW positive). */
function planarArea(ring: readonly P[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

// ---------------------------------------------------------------------------------------------------------
// Park boundary: x-monotone in the local frame (every north–south line crosses it at most twice), so that
// clipping it by grid rectangles is a simple sweep. Counter-clockwise.
// ---------------------------------------------------------------------------------------------------------

const WEST: P = [-2120, -100];
const EAST: P = [2180, 150];
const BOTTOM: P[] = [
  [-2060, -1180], [-1750, -1420], [-1200, -1380], [-420, -1560], [200, -1480], [840, -1590], [1400, -1450],
  [1900, -1320], [2150, -900],
];
/** Top chain from east to west; the dip at u 250–450 is the notch left for 后湖 wetland farmland. */
const TOP_EW: P[] = [
  [2120, 1040], [1800, 1380], [1260, 1470], [700, 1400], [450, 1120], [250, 1130], [0, 1560], [-700, 1500],
  [-1400, 1420], [-1850, 1260], [-2080, 900],
];
const PARK_RING: P[] = [WEST, ...BOTTOM, EAST, ...TOP_EW];
const LOWER: P[] = [WEST, ...BOTTOM, EAST];
const UPPER: P[] = [WEST, ...[...TOP_EW].reverse(), EAST];

/** v of a chain (u strictly increasing) at u; exact at vertices. */
function chainAt(chain: readonly P[], u: number): number {
  for (let i = 0; i < chain.length; i++) if (chain[i][0] === u) return chain[i][1];
  for (let i = 0; i + 1 < chain.length; i++) {
    const [pu, pv] = chain[i];
    const [qu, qv] = chain[i + 1];
    if (u > pu && u < qu) return pv + ((u - pu) * (qv - pv)) / (qu - pu);
  }
  throw new Error(`u ${u} outside the park`);
}
const lo = (u: number) => chainAt(LOWER, u);
const hi = (u: number) => chainAt(UPPER, u);

/** u values where a chain crosses the line v = c strictly inside a segment (canonical: same for every caller). */
function chainCrossings(chain: readonly P[], c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const [pu, pv] = chain[i];
    const [qu, qv] = chain[i + 1];
    if ((pv - c) * (qv - c) < 0) out.push(pu + ((c - pv) * (qu - pu)) / (qv - pv));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Street grid. Roads run along these centre lines; blocks sit between them. Cells of the plans are bounded
// by the centre lines (and the outer extents for plans that reach beyond the park).
// ---------------------------------------------------------------------------------------------------------

const U_LINES = [-1680, -1260, -840, -420, 0, 420, 840, 1260, 1680];
const V_LINES = [-1050, -700, -350, 0, 350, 700, 1050];
const U_ROAD: Record<number, number> = { [-1680]: 30, [-1260]: 40, [-840]: 30, [-420]: 40, 0: 50, 420: 30, 840: 40, 1260: 40, 1680: 30 };
const V_ROAD: Record<number, number> = { [-1050]: 30, [-700]: 40, [-350]: 30, 0: 50, 350: 30, 700: 40, 1050: 30 };
const U_EDGES = [-2500, ...U_LINES, 2600];
const V_EDGES = [-2000, ...V_LINES, 2000];
const NCOL = U_EDGES.length - 1; // 10
const NROW = V_EDGES.length - 1; // 8

interface Rect { u0: number; u1: number; v0: number; v1: number }

function blockRect(i: number, j: number): Rect {
  const u0 = i === 0 ? U_LINES[0] - U_ROAD[U_LINES[0]] / 2 - 400 : U_LINES[i - 1] + U_ROAD[U_LINES[i - 1]] / 2;
  const u1 = i === NCOL - 1 ? U_LINES[8] + U_ROAD[U_LINES[8]] / 2 + 420 : U_LINES[i] - U_ROAD[U_LINES[i]] / 2;
  const v0 = j === 0 ? V_LINES[0] - V_ROAD[V_LINES[0]] / 2 - 330 : V_LINES[j - 1] + V_ROAD[V_LINES[j - 1]] / 2;
  const v1 = j === NROW - 1 ? V_LINES[6] + V_ROAD[V_LINES[6]] / 2 + 330 : V_LINES[j] - V_ROAD[V_LINES[j]] / 2;
  return { u0, u1, v0, v1 };
}

/** Zones are cut along road centre lines: built | development along u=-420 (south of v=0), v=0, u=0 (north);
 *  development | control along u=840 (south of v=350), v=350, u=1260 (north). */
function zoneAt(u: number, v: number): ZoneType {
  if (u < (v < 0 ? -420 : 0)) return 'built';
  return u < (v < 350 ? 840 : 1260) ? 'development' : 'control';
}

const ZONE_RINGS: Record<ZoneType, P[]> = {
  built: [WEST, ...BOTTOM.slice(0, 4), [-420, 0], [0, 0], [0, 1560], ...TOP_EW.slice(7)],
  development: [
    [-420, -1560], [200, -1480], [840, -1590], [840, 350], [1260, 350], [1260, 1470], [700, 1400], [450, 1120],
    [250, 1130], [0, 1560], [0, 0], [-420, 0],
  ],
  control: [[840, -1590], ...BOTTOM.slice(6), EAST, ...TOP_EW.slice(0, 3), [1260, 350], [840, 350]],
};

// ---------------------------------------------------------------------------------------------------------
// Clipping grid rectangles to the park, with canonical vertices on grid lines so that polygons of different
// plans that meet along a grid line share exactly the same vertices (touching, never a sliver).
// ---------------------------------------------------------------------------------------------------------

const EPS = 1e-7;

function clipParkToRect(r: Rect): P[] | null {
  const a = Math.max(r.u0, WEST[0]);
  const b = Math.min(r.u1, EAST[0]);
  if (a >= b) return null;
  const us = new Set<number>([a, b]);
  for (const chain of [LOWER, UPPER]) {
    for (const p of chain) if (p[0] > a && p[0] < b) us.add(p[0]);
    for (const c of [r.v0, r.v1]) for (const x of chainCrossings(chain, c)) if (x > a && x < b) us.add(x);
  }
  const sorted = [...us].sort((x, y) => x - y);
  const snap = (x: number) => (Math.abs(x - r.v0) < EPS ? r.v0 : Math.abs(x - r.v1) < EPS ? r.v1 : x);
  const f = (u: number) => snap(Math.max(r.v0, lo(u)));
  const g = (u: number) => snap(Math.min(r.v1, hi(u)));
  const valid = sorted.filter((u) => f(u) <= g(u));
  if (valid.length < 2) return null;
  const first = sorted.indexOf(valid[0]);
  const last = sorted.indexOf(valid[valid.length - 1]);
  if (last - first + 1 !== valid.length) throw new Error('park ∩ rectangle is not connected');
  const ring: P[] = [...valid.map((u): P => [u, f(u)]), ...[...valid].reverse().map((u): P => [u, g(u)])];
  const cleaned = dedupe(ring);
  if (cleaned.length < 3 || planarArea(cleaned) <= 1) return null;
  return normaliseGridRing(cleaned);
}

function dedupe(ring: P[]): P[] {
  const out: P[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

const GRID_U = new Set(U_EDGES);
const GRID_V = new Set(V_EDGES);

/** Nodes on the grid line u = c: grid crossings and where the park boundary crosses it. */
function nodesOnU(c: number): number[] {
  const out = [...V_EDGES];
  if (c > WEST[0] && c < EAST[0]) out.push(lo(c), hi(c));
  return out;
}
/** Nodes on the grid line v = c. */
function nodesOnV(c: number): number[] {
  return [...U_EDGES, ...chainCrossings(LOWER, c), ...chainCrossings(UPPER, c)];
}

/** Drops collinear vertices inside axis-aligned runs, then inserts every grid node lying on a grid-line edge. */
function normaliseGridRing(ring: P[]): P[] {
  let pts = ring;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < pts.length; i++) {
      const p = pts[(i + pts.length - 1) % pts.length];
      const q = pts[i];
      const s = pts[(i + 1) % pts.length];
      if ((p[0] === q[0] && q[0] === s[0]) || (p[1] === q[1] && q[1] === s[1])) {
        pts = pts.filter((_, k) => k !== i);
        changed = true;
        break;
      }
    }
  }
  const out: P[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % pts.length];
    out.push(p);
    if (p[0] === q[0] && GRID_U.has(p[0])) {
      const inside = nodesOnU(p[0]).filter((v) => v > Math.min(p[1], q[1]) && v < Math.max(p[1], q[1]));
      inside.sort((x, y) => (q[1] > p[1] ? x - y : y - x));
      for (const v of inside) out.push([p[0], v]);
    } else if (p[1] === q[1] && GRID_V.has(p[1])) {
      const inside = nodesOnV(p[1]).filter((u) => u > Math.min(p[0], q[0]) && u < Math.max(p[0], q[0]));
      inside.sort((x, y) => (q[0] > p[0] ? x - y : y - x));
      for (const u of inside) out.push([u, p[1]]);
    }
  }
  return dedupe(out);
}

function rectRing(r: Rect): P[] {
  return normaliseGridRing([[r.u0, r.v0], [r.u1, r.v0], [r.u1, r.v1], [r.u0, r.v1]]);
}

// ---------------------------------------------------------------------------------------------------------
// Parcels: blocks between roads, split into parcels
// ---------------------------------------------------------------------------------------------------------

interface CellSpec {
  use: LandUse;
  name?: string;
  enterprise?: string;
  facility?: string;
}

type BlockSpec =
  | { kind: 'mix'; nu: number; nv: number; uf?: number[]; vf?: number[]; cells: CellSpec[] }
  | { kind: 'reserved'; why: string }
  | { kind: 'merge'; with: [number, number]; cell: CellSpec }
  | { kind: 'skip' };

const key = (i: number, j: number) => `${i},${j}`;

const BLOCKS: Record<string, BlockSpec> = {
  // 综合服务区 around the centre
  '3,3': { kind: 'mix', nu: 2, nv: 2, cells: [
    { use: 'residential', name: '汝河新村安置社区一期', enterprise: '汝河产业集聚区管委会' },
    { use: 'residential', name: '汝河新村安置社区二期', enterprise: '汝河产业集聚区管委会' },
    { use: 'residential', name: '滨河花园', enterprise: '汝河置业有限公司' },
    { use: 'public', name: '汝河社区服务中心', enterprise: '汝河产业集聚区管委会' },
  ] },
  '3,4': { kind: 'mix', nu: 2, nv: 2, cells: [
    { use: 'public', name: '汝河实验学校', enterprise: '汝河实验学校', facility: '学校' },
    { use: 'commercial', name: '汝河商业广场', enterprise: '汝河商业管理有限公司' },
    { use: 'commercial', name: '集聚区人才公寓及配套商业', enterprise: '汝河城市发展有限公司' },
    { use: 'public', name: '集聚区卫生院', enterprise: '汝河产业集聚区卫生院', facility: '卫生院' },
  ] },
  '4,4': { kind: 'mix', nu: 1, nv: 1, cells: [{ use: 'green', name: '汝河中央公园', enterprise: '汝河产业集聚区管委会' }] },
  '4,5': { kind: 'mix', nu: 3, nv: 1, cells: [
    { use: 'public', name: '集聚区管委会办公楼', enterprise: '汝河产业集聚区管委会' },
    { use: 'commercial', name: '汝河宾馆', enterprise: '汝河宾馆有限公司' },
    { use: 'commercial', name: '企业服务中心', enterprise: '汝河城市发展有限公司' },
  ] },
  '3,5': { kind: 'mix', nu: 1, nv: 3, vf: [0, 0.44, 0.56, 1], cells: [
    { use: 'industrial' },
    { use: 'green', name: '工业区防护绿带', enterprise: '汝河产业集聚区管委会' },
    { use: 'commercial', name: '汝河汽车服务中心', enterprise: '汝河汽车服务有限公司' },
  ] },
  '5,4': { kind: 'mix', nu: 2, nv: 1, uf: [0, 0.45, 1], cells: [
    { use: 'road', name: '集聚区公交枢纽站', enterprise: '汝河公共交通有限公司', facility: '公交首末站' },
    { use: 'commercial', name: '汝河物流信息中心', enterprise: '汝河城市发展有限公司' },
  ] },
  '2,6': { kind: 'mix', nu: 2, nv: 1, cells: [
    { use: 'residential', name: '李楼安置社区', enterprise: '汝河产业集聚区管委会' },
    { use: 'public', name: '李楼小学', enterprise: '李楼小学', facility: '学校' },
  ] },
  '1,6': { kind: 'mix', nu: 2, nv: 2, cells: [
    { use: 'other', name: '李楼村集体经济留用地', enterprise: '李楼村股份经济合作社' },
    { use: 'industrial' }, { use: 'industrial' }, { use: 'industrial' },
  ] },
  // utilities
  '6,0': { kind: 'mix', nu: 2, nv: 1, cells: [
    { use: 'public', name: '汝河污水处理厂', enterprise: '汝河水务有限公司', facility: '污水处理厂' },
    { use: 'industrial' },
  ] },
  '2,3': { kind: 'mix', nu: 2, nv: 2, uf: [0, 0.62, 1], vf: [0, 0.5, 1], cells: [
    { use: 'industrial' },
    { use: 'public', name: '110kV汝河变电站', enterprise: '国网汝河供电公司', facility: '变电站' },
    { use: 'industrial' }, { use: 'industrial' },
  ] },
  '5,3': { kind: 'mix', nu: 2, nv: 2, uf: [0, 0.4, 1], cells: [
    { use: 'public', name: '集聚区消防站', enterprise: '汝河消防救援大队', facility: '消防站' },
    { use: 'industrial' }, { use: 'industrial' }, { use: 'industrial' },
  ] },
  // logistics
  '1,1': { kind: 'mix', nu: 2, nv: 1, cells: [{ use: 'warehouse' }, { use: 'warehouse' }] },
  '5,1': { kind: 'mix', nu: 3, nv: 1, cells: [{ use: 'warehouse' }, { use: 'warehouse' }, { use: 'warehouse' }] },
  '6,1': { kind: 'mix', nu: 2, nv: 2, cells: [{ use: 'warehouse' }, { use: 'industrial' }, { use: 'warehouse' }, { use: 'industrial' }] },
  // two large projects (≥ 300 亩), each over two blocks and the road between them
  '1,4': { kind: 'merge', with: [2, 4], cell: { use: 'industrial' } },
  '2,4': { kind: 'skip' },
  '6,4': { kind: 'merge', with: [6, 5], cell: { use: 'industrial' } },
  '6,5': { kind: 'skip' },
  // villages and cleared land
  '2,0': { kind: 'reserved', why: '李楼村旧址（已搬迁）' },
  '5,5': { kind: 'reserved', why: '王庄村旧址（已搬迁）' },
  '6,3': { kind: 'reserved', why: '张湾村（搬迁中）' },
  '7,6': { kind: 'reserved', why: '刘营村（搬迁中）' },
  // control zone: only the old chemical plant in the river corridor
  '8,4': { kind: 'mix', nu: 1, nv: 1, cells: [{ use: 'industrial', enterprise: '汝河精细化工有限公司' }] },
};

interface Parcel {
  id: string;
  block: string;
  zone: ZoneType;
  local: P[];
  ring: P[]; // lon/lat, open
  areaM2: number;
  spec: CellSpec;
  outside: boolean;
  large: boolean;
}

function fractions(n: number, rng: Rng): number[] {
  if (n === 1) return [0, 1];
  const out = [0];
  for (let k = 1; k < n; k++) out.push(k / n + rng.range(-0.07, 0.07));
  out.push(1);
  return out;
}

/** Splits a block into nu × nv convex cells (row-major from the south-west); the north–south cuts lean a little. */
function splitBlock(r: Rect, nu: number, nv: number, rng: Rng, uf?: number[], vf?: number[]): { ring: P[]; corner: boolean }[] {
  const fu = uf ?? fractions(nu, rng);
  const fv = vf ?? fractions(nv, rng);
  const w = r.u1 - r.u0;
  const h = r.v1 - r.v0;
  const lines: ((v: number) => number)[] = fu.map((t, k) => {
    if (k === 0) return () => r.u0;
    if (k === nu) return () => r.u1;
    const ub = r.u0 + w * t + rng.range(-14, 14);
    const ut = r.u0 + w * t + rng.range(-14, 14);
    return (v: number) => ub + ((ut - ub) * (v - r.v0)) / h;
  });
  const hs = fv.map((t, k) => (k === 0 ? r.v0 : k === nv ? r.v1 : r.v0 + h * t));
  const cells: { ring: P[]; corner: boolean }[] = [];
  for (let b = 0; b < nv; b++) {
    for (let a = 0; a < nu; a++) {
      const ring: P[] = [
        [lines[a](hs[b]), hs[b]], [lines[a + 1](hs[b]), hs[b]],
        [lines[a + 1](hs[b + 1]), hs[b + 1]], [lines[a](hs[b + 1]), hs[b + 1]],
      ];
      // chamfer the corners that face a road crossing
      const corners: [number, boolean][] = [
        [0, a === 0 && b === 0], [1, a === nu - 1 && b === 0], [2, a === nu - 1 && b === nv - 1], [3, a === 0 && b === nv - 1],
      ];
      const out: P[] = [];
      let chamfered = false;
      for (const [k, isCorner] of corners) {
        const c = ring[k];
        if (isCorner && rng.chance(0.35)) {
          const d = rng.range(8, 18);
          const prev = ring[(k + 3) % 4];
          const next = ring[(k + 1) % 4];
          const toward = (t: P): P => {
            const len = Math.hypot(t[0] - c[0], t[1] - c[1]);
            return [c[0] + ((t[0] - c[0]) * d) / len, c[1] + ((t[1] - c[1]) * d) / len];
          };
          out.push(toward(prev), toward(next));
          chamfered = true;
        } else {
          out.push(c);
        }
      }
      cells.push({ ring: out, corner: chamfered });
    }
  }
  return cells;
}

/** Vertical extent of a convex ring at u. */
function extentAt(ring: readonly P[], u: number): [number, number] | null {
  const vs: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const [pu, pv] = ring[i];
    const [qu, qv] = ring[(i + 1) % ring.length];
    if (pu === qu) {
      if (pu === u) vs.push(pv, qv);
    } else if ((u - pu) * (u - qu) <= 0) {
      vs.push(pv + ((u - pu) * (qv - pv)) / (qu - pu));
    }
  }
  return vs.length ? [Math.min(...vs), Math.max(...vs)] : null;
}

/** True when a convex ring lies inside the park with at least `margin` metres to the boundary (north–south). */
function fitsInPark(ring: readonly P[], margin: number): boolean {
  const umin = Math.min(...ring.map((p) => p[0]));
  const umax = Math.max(...ring.map((p) => p[0]));
  if (umin < WEST[0] + margin || umax > EAST[0] - margin) return false;
  const us = [...ring.map((p) => p[0]), ...PARK_RING.map((p) => p[0]).filter((u) => u > umin && u < umax)];
  return us.every((u) => {
    const e = extentAt(ring, u);
    return e !== null && e[0] >= lo(u) + margin && e[1] <= hi(u) - margin;
  });
}

/** Share of a convex ring's (planar) area inside the park, by integration along u. */
function insideShare(ring: readonly P[]): number {
  const umin = Math.min(...ring.map((p) => p[0]));
  const umax = Math.max(...ring.map((p) => p[0]));
  let all = 0;
  let inside = 0;
  const n = 400;
  for (let k = 0; k < n; k++) {
    const u = umin + ((k + 0.5) * (umax - umin)) / n;
    const e = extentAt(ring, u);
    if (!e) continue;
    all += e[1] - e[0];
    if (u > WEST[0] && u < EAST[0]) inside += Math.max(0, Math.min(e[1], hi(u)) - Math.max(e[0], lo(u)));
  }
  return inside / all;
}

function buildParcels(): { parcels: Parcel[]; reserved: Map<string, string> } {
  const rng = new Rng('parcel-geometry');
  type Draft = { block: string; i: number; j: number; k: number; local: P[]; spec: CellSpec; large: boolean };
  const kept: Draft[] = [];
  const partial: (Draft & { share: number; side: string })[] = [];
  const reserved = new Map<string, string>();
  for (let i = 0; i < NCOL; i++) {
    for (let j = 0; j < NROW; j++) {
      const r = blockRect(i, j);
      const spec = BLOCKS[key(i, j)];
      const zone = zoneAt((r.u0 + r.u1) / 2, (r.v0 + r.v1) / 2);
      if (spec?.kind === 'skip') continue;
      if (spec?.kind === 'reserved') {
        reserved.set(key(i, j), spec.why);
        continue;
      }
      let cells: { ring: P[]; spec: CellSpec; large: boolean }[];
      if (spec?.kind === 'merge') {
        const o = blockRect(spec.with[0], spec.with[1]);
        const m: Rect = { u0: Math.min(r.u0, o.u0), u1: Math.max(r.u1, o.u1), v0: Math.min(r.v0, o.v0), v1: Math.max(r.v1, o.v1) };
        cells = [{ ring: [[m.u0, m.v0], [m.u1, m.v0], [m.u1, m.v1], [m.u0, m.v1]], spec: spec.cell, large: true }];
      } else if (spec?.kind === 'mix') {
        cells = splitBlock(r, spec.nu, spec.nv, rng, spec.uf, spec.vf).map((c, n) => ({ ring: c.ring, spec: spec.cells[n], large: false }));
      } else {
        if (zone === 'control') continue;
        const pattern = zone === 'built'
          ? rng.weighted<[number, number]>([[[2, 1], 2], [[1, 2], 1], [[2, 2], 4], [[3, 1], 2], [[3, 2], 3], [[4, 2], 1]])
          : rng.weighted<[number, number]>([[[1, 1], 1], [[2, 1], 2], [[1, 2], 2], [[2, 2], 4], [[3, 1], 2], [[3, 2], 3]]);
        cells = splitBlock(r, pattern[0], pattern[1], rng).map((c) => ({ ring: c.ring, spec: { use: 'industrial' as LandUse }, large: false }));
      }
      cells.forEach((c, k) => {
        const d: Draft = { block: key(i, j), i, j, k, local: c.ring, spec: c.spec, large: c.large };
        if (fitsInPark(c.ring, 4)) kept.push(d);
        else {
          const share = insideShare(c.ring);
          const side = j === 0 ? 'south' : j === NROW - 1 ? 'north' : i === 0 && j >= 2 ? 'west' : 'other';
          if (share > 0.5 && share < 0.95 && c.spec.use === 'industrial') partial.push({ ...d, share, side });
        }
      });
    }
  }
  // two or three parcels that stick out of the park (DESIGN §6 type 5), one per side where possible
  const outside: Draft[] = [];
  for (const side of ['west', 'north', 'south']) {
    const c = partial.filter((p) => p.side === side).sort((x, y) => Math.abs(x.share - 0.8) - Math.abs(y.share - 0.8))[0];
    if (c) outside.push(c);
  }
  if (outside.length < 2) throw new Error('not enough parcels across the park boundary');
  const outsideSet = new Set(outside);
  const all = [...kept, ...outside].sort((x, y) => x.i - y.i || x.j - y.j || x.k - y.k);
  const parcels = all.map((d, n): Parcel => {
    const ring = d.local.map(toLonLat);
    const c = d.local.reduce((s, p) => [s[0] + p[0] / d.local.length, s[1] + p[1] / d.local.length], [0, 0]);
    return {
      id: `RH-${String(n + 1).padStart(3, '0')}`,
      block: d.block,
      zone: zoneAt(c[0], c[1]),
      local: d.local,
      ring,
      areaM2: polygonAreaM2([ring]),
      spec: d.spec,
      outside: outsideSet.has(d),
      large: d.large,
    };
  });
  return { parcels, reserved };
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, '0');
const isoToDays = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
function daysToIso(d: number): string {
  const t = new Date(d * DAY_MS);
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}
const addDays = (iso: string, n: number) => daysToIso(isoToDays(iso) + n);
function randomDate(rng: Rng, from: string, to: string): string {
  return daysToIso(rng.int(isoToDays(from), isoToDays(to)));
}

/** n-th anniversary; 29 February falls on the last day of February in common years (民法典 第二百零二条). */
function anniversary(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4)) + n;
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return `${y}-${pad2(m)}-${pad2(Math.min(d, dim))}`;
}

function wholeYears(since: string, until: string): number {
  if (until < since) return 0;
  let n = Number(until.slice(0, 4)) - Number(since.slice(0, 4));
  while (n > 0 && anniversary(since, n) > until) n--;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Parcel attributes
// ---------------------------------------------------------------------------------------------------------

/** Every parcel property of DESIGN §3 (ParcelProperties without its optional marks). */
type Attrs = {
  name: string | null; enterprise: string | null; landUse: LandUse; industry: string | null; industryCode: string | null;
  isLeadingIndustry: boolean | null; investmentWan: number | null; floorAreaM2: number | null; footprintAreaM2: number | null;
  greenAreaM2: number | null; supportLandM2: number | null; supportFloorAreaM2: number | null; revenueWan: number | null;
  taxWan: number | null; landPriceWan: number | null; agreedStartDate: string | null; actualStartDate: string | null;
  haltedSince: string | null; developedAreaM2: number | null; plannedInvestmentWan: number | null; investedWan: number | null;
  governmentCaused: boolean | null; park: string;
};
// Attrs must stay assignable to the schema's parcel properties.
const attrsFitSchema = (a: Attrs): ParcelProperties => a;
void attrsFitSchema;

interface IndustryDef { industry: string; code: string; leading: boolean; suffixes: string[]; products: string[] }

const EQUIP = '装备制造';
const FOOD = '食品加工';
const INDUSTRIES: IndustryDef[] = [
  { industry: EQUIP, code: '35', leading: true, suffixes: ['机械有限公司', '阀门有限公司', '轴承有限公司', '泵业有限公司'], products: ['年产{n}万套阀门', '年产{n}万套精密轴承', '年产{n}000台工业泵', '通用机械零部件'] },
  { industry: EQUIP, code: '36', leading: true, suffixes: ['农业装备有限公司', '环保设备有限公司', '食品机械有限公司', '矿山机械有限公司'], products: ['年产{n}00台农机装备', '年产{n}0台套环保设备', '食品机械生产线', '年产{n}0台矿山机械'] },
  { industry: EQUIP, code: '37', leading: true, suffixes: ['汽车零部件有限公司', '专用汽车有限公司', '车桥有限公司'], products: ['年产{n}万件汽车零部件', '年产{n}00辆专用车', '年产{n}万根车桥'] },
  { industry: EQUIP, code: '39', leading: true, suffixes: ['电气有限公司', '电缆有限公司', '电机有限公司', '开关有限公司'], products: ['年产{n}000千米电线电缆', '年产{n}万台电机', '智能开关设备', '年产{n}00台变压器'] },
  { industry: FOOD, code: '13', leading: true, suffixes: ['粮油有限公司', '面业有限公司', '肉类食品有限公司', '饲料有限公司'], products: ['年产{n}万吨面粉', '年产{n}万吨饲料', '年屠宰{n}万头生猪', '年加工{n}万吨花生油'] },
  { industry: FOOD, code: '14', leading: true, suffixes: ['食品有限公司', '调味品有限公司', '速冻食品有限公司', '乳业有限公司'], products: ['年产{n}万吨速冻食品', '年产{n}万吨调味品', '年产{n}万吨乳制品', '休闲食品'] },
  { industry: FOOD, code: '15', leading: true, suffixes: ['饮品有限公司', '酒业有限公司'], products: ['年产{n}万吨饮料', '年产{n}000吨白酒'] },
  { industry: '纺织业', code: '17', leading: false, suffixes: ['纺织有限公司', '棉纺有限公司'], products: ['{n}万纱锭纺纱', '年产{n}00万米坯布'] },
  { industry: '化学原料及化学制品制造业', code: '26', leading: false, suffixes: ['精细化工有限公司', '化工有限公司'], products: ['年产{n}万吨精细化学品', '年产{n}万吨水性涂料'] },
  { industry: '医药制造业', code: '27', leading: false, suffixes: ['药业有限公司', '生物制药有限公司'], products: ['中药饮片', '年产{n}亿片固体制剂'] },
  { industry: '塑料制品业', code: '30', leading: false, suffixes: ['塑业有限公司', '塑料制品有限公司'], products: ['年产{n}万吨塑料管材', '年产{n}万吨包装薄膜'] },
  { industry: '非金属矿物制品业', code: '31', leading: false, suffixes: ['新型建材有限公司', '玻璃制品有限公司'], products: ['年产{n}万立方米新型墙材', '年产{n}万吨玻璃制品'] },
  { industry: '金属制品业', code: '34', leading: false, suffixes: ['金属制品有限公司', '钢结构有限公司'], products: ['年产{n}万吨钢结构', '年产{n}万件五金制品'] },
  { industry: '通信设备、计算机及其他电子设备制造业', code: '40', leading: false, suffixes: ['电子科技有限公司', '光电有限公司'], products: ['年产{n}00万只电子元件', '年产{n}0万片LED模组'] },
];
const WAREHOUSE: IndustryDef = { industry: '仓储业', code: '58', leading: false, suffixes: ['物流有限公司', '仓储有限公司', '冷链物流有限公司'], products: ['物流园', '冷链仓储中心', '现代物流仓储'] };

/** 工业项目建设用地控制指标 (2008) 表2 plot-ratio minimum by GB/T 4754-2002 code (the codes used here). */
const PLOT_RATIO_MIN: Record<string, number> = {
  '13': 1.0, '14': 1.0, '15': 1.0, '17': 0.8, '26': 0.6, '27': 0.7, '30': 1.0, '31': 0.7, '34': 0.7, '35': 0.7,
  '36': 0.7, '37': 0.7, '39': 0.7, '40': 1.0,
};

const FIRM_WORDS = [
  '汝河', '天中', '豫南', '汝宁', '嵖峰', '铜峰', '宏基', '瑞丰', '华晟', '金岭', '鼎盛', '恒通', '盛源', '聚鑫', '永泰',
  '康达', '润丰', '德隆', '新科', '远航', '晨光', '同创', '博远', '铭泰', '佳禾', '绿源', '丰瑞', '万顺', '昌隆', '华泽',
  '昊天', '顺驰', '中岳', '驿城', '沙河', '洪汝', '亿达', '正弘', '锦程', '泰和', '安兴', '东源', '北辰', '利民', '众诚',
];

const usedNames = new Set<string>();
function firmName(rng: Rng, def: IndustryDef): string {
  for (let attempt = 0; ; attempt++) {
    const word = rng.pick(FIRM_WORDS);
    const name = `${attempt > 30 || rng.chance(0.3) ? '河南' : ''}${word}${rng.pick(def.suffixes)}`;
    if (!usedNames.has(name)) {
      usedNames.add(name);
      return name;
    }
  }
}

function projectName(rng: Rng, def: IndustryDef, enterprise: string): string {
  const short = enterprise.replace(/^河南/, '').slice(0, 2);
  const product = rng.pick(def.products).replace('{n}', String(rng.int(2, 30)));
  return `${short}${product}项目`;
}

interface Profile {
  intensity: [number, number]; plot: [number, number]; coverage: [number, number]; green: [number, number];
  supportLand: [number, number]; supportFloor: [number, number]; revenue: [number, number]; tax: [number, number];
  price: [number, number];
}

const PROFILES: Record<LandUse, Profile> = {
  industrial: { intensity: [270, 620], plot: [1.1, 1.75], coverage: [0.38, 0.62], green: [0.06, 0.17], supportLand: [0.02, 0.058], supportFloor: [0.04, 0.125], revenue: [260, 950], tax: [8, 42], price: [14, 22] },
  warehouse: { intensity: [120, 220], plot: [0.6, 1.0], coverage: [0.45, 0.6], green: [0.08, 0.15], supportLand: [0.03, 0.06], supportFloor: [0.05, 0.12], revenue: [80, 200], tax: [3, 10], price: [14, 20] },
  commercial: { intensity: [400, 900], plot: [2.0, 3.5], coverage: [0.3, 0.45], green: [0.2, 0.3], supportLand: [0.05, 0.1], supportFloor: [0.05, 0.1], revenue: [200, 600], tax: [15, 40], price: [60, 120] },
  residential: { intensity: [300, 600], plot: [1.8, 2.6], coverage: [0.2, 0.28], green: [0.3, 0.36], supportLand: [0.04, 0.08], supportFloor: [0.03, 0.06], revenue: [0, 0], tax: [0, 0], price: [20, 40] },
  public: { intensity: [150, 350], plot: [0.5, 1.2], coverage: [0.2, 0.35], green: [0.3, 0.4], supportLand: [0.05, 0.1], supportFloor: [0.05, 0.1], revenue: [0, 0], tax: [0, 0], price: [10, 20] },
  green: { intensity: [10, 25], plot: [0.005, 0.01], coverage: [0.01, 0.02], green: [0.75, 0.9], supportLand: [0.005, 0.01], supportFloor: [0.2, 0.5], revenue: [0, 0], tax: [0, 0], price: [5, 10] },
  road: { intensity: [100, 200], plot: [0.15, 0.3], coverage: [0.1, 0.2], green: [0.12, 0.18], supportLand: [0.05, 0.08], supportFloor: [0.1, 0.2], revenue: [5, 20], tax: [0.5, 2], price: [10, 20] },
  other: { intensity: [80, 150], plot: [0.5, 0.8], coverage: [0.3, 0.5], green: [0.05, 0.1], supportLand: [0.04, 0.06], supportFloor: [0.08, 0.12], revenue: [50, 100], tax: [1, 3], price: [8, 15] },
};

const DEFAULT_NAMES: Partial<Record<LandUse, string>> = { commercial: '商业服务设施', residential: '安置社区', public: '公共服务设施', green: '公园绿地' };

function baseAttrs(p: Parcel, rng: Rng, industryRng: Rng): Attrs {
  const use = p.spec.use;
  const prof = PROFILES[use];
  const A = p.areaM2;
  const mu = A * 0.0015;
  let def: IndustryDef | null = null;
  if (use === 'industrial') {
    if (p.spec.enterprise?.includes('化工')) def = INDUSTRIES.find((d) => d.code === '26')!;
    else {
      const group = p.large ? 'equip' : industryRng.weighted([['equip', 52], ['food', 31], ['other', 17]] as const);
      const pool = INDUSTRIES.filter((d) => (group === 'equip' ? d.industry === EQUIP : group === 'food' ? d.industry === FOOD : !d.leading));
      def = industryRng.pick(pool);
    }
  } else if (use === 'warehouse') def = WAREHOUSE;
  const enterprise = p.spec.enterprise ?? (def ? firmName(rng, def) : `汝河${DEFAULT_NAMES[use] ?? ''}`);
  const name = p.spec.name ?? (def ? projectName(rng, def, enterprise) : DEFAULT_NAMES[use] ?? '');
  const prMin = def ? Math.max(1.0, PLOT_RATIO_MIN[def.code] ?? 1.0) : 1;
  const plot = (use === 'industrial' ? prMin : 1) * rng.range(...prof.plot);
  const floor = Math.round(plot * A);
  const investment = r2(rng.range(...prof.intensity) * mu);
  const built = p.zone === 'built';
  const agreed = built ? randomDate(rng, '2009-03-01', '2019-12-31') : randomDate(rng, '2015-06-01', '2024-06-30');
  return {
    name,
    enterprise,
    landUse: use,
    industry: def?.industry ?? null,
    industryCode: def?.code ?? null,
    isLeadingIndustry: def ? def.leading : false,
    investmentWan: investment,
    floorAreaM2: floor,
    footprintAreaM2: Math.round(rng.range(...prof.coverage) * A),
    greenAreaM2: Math.round(rng.range(...prof.green) * A),
    supportLandM2: Math.round(rng.range(...prof.supportLand) * A),
    supportFloorAreaM2: Math.round(rng.range(...prof.supportFloor) * floor),
    revenueWan: r2(rng.range(...prof.revenue) * mu),
    taxWan: r2(rng.range(...prof.tax) * mu),
    landPriceWan: r2(rng.range(...prof.price) * (built ? 0.85 : 1) * mu),
    agreedStartDate: agreed,
    actualStartDate: addDays(agreed, rng.int(0, 240)),
    haltedSince: null,
    developedAreaM2: Math.round(rng.range(0.82, 0.98) * A),
    plannedInvestmentWan: investment,
    investedWan: investment,
    governmentCaused: false,
    park: PARK_ID,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Intentional cases
// ---------------------------------------------------------------------------------------------------------

export type RuleName = 'investmentIntensity' | 'plotRatio' | 'buildingCoverage' | 'greenRatio' | 'supportLandShare' | 'supportFloorShare' | 'largeProject';

interface CaseDef {
  key: string;
  pool: 'built' | 'development' | 'any';
  note: string;
  apply: (a: Attrs, p: Parcel) => void;
}

const setIntensity = (a: Attrs, p: Parcel, perMu: number) => {
  a.investmentWan = r2(perMu * p.areaM2 * 0.0015);
  a.plannedInvestmentWan = a.investmentWan;
  a.investedWan = a.investmentWan;
};
const setPlot = (a: Attrs, p: Parcel, ratio: number, code: string | null) => {
  if (code !== null) {
    const def = INDUSTRIES.find((d) => d.code === code)!;
    a.industry = def.industry;
    a.isLeadingIndustry = def.leading;
  }
  a.industryCode = code;
  const share = (a.supportFloorAreaM2 as number) / (a.floorAreaM2 as number);
  a.floorAreaM2 = Math.round(ratio * p.areaM2);
  a.supportFloorAreaM2 = Math.round(share * a.floorAreaM2);
  a.footprintAreaM2 = Math.min(a.footprintAreaM2 as number, Math.round(0.95 * a.floorAreaM2));
};
/** Not started by the review date: contract values stay; nothing built, nothing produced. */
const notStarted = (a: Attrs, p: Parcel, agreed: string | null, actual: string | null = null) => {
  a.agreedStartDate = agreed;
  a.actualStartDate = actual;
  a.haltedSince = null;
  a.developedAreaM2 = 0;
  a.investedWan = a.landPriceWan === null ? null : a.landPriceWan; // only the land price paid
  a.revenueWan = 0;
  a.taxWan = 0;
  void p;
};
/** Started, then halted: developed and invested shares as given (null = unknown). */
const halted = (a: Attrs, p: Parcel, actual: string, since: string, developed: number | null, invested: number | null) => {
  a.agreedStartDate = addDays(actual, -90);
  a.actualStartDate = actual;
  a.haltedSince = since;
  a.developedAreaM2 = developed === null ? null : Math.round(developed * p.areaM2);
  a.investedWan = invested === null ? null : r2(invested * (a.plannedInvestmentWan as number));
  a.revenueWan = 0;
  a.taxWan = r2(0.4 * p.areaM2 * 0.0015);
};

const CASES: CaseDef[] = [
  // --- control indicators (DESIGN §5), each failing alone ---
  { key: 'R1', pool: 'built', note: '投资强度 185 万元/亩 < 230', apply: (a, p) => setIntensity(a, p, 185) },
  { key: 'R2', pool: 'built', note: '投资强度 208 万元/亩 < 230', apply: (a, p) => setIntensity(a, p, 208) },
  { key: 'R3', pool: 'built', note: '容积率 0.55, 行业 36 (表2 ≥ 0.7)', apply: (a, p) => setPlot(a, p, 0.55, '36') },
  { key: 'R4', pool: 'built', note: '容积率 0.82, 无行业代码 (> 1.0)', apply: (a, p) => setPlot(a, p, 0.82, null) },
  { key: 'R5', pool: 'built', note: '容积率 = 1.00 (×(1−2e-6)), 无行业代码: 大于1.0 才合格', apply: (a, p) => {
    setPlot(a, p, 1.2, null);
    a.floorAreaM2 = Math.floor(p.areaM2 * (1 - 2e-6) * 100) / 100;
    a.supportFloorAreaM2 = Math.round(0.08 * a.floorAreaM2);
  } },
  { key: 'R6', pool: 'built', note: '容积率 0.94, 行业 14 (表2 ≥ 1.0)', apply: (a, p) => setPlot(a, p, 0.94, '14') },
  { key: 'R7', pool: 'built', note: '容积率 0.90, 行业 17 (表2 ≥ 0.8): 合格 (按种子 > 1.0 则不合格)', apply: (a, p) => setPlot(a, p, 0.9, '17') },
  { key: 'R8', pool: 'built', note: '建筑系数 0.22 < 0.30', apply: (a, p) => { a.footprintAreaM2 = Math.round(0.22 * p.areaM2); } },
  { key: 'R9', pool: 'built', note: '绿地率 0.27 > 0.20', apply: (a, p) => { a.greenAreaM2 = Math.round(0.27 * p.areaM2); } },
  { key: 'R10', pool: 'built', note: '行政办公及生活服务设施用地 0.105 > 0.07', apply: (a, p) => { a.supportLandM2 = Math.round(0.105 * p.areaM2); } },
  { key: 'R11', pool: 'built', note: 'supportLandM2 缺失, 按建筑面积比例分摊 0.12 > 0.07 (非生产建筑 0.12 ≤ 0.15 合格)', apply: (a) => {
    a.supportLandM2 = null;
    a.supportFloorAreaM2 = Math.round(0.12 * (a.floorAreaM2 as number));
  } },
  { key: 'R12', pool: 'built', note: 'supportLandM2 缺失, 按建筑面积比例分摊 0.05 ≤ 0.07 合格', apply: (a) => {
    a.supportLandM2 = null;
    a.supportFloorAreaM2 = Math.round(0.05 * (a.floorAreaM2 as number));
  } },
  { key: 'R13', pool: 'built', note: '非生产设施建筑面积 0.21 > 0.15', apply: (a) => { a.supportFloorAreaM2 = Math.round(0.21 * (a.floorAreaM2 as number)); } },
  { key: 'R14', pool: 'built', note: '老厂: 投资强度 150、建筑系数 0.24、绿地率 0.25 同时不合格', apply: (a, p) => {
    setIntensity(a, p, 150);
    a.footprintAreaM2 = Math.round(0.24 * p.areaM2);
    a.greenAreaM2 = Math.round(0.25 * p.areaM2);
  } },
  // --- idle land (DESIGN §5.2) at 2026-06-30 ---
  { key: 'I1', pool: 'development', note: '未动工, 约定 2025-03-18 → 闲置 1 年, 征收闲置费', apply: (a, p) => notStarted(a, p, '2025-03-18') },
  { key: 'I2', pool: 'development', note: '未动工, 约定 2024-08-05 → 闲置 1 年, 征收闲置费; 2026-08-05 满 2 年 (临近收回)', apply: (a, p) => notStarted(a, p, '2024-08-05') },
  { key: 'I3', pool: 'development', note: '未动工, 约定 2023-09-01 → 闲置 2 年, 无偿收回', apply: (a, p) => notStarted(a, p, '2023-09-01') },
  { key: 'I4', pool: 'development', note: '未动工, 约定 2024-06-30 → 审查日恰满 2 年 (周年日当天计满), 无偿收回', apply: (a, p) => notStarted(a, p, '2024-06-30') },
  { key: 'I5', pool: 'development', note: '未动工, 约定 2024-02-29 (闰日) → 周年日 2025-02-28、2026-02-28, 满 2 年, 无偿收回', apply: (a, p) => notStarted(a, p, '2024-02-29') },
  { key: 'I6', pool: 'development', note: '约定 2025-01-20, 实际开工 2026-09-01 在审查日之后 → 审查日未动工, 闲置 1 年, 征收闲置费', apply: (a, p) => notStarted(a, p, '2025-01-20', '2026-09-01') },
  { key: 'I7', pool: 'development', note: '未动工, 约定 2025-02-10, 地价缺失 → 闲置 1 年, 闲置费 null', apply: (a, p) => {
    a.landPriceWan = null;
    notStarted(a, p, '2025-02-10');
  } },
  { key: 'I8', pool: 'development', note: '未动工, 约定 2023-11-15, 政府原因 → 协商处置', apply: (a, p) => {
    notStarted(a, p, '2023-11-15');
    a.governmentCaused = true;
  } },
  { key: 'I9', pool: 'any', note: '停工 2025-04-20 起, 开发面积 18% < 1/3 (投资 55%) → 闲置 1 年, 征收闲置费', apply: (a, p) => halted(a, p, '2022-04-10', '2025-04-20', 0.18, 0.55) },
  { key: 'I10', pool: 'any', note: '停工 2024-03-01 起, 投资 14% < 25% (开发 52%) → 闲置 2 年, 无偿收回', apply: (a, p) => halted(a, p, '2020-10-08', '2024-03-01', 0.52, 0.14) },
  { key: 'I11', pool: 'any', note: '停工 2025-06-30 起 → 审查日恰满 1 年, 开发 25%、投资 20%, 征收闲置费', apply: (a, p) => halted(a, p, '2023-05-01', '2025-06-30', 0.25, 0.2) },
  { key: 'I12', pool: 'any', note: '停工 2024-12-01 起, 开发 20%, 政府原因 → 协商处置', apply: (a, p) => {
    halted(a, p, '2021-08-01', '2024-12-01', 0.2, 0.4);
    a.governmentCaused = true;
  } },
  { key: 'I13', pool: 'any', note: '停工 2024-05-01 起, 但开发 62%、投资 71% → 不构成闲置', apply: (a, p) => halted(a, p, '2019-07-15', '2024-05-01', 0.62, 0.71) },
  { key: 'I14', pool: 'any', note: '停工 2024-09-15 起, 开发面积缺失、投资 50% → 无法判定 (isIdle null)', apply: (a, p) => halted(a, p, '2021-03-20', '2024-09-15', null, 0.5) },
  { key: 'I15', pool: 'development', note: '未动工, 约定 2025-08-20 → 未满 1 年, 2026-08-20 满 1 年 (临近, 51 天)', apply: (a, p) => notStarted(a, p, '2025-08-20') },
  { key: 'I16', pool: 'any', note: '停工 2025-09-10 起, 开发 15% → 未满 1 年, 2026-09-10 满 1 年 (临近, 72 天)', apply: (a, p) => halted(a, p, '2024-03-01', '2025-09-10', 0.15, 0.3) },
  { key: 'I17', pool: 'development', note: '未动工, 约定 2026-01-15 → 未满 1 年, 满 1 年在 2027-01-15 (不在 90 天内)', apply: (a, p) => notStarted(a, p, '2026-01-15') },
  { key: 'I18', pool: 'development', note: '未动工, 约定 2026-10-01 在审查日之后 → 0 年, 不闲置', apply: (a, p) => notStarted(a, p, '2026-10-01') },
  { key: 'I19', pool: 'development', note: '约定开工日期缺失、未动工 → 无法判定 (isIdle null)', apply: (a, p) => {
    notStarted(a, p, null);
    a.governmentCaused = null;
  } },
  { key: 'I20', pool: 'development', note: '约定开工日期缺失、未动工 → 无法判定 (isIdle null)', apply: (a, p) => {
    notStarted(a, p, null);
    a.governmentCaused = null;
  } },
  { key: 'I21', pool: 'any', note: '停工日期 2026-08-01 在审查日之后 → 审查日未停工, 不闲置', apply: (a, p) => {
    halted(a, p, '2022-02-14', '2026-08-01', 0.3, 0.2);
    a.revenueWan = r2(300 * p.areaM2 * 0.0015);
    a.taxWan = r2(12 * p.areaM2 * 0.0015);
  } },
  { key: 'I22', pool: 'any', note: '约定开工日期缺失但已于 2018-05-06 开工 → 不闲置 (已开工无需约定日期)', apply: (a) => {
    a.agreedStartDate = null;
    a.actualStartDate = '2018-05-06';
  } },
  // --- missing numbers (null, never 0) ---
  { key: 'M1', pool: 'any', note: '投资额缺失 → 投资强度 null', apply: (a) => { a.investmentWan = null; } },
  { key: 'M2', pool: 'any', note: '投资额缺失 → 投资强度 null', apply: (a) => { a.investmentWan = null; a.plannedInvestmentWan = null; } },
  { key: 'M3', pool: 'any', note: '建筑面积缺失 → 容积率、非生产建筑比重 null', apply: (a) => { a.floorAreaM2 = null; } },
  { key: 'M4', pool: 'any', note: '建筑面积、非生产建筑面积缺失', apply: (a) => { a.floorAreaM2 = null; a.supportFloorAreaM2 = null; } },
  { key: 'M5', pool: 'any', note: '建筑占地缺失 → 建筑系数 null', apply: (a) => { a.footprintAreaM2 = null; } },
  { key: 'M6', pool: 'any', note: '绿地面积缺失 → 绿地率 null', apply: (a) => { a.greenAreaM2 = null; } },
  { key: 'M7', pool: 'any', note: '非生产建筑面积缺失 → 非生产建筑比重 null (用地比重有实测值)', apply: (a) => { a.supportFloorAreaM2 = null; } },
  { key: 'M8', pool: 'any', note: '营业收入、税收缺失 → 亩均 null', apply: (a) => { a.revenueWan = null; a.taxWan = null; } },
  { key: 'M9', pool: 'any', note: '税收缺失 → 亩均税收 null', apply: (a) => { a.taxWan = null; } },
  { key: 'M10', pool: 'any', note: '地价缺失 (已开工, 不影响闲置判定)', apply: (a) => { a.landPriceWan = null; } },
];

/** Intended idle outcome per case: `isIdle/basis/disposal`. */
const IDLE_INTENDED: Record<string, string> = {
  I1: 'true/not_started/fee', I2: 'true/not_started/fee', I3: 'true/not_started/reclaim', I4: 'true/not_started/reclaim',
  I5: 'true/not_started/reclaim', I6: 'true/not_started/fee', I7: 'true/not_started/fee', I8: 'true/not_started/negotiate',
  I9: 'true/halted/fee', I10: 'true/halted/reclaim', I11: 'true/halted/fee', I12: 'true/halted/negotiate',
  I13: 'false/null/none', I14: 'null/null/null', I15: 'false/not_started/none', I16: 'false/halted/none',
  I17: 'false/not_started/none', I18: 'false/not_started/none', I19: 'null/null/null', I20: 'null/null/null',
  I21: 'false/null/none', I22: 'false/null/none',
};

// ---------------------------------------------------------------------------------------------------------
// Expected results (DESIGN §4–5), used to check the data against the intentions above
// ---------------------------------------------------------------------------------------------------------

const RULES = {
  investmentIntensity: 230, plotRatioSeed: 1.0, buildingCoverage: 0.3, greenRatio: 0.2, supportLandShare: 0.07,
  supportFloorShare: 0.15, largeProjectMu: 300,
};

const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export interface Expected {
  flags: RuleName[];
  idle: {
    isIdle: boolean | null; basis: 'not_started' | 'halted' | null; since: string | null; idleYears: number | null;
    idleOn: string | null; reclaimOn: string | null; disposal: 'none' | 'fee' | 'reclaim' | 'negotiate' | null; feeWan: number | null;
  };
}

/** The flags and idle outcome DESIGN §5 gives for a parcel; throws when a value sits within 3% of a threshold. */
function expectedFor(a: Attrs, areaM2: number, id: string, exactOk: boolean): Expected {
  const flags: RuleName[] = [];
  const mu = areaM2 * 0.0015;
  const near = (value: number, thr: number, what: string) => {
    if (Math.abs(value - thr) / thr < 0.03 && !exactOk) throw new Error(`${id}: ${what} ${value} within 3% of ${thr}`);
  };
  if (mu >= RULES.largeProjectMu) flags.push('largeProject');
  near(mu, RULES.largeProjectMu, 'area (亩)');
  if (a.landUse === 'industrial') {
    const intensity = div(a.investmentWan, mu);
    if (intensity !== null) {
      near(intensity, RULES.investmentIntensity, 'intensity');
      if (intensity < RULES.investmentIntensity) flags.push('investmentIntensity');
    }
    const plot = div(a.floorAreaM2, areaM2);
    if (plot !== null) {
      const code = a.industryCode;
      const tableMin = code !== null ? PLOT_RATIO_MIN[code] : undefined;
      const thr = tableMin ?? RULES.plotRatioSeed;
      near(plot, thr, 'plot ratio');
      if (tableMin !== undefined ? plot < tableMin : plot <= RULES.plotRatioSeed) flags.push('plotRatio');
    }
    const cov = div(a.footprintAreaM2, areaM2);
    if (cov !== null) {
      near(cov, RULES.buildingCoverage, 'coverage');
      if (cov < RULES.buildingCoverage) flags.push('buildingCoverage');
    }
    const green = div(a.greenAreaM2, areaM2);
    if (green !== null) {
      near(green, RULES.greenRatio, 'green ratio');
      if (green > RULES.greenRatio) flags.push('greenRatio');
    }
    const floorShare = div(a.supportFloorAreaM2, a.floorAreaM2);
    const landShare = a.supportLandM2 !== null ? div(a.supportLandM2, areaM2) : floorShare;
    if (landShare !== null) {
      near(landShare, RULES.supportLandShare, 'support land share');
      if (landShare > RULES.supportLandShare) flags.push('supportLandShare');
    }
    if (floorShare !== null) {
      near(floorShare, RULES.supportFloorShare, 'support floor share');
      if (floorShare > RULES.supportFloorShare) flags.push('supportFloorShare');
    }
  }
  return { flags, idle: idleFor(a, areaM2) };
}

function idleFor(a: Attrs, areaM2: number): Expected['idle'] {
  const R = REVIEW_DATE;
  const none: Expected['idle'] = { isIdle: false, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: 'none', feeWan: 0 };
  const unknown: Expected['idle'] = { isIdle: null, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: null, feeWan: null };
  const started = a.actualStartDate !== null && a.actualStartDate <= R;
  let basis: 'not_started' | 'halted';
  let since: string;
  if (!started) {
    if (a.agreedStartDate === null) return unknown;
    basis = 'not_started';
    since = a.agreedStartDate;
  } else if (a.haltedSince !== null && a.haltedSince <= R) {
    const dev = div(a.developedAreaM2, areaM2);
    const inv = div(a.investedWan, a.plannedInvestmentWan);
    const below = (dev !== null && dev < 1 / 3) || (inv !== null && inv < 0.25);
    if (!below) return dev !== null && inv !== null ? none : unknown;
    basis = 'halted';
    since = a.haltedSince;
  } else return none;
  const years = wholeYears(since, R);
  const idle = years >= 1;
  const disposal = !idle ? 'none' : a.governmentCaused === true ? 'negotiate' : years >= 2 ? 'reclaim' : 'fee';
  const feeWan = disposal === 'fee' ? (a.landPriceWan === null ? null : 0.2 * a.landPriceWan) : 0;
  return { isIdle: idle, basis, since, idleYears: years, idleOn: anniversary(since, 1), reclaimOn: anniversary(since, 2), disposal, feeWan };
}

// ---------------------------------------------------------------------------------------------------------
// Villages, plans
// ---------------------------------------------------------------------------------------------------------

interface VillageDef { id: string; village: string; status: RelocationStatus; targetYear: number; households: number; population: number; resettlementUnits: number; center: P; box: Rect }

function villageRing(v: VillageDef, rng: Rng): P[] {
  const n = 9;
  const out: P[] = [];
  for (let k = 0; k < n; k++) {
    const t = ((k + rng.range(-0.25, 0.25)) / n) * 2 * Math.PI;
    const [dx, dy] = [Math.cos(t), Math.sin(t)];
    // largest radius that stays inside the box, then a random share of it
    const rx = dx > 0 ? (v.box.u1 - v.center[0]) / dx : dx < 0 ? (v.box.u0 - v.center[0]) / dx : Infinity;
    const ry = dy > 0 ? (v.box.v1 - v.center[1]) / dy : dy < 0 ? (v.box.v0 - v.center[1]) / dy : Infinity;
    const rad = Math.min(rx, ry) * rng.range(0.72, 0.97);
    out.push([Math.round((v.center[0] + rad * dx) * 100) / 100, Math.round((v.center[1] + rad * dy) * 100) / 100]);
  }
  return out;
}

function inset(r: Rect, d: number): Rect {
  return { u0: r.u0 + d, u1: r.u1 - d, v0: r.v0 + d, v1: r.v1 - d };
}
const centre = (r: Rect): P => [(r.u0 + r.u1) / 2, (r.v0 + r.v1) / 2];

function villageDefs(): VillageDef[] {
  const b = (i: number, j: number) => inset(blockRect(i, j), 20);
  const liLou = { ...b(2, 0), v0: blockRect(2, 0).v0 + 40 };
  const houHu: Rect = { u0: 1990, u1: 2420, v0: -930, v1: -480 };
  return [
    { id: 'VIL-01', village: '王庄村', status: 'done', targetYear: 2019, households: 312, population: 1186, resettlementUnits: 398, center: centre(b(5, 5)), box: b(5, 5) },
    { id: 'VIL-02', village: '李楼村', status: 'done', targetYear: 2016, households: 226, population: 871, resettlementUnits: 290, center: centre(liLou), box: liLou },
    { id: 'VIL-03', village: '张湾村', status: 'in_progress', targetYear: 2026, households: 405, population: 1530, resettlementUnits: 520, center: centre(b(6, 3)), box: b(6, 3) },
    { id: 'VIL-04', village: '刘营村', status: 'in_progress', targetYear: 2027, households: 268, population: 1012, resettlementUnits: 336, center: centre(b(7, 6)), box: b(7, 6) },
    { id: 'VIL-05', village: '陈寨村', status: 'planned', targetYear: 2028, households: 350, population: 1342, resettlementUnits: 455, center: centre(b(7, 2)), box: b(7, 2) },
    { id: 'VIL-06', village: '后湖村', status: 'planned', targetYear: 2030, households: 190, population: 735, resettlementUnits: 240, center: centre(houHu), box: houHu },
  ];
}

const LAND_USE_CLASS: Record<LandUse, string> = { industrial: 'M', warehouse: 'W', commercial: 'B', residential: 'R', public: 'A', green: 'G', road: 'S', other: 'R' };
const GB_NAMES: Record<string, string> = { M: '工业用地', W: '物流仓储用地', R: '居住用地', A: '公共管理与公共服务用地', B: '商业服务业设施用地', S: '道路与交通设施用地', U: '公用设施用地', G: '绿地与广场用地', E: '非建设用地' };
/** Park master plan classes fixed by hand (utilities, planned expansion). */
const PARK_PLAN_OVERRIDE: Record<string, string> = { '3,4': 'A', '6,0': 'U', '7,0': 'U', '5,4': 'S', '7,3': 'M', '7,4': 'M', '2,0': 'M', '5,5': 'M', '6,3': 'M', '7,6': 'M' };
/** City master plan where it differs from the park plan: the first three are M in the park plan (landuse_mismatch). */
const URBAN_OVERRIDE: Record<string, string> = { '1,2': 'R', '6,6': 'B', '7,7': 'G', '3,3': 'B' };

function parkPlanClasses(parcels: Parcel[]): Map<string, string> {
  const byCell = new Map<string, Map<string, number>>();
  for (const p of parcels) {
    const c = LAND_USE_CLASS[p.spec.use];
    // a merged parcel belongs to both its cells
    const cells = p.large ? [p.block, key(...(BLOCKS[p.block] as { with: [number, number] }).with)] : [p.block];
    for (const cell of cells) {
      const m = byCell.get(cell) ?? new Map<string, number>();
      m.set(c, (m.get(c) ?? 0) + p.areaM2);
      byCell.set(cell, m);
    }
  }
  const out = new Map<string, string>();
  for (let i = 0; i < NCOL; i++) {
    for (let j = 0; j < NROW; j++) {
      const k = key(i, j);
      const r: Rect = { u0: U_EDGES[i], u1: U_EDGES[i + 1], v0: V_EDGES[j], v1: V_EDGES[j + 1] };
      if (!clipParkToRect(r)) continue;
      const [cu, cv] = centre(blockRect(i, j));
      let cls: string;
      if (PARK_PLAN_OVERRIDE[k]) cls = PARK_PLAN_OVERRIDE[k];
      else if (byCell.has(k)) cls = [...byCell.get(k)!.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
      else if (i >= 8 || zoneAt(Math.max(Math.min(cu, EAST[0] - 1), WEST[0] + 1), cv) === 'control') cls = 'E';
      else cls = 'G';
      out.set(k, cls);
    }
  }
  return out;
}

/** Vertical runs of equal class in each grid column, as rectangles [u0,u1]×[va,vb]. */
function columnRuns(classOf: (i: number, j: number) => string | null): { i: number; j0: number; j1: number; cls: string }[] {
  const runs: { i: number; j0: number; j1: number; cls: string }[] = [];
  for (let i = 0; i < NCOL; i++) {
    let j = 0;
    while (j < NROW) {
      const cls = classOf(i, j);
      if (cls === null) {
        j++;
        continue;
      }
      let j1 = j;
      while (j1 + 1 < NROW && classOf(i, j1 + 1) === cls) j1++;
      runs.push({ i, j0: j, j1, cls });
      j = j1 + 1;
    }
  }
  return runs;
}

/** A v-monotone polyline from v=-2000 to v=2000. */
type Cut = P[];
function strip(left: Cut, right: Cut): P[] {
  return [...right, ...[...left].reverse()];
}

const RIVER: P[] = [[1850, -2000], [1900, -1500], [1820, -1000], [1950, -500], [1880, 0], [1990, 500], [1900, 1000], [1960, 1500], [1880, 2000]];
const shift = (line: P[], du: number): P[] => line.map(([u, v]) => [u + du, v]);
const CUT_PERMITTED: Cut = [[860, -2000], [860, -700], [900, -380], [930, 360], [1230, 450], [1230, 900], [1000, 1000], [1000, 2000]];
const CUT_FARMLAND: Cut = [[1320, -2000], [1320, -700], [1050, -620], [980, -350], [1040, -100], [1330, -60], [1720, -20], [1720, 370], [1340, 420], [1300, 1000], [1100, 1150], [1150, 1700], [1320, 2000]];
const RESTRICTED: P[] = [[120, -560], [380, -620], [520, -420], [470, -160], [230, -120], [90, -330]];
const ECO_WEST: Cut = [[1680, -2000], [1730, -1500], [1650, -1000], [1780, -500], [1710, 0], [1560, 60], [1440, 180], [1500, 300], [1780, 400], [1820, 500], [1730, 1000], [1790, 1500], [1710, 2000]];

// ---------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------

interface OutFeature { id: string; properties: Record<string, unknown>; rings: P[][] | P[][][] }

const J = (x: unknown) => JSON.stringify(x);
const coord = ([x, y]: P) => `[${x.toFixed(7)},${y.toFixed(7)}]`;
const ringText = (r: P[]) => `[${[...r, r[0]].map(coord).join(',')}]`;

function featureText(f: OutFeature): string {
  const multi = Array.isArray(f.rings[0]?.[0]?.[0]);
  const coords = multi
    ? `[${(f.rings as P[][][]).map((poly) => `[${poly.map(ringText).join(',')}]`).join(',')}]`
    : `[${(f.rings as P[][]).map(ringText).join(',')}]`;
  const props = { id: f.id, ...f.properties };
  return `{"type":"Feature","id":${J(f.id)},"properties":${J(props)},"geometry":{"type":"${multi ? 'MultiPolygon' : 'Polygon'}","coordinates":${coords}}}`;
}

function collection(kind: string, name: string, features: OutFeature[]): string {
  return `{"type":"FeatureCollection","kind":${J(kind)},"name":${J(name)},"features":[\n${features.map(featureText).join(',\n')}\n]}\n`;
}

const lonlat = (ring: P[]) => ring.map(toLonLat);

export interface SampleCase { id: string; key: string; note: string; zone: ZoneType; areaMu: number; expected: Expected }

export interface Sample {
  files: Record<string, string>;
  cases: SampleCase[];
  summary: Record<string, unknown>;
}

function build(): Sample {
  usedNames.clear();
  const { parcels, reserved } = buildParcels();

  // ---- parcel attributes and cases ----
  const attrs = new Map<string, Attrs>();
  const industryRng = new Rng('industry');
  for (const p of parcels) attrs.set(p.id, baseAttrs(p, new Rng(`attrs:${p.id}`), industryRng));
  const eligible = parcels.filter((p) => p.spec.use === 'industrial' && !p.large && !p.outside && p.zone !== 'control' && !p.spec.enterprise);
  const roleRng = new Rng('roles');
  const pools: Record<CaseDef['pool'], Parcel[]> = {
    built: roleRng.shuffle(eligible.filter((p) => p.zone === 'built')),
    development: roleRng.shuffle(eligible.filter((p) => p.zone === 'development')),
    any: [],
  };
  const taken = new Set<string>();
  const caseOf = new Map<string, CaseDef>();
  for (const c of CASES) {
    let pool = c.pool === 'any' ? roleRng.shuffle(eligible) : pools[c.pool];
    let p = pool.find((x) => !taken.has(x.id));
    if (!p) pool = eligible;
    p = p ?? pool.find((x) => !taken.has(x.id));
    if (!p) throw new Error(`no parcel left for case ${c.key}`);
    taken.add(p.id);
    caseOf.set(p.id, c);
    c.apply(attrs.get(p.id)!, p);
  }

  // ---- check every parcel against the intentions ----
  const cases: SampleCase[] = [];
  for (const p of parcels) {
    const a = attrs.get(p.id)!;
    const c = caseOf.get(p.id);
    const e = expectedFor(a, p.areaM2, p.id, c?.key === 'R5');
    const intended: Record<string, RuleName[]> = {
      R1: ['investmentIntensity'], R2: ['investmentIntensity'], R3: ['plotRatio'], R4: ['plotRatio'], R5: ['plotRatio'],
      R6: ['plotRatio'], R8: ['buildingCoverage'], R9: ['greenRatio'], R10: ['supportLandShare'], R11: ['supportLandShare'],
      R13: ['supportFloorShare'], R14: ['investmentIntensity', 'buildingCoverage', 'greenRatio'],
    };
    const want = [...(c ? intended[c.key] ?? [] : []), ...(p.large ? ['largeProject' as RuleName] : [])].sort();
    if (J([...e.flags].sort()) !== J(want)) throw new Error(`${p.id} (${c?.key ?? 'normal'}): flags ${J(e.flags)}, intended ${J(want)}`);
    const idleGot = `${e.idle.isIdle}/${e.idle.basis}/${e.idle.disposal}`;
    const idleWant = c && IDLE_INTENDED[c.key] ? IDLE_INTENDED[c.key] : 'false/null/none';
    if (idleGot !== idleWant) throw new Error(`${p.id} (${c?.key ?? 'normal'}): idle ${J(e.idle)}, intended ${idleWant}`);
    if (c || p.large || p.outside) {
      const note = c ? c.note : p.large ? '≥ 300 亩 大项目, 其余指标合格' : '部分在园区边界外 (outside_park)';
      cases.push({ id: p.id, key: c?.key ?? (p.large ? 'L' : 'O'), note: c && p.outside ? `${note}; 越界` : note, zone: p.zone, areaMu: Math.round(p.areaM2 * 0.0015 * 10) / 10, expected: e });
    }
  }
  const numericMissing = parcels.filter((p) => Object.entries(attrs.get(p.id)!).some(([k, v]) => v === null && /Wan$|M2$/.test(k)));

  // ---- park, zones ----
  const park: OutFeature = { id: PARK_ID, properties: { name: PARK_NAME, parkClass: 'central', leadingIndustries: LEADING_INDUSTRIES, stars: 2 }, rings: [lonlat(PARK_RING)] };
  const ZONE_NAMES: Record<ZoneType, string> = { built: '建成区', development: '发展区', control: '控制区' };
  const zones: OutFeature[] = (['built', 'development', 'control'] as ZoneType[]).map((z, n) => ({
    id: `ZONE-RH-${n + 1}`, properties: { name: ZONE_NAMES[z], zoneType: z, park: PARK_ID }, rings: [lonlat(ZONE_RINGS[z])],
  }));

  // ---- parcels ----
  const parcelFeatures: OutFeature[] = parcels.map((p) => ({ id: p.id, properties: attrs.get(p.id)!, rings: [p.ring] }));

  // ---- villages ----
  const vrng = new Rng('villages');
  const villages: OutFeature[] = villageDefs().map((v) => ({
    id: v.id,
    properties: { village: v.village, households: v.households, population: v.population, status: v.status, targetYear: v.targetYear, resettlementUnits: v.resettlementUnits, park: PARK_ID },
    rings: [lonlat(villageRing(v, vrng))],
  }));

  // ---- plans ----
  const parkClasses = parkPlanClasses(parcels);
  const pmRuns = columnRuns((i, j) => parkClasses.get(key(i, j)) ?? null);
  const parkMaster: OutFeature[] = pmRuns.map((run, n) => {
    const ring = clipParkToRect({ u0: U_EDGES[run.i], u1: U_EDGES[run.i + 1], v0: V_EDGES[run.j0], v1: V_EDGES[run.j1 + 1] });
    if (!ring) throw new Error('empty park-plan run');
    return { id: `PM-${String(n + 1).padStart(2, '0')}`, properties: { name: GB_NAMES[run.cls], planType: 'park_master' as PlanType, planClass: run.cls }, rings: [lonlat(ring)] };
  });
  for (const k of ['1,2', '6,6', '7,7']) if (parkClasses.get(k) !== 'M') throw new Error(`urban override ${k}: park plan class is ${parkClasses.get(k)}, not M`);
  const urbanRuns = columnRuns((i, j) => {
    const k = key(i, j);
    if (URBAN_OVERRIDE[k]) return URBAN_OVERRIDE[k];
    return parkClasses.get(k) ?? (i === 0 ? 'R' : 'E');
  });
  const urbanMaster: OutFeature[] = urbanRuns.map((run, n) => ({
    id: `UM-${String(n + 1).padStart(2, '0')}`,
    properties: { name: GB_NAMES[run.cls], planType: 'urban_master' as PlanType, planClass: run.cls },
    rings: [lonlat(rectRing({ u0: U_EDGES[run.i], u1: U_EDGES[run.i + 1], v0: V_EDGES[run.j0], v1: V_EDGES[run.j1 + 1] }))],
  }));

  const westEdge: Cut = [[-2500, -2000], [-2500, 2000]];
  const eastEdge: Cut = [[2600, -2000], [2600, 2000]];
  const channelWest = shift(RIVER, -40);
  const channelEast = shift(RIVER, 40);
  const luDefs: [string, string, P[][]][] = [
    ['permitted_construction', '允许建设区', [strip(westEdge, CUT_PERMITTED), [...RESTRICTED].reverse()]],
    ['restricted', '限制建设区（文物保护范围）', [RESTRICTED]],
    ['conditional_construction', '有条件建设区', [strip(CUT_PERMITTED, CUT_FARMLAND)]],
    ['basic_farmland', '永久基本农田（河西）', [strip(CUT_FARMLAND, channelWest)]],
    ['prohibited', '禁止建设区（汝河河道）', [strip(channelWest, channelEast)]],
    ['basic_farmland', '永久基本农田（河东）', [strip(channelEast, eastEdge)]],
  ];
  const landUse: OutFeature[] = luDefs.map(([cls, name, rings], n) => ({
    id: `LU-${String(n + 1).padStart(2, '0')}`, properties: { name, planType: 'land_use' as PlanType, planClass: cls }, rings: rings.map(lonlat),
  }));

  const ecoEnv: OutFeature[] = [
    { id: 'ECO-01', properties: { name: '汝河生态保护红线', planType: 'eco_env' as PlanType, planClass: 'eco_red_line' }, rings: [lonlat(strip(ECO_WEST, shift(RIVER, 170)))] },
    {
      id: 'ECO-02', properties: { name: '湿地保护小区', planType: 'eco_env' as PlanType, planClass: 'eco_red_line' },
      rings: [
        [lonlat([[2300, 700], [2420, 660], [2500, 760], [2460, 900], [2330, 880]])],
        [lonlat([[-2420, -1560], [-2280, -1620], [-2200, -1500], [-2300, -1380], [-2410, -1430]])],
      ],
    },
  ];

  const infra: OutFeature[] = [];
  const scale = (ring: P[], s: number): P[] => {
    const c = ring.reduce((acc, p) => [acc[0] + p[0] / ring.length, acc[1] + p[1] / ring.length], [0, 0]);
    return ring.map(([u, v]) => [c[0] + (u - c[0]) * s, c[1] + (v - c[1]) * s]);
  };
  for (const p of parcels) if (p.spec.facility) infra.push({ id: '', properties: { name: p.spec.name, planType: 'public_infra', planClass: p.spec.facility, status: '现状' }, rings: [lonlat(scale(p.local, 0.8))] });
  const r70 = blockRect(7, 0);
  infra.push({ id: '', properties: { name: '汝河污水处理厂二期', planType: 'public_infra', planClass: '污水处理厂', status: '规划' }, rings: [lonlat([[r70.u0 + 30, r70.v0 + 40], [r70.u0 + 230, r70.v0 + 40], [r70.u0 + 230, r70.v0 + 250], [r70.u0 + 30, r70.v0 + 250]])] });
  infra.push({ id: '', properties: { name: '220kV汝东变电站', planType: 'public_infra', planClass: '变电站', status: '规划' }, rings: [lonlat([[r70.u1 - 130, r70.v1 - 120], [r70.u1 - 30, r70.v1 - 120], [r70.u1 - 30, r70.v1 - 30], [r70.u1 - 130, r70.v1 - 30]])] });
  const r55 = blockRect(5, 5); // on the cleared land of 王庄村
  infra.push({ id: '', properties: { name: '集聚区第二消防站', planType: 'public_infra', planClass: '消防站', status: '规划' }, rings: [lonlat([[r55.u1 - 80, r55.v0 + 8], [r55.u1 - 8, r55.v0 + 8], [r55.u1 - 8, r55.v0 + 78], [r55.u1 - 80, r55.v0 + 78]])] });
  infra.forEach((f, n) => { f.id = `PI-${String(n + 1).padStart(2, '0')}`; });

  // ---- manifest ----
  const layers = [
    ['plan-land_use.geojson', 'plan', '土地利用总体规划', 'Land-use master plan'],
    ['plan-urban_master.geojson', 'plan', '城市总体规划', 'City master plan'],
    ['plan-park_master.geojson', 'plan', '产业集聚区总体规划', 'Park master plan'],
    ['plan-eco_env.geojson', 'plan', '生态保护红线', 'Ecological red line'],
    ['plan-public_infra.geojson', 'plan', '公共服务基础设施规划', 'Public infrastructure plan'],
    ['zones.geojson', 'zone', '功能分区', 'Zones'],
    ['relocation.geojson', 'relocation', '村庄迁并', 'Village relocation'],
    ['parcels.geojson', 'parcel', '宗地', 'Land parcels'],
    ['park.geojson', 'park', '园区边界', 'Park boundary'],
  ] as const;
  const index = {
    name: { zh: `${PARK_NAME}（虚构示例）`, en: 'Ruhe Industrial Cluster (fictional sample)' },
    center: toLonLat([0, 0]),
    reviewDate: REVIEW_DATE,
    layers: layers.map(([file, kind, zh, en]) => ({ file, kind, title: { zh, en } })),
  };

  const files: Record<string, string> = {
    'index.json': `${JSON.stringify(index, null, 2)}\n`,
    'park.geojson': collection('park', `${PARK_NAME} 园区边界`, [park]),
    'zones.geojson': collection('zone', `${PARK_NAME} 功能分区`, zones),
    'parcels.geojson': collection('parcel', `${PARK_NAME} 宗地`, parcelFeatures),
    'relocation.geojson': collection('relocation', `${PARK_NAME} 村庄迁并`, villages),
    'plan-park_master.geojson': collection('plan', `${PARK_NAME}总体规划（2016—2030）`, parkMaster),
    'plan-land_use.geojson': collection('plan', '汝河市土地利用总体规划（2006—2020 年调整完善）', landUse),
    'plan-urban_master.geojson': collection('plan', '汝河市城市总体规划（2015—2030）', urbanMaster),
    'plan-eco_env.geojson': collection('plan', '汝河市生态保护红线', ecoEnv),
    'plan-public_infra.geojson': collection('plan', '汝河市区域公共服务基础设施规划', infra),
  };

  const industrial = parcels.filter((p) => p.spec.use === 'industrial');
  const leadShare = (ps: Parcel[]) => {
    const all = ps.reduce((s, p) => s + p.areaM2, 0);
    const lead = ps.filter((p) => attrs.get(p.id)!.isLeadingIndustry === true).reduce((s, p) => s + p.areaM2, 0);
    return all ? Math.round((lead / all) * 1000) / 1000 : null;
  };
  for (const [where, share] of [['park', leadShare(industrial)], ['built', leadShare(industrial.filter((p) => p.zone === 'built'))], ['development', leadShare(industrial.filter((p) => p.zone === 'development'))]] as const) {
    if (share === null || share < 0.73) throw new Error(`leading-industry share of ${where} is ${share}, meant to pass 70% with margin`);
  }
  const summary = {
    parcels: parcels.length,
    byLandUse: Object.fromEntries([...new Set(parcels.map((p) => p.spec.use))].map((u) => [u, parcels.filter((p) => p.spec.use === u).length])),
    byZone: Object.fromEntries(['built', 'development', 'control'].map((z) => [z, parcels.filter((p) => p.zone === z).length])),
    large: parcels.filter((p) => p.large).map((p) => p.id),
    outside: parcels.filter((p) => p.outside).map((p) => p.id),
    withMissingNumbers: numericMissing.length,
    leadingShare: { park: leadShare(industrial), ...Object.fromEntries(['built', 'development', 'control'].map((z) => [z, leadShare(industrial.filter((p) => p.zone === z))])) },
    villages: villages.length,
    reservedBlocks: Object.fromEntries(reserved),
    planFeatures: { park_master: parkMaster.length, urban_master: urbanMaster.length, land_use: landUse.length, eco_env: ecoEnv.length, public_infra: infra.length },
    parkAreaM2: Math.round(polygonAreaM2([lonlat(PARK_RING)])),
  };
  return { files, cases, summary };
}

let cached: Sample | null = null;
function sample(): Sample {
  cached ??= build();
  return cached;
}

/** The sample files as text, keyed by file name in data/sample/. */
export function generateSample(): Record<string, string> {
  return { ...sample().files };
}

/** The intentional cases (rule failures, idle outcomes, large and out-of-park parcels) with their expected results. */
export function sampleCases(): SampleCase[] {
  return sample().cases;
}

function casesMarkdown(cases: SampleCase[]): string {
  const rows = cases.map((c) => {
    const i = c.expected.idle;
    const idle = i.isIdle === null ? 'isIdle null' : i.basis === null ? '—' : `${i.isIdle ? 'idle' : 'not idle'} · ${i.basis} · ${i.idleYears} y · ${i.disposal}${i.disposal === 'fee' ? ` ${i.feeWan === null ? 'null' : r2(i.feeWan)} 万元` : ''} · idleOn ${i.idleOn} · reclaimOn ${i.reclaimOn}`;
    return `| ${c.id} | ${c.key} | ${c.zone} | ${c.areaMu} | ${c.expected.flags.join(', ') || '—'} | ${idle} | ${c.note} |`;
  });
  return ['| parcel | case | zone | 亩 | flags | idle at 2026-06-30 | note |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), 'sample');
  mkdirSync(outDir, { recursive: true });
  const s = sample();
  for (const [name, text] of Object.entries(s.files)) writeFileSync(join(outDir, name), text);
  console.error(JSON.stringify(s.summary, null, 2));
  if (process.argv.includes('--cases')) console.log(casesMarkdown(s.cases));
}
