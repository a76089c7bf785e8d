// Deterministic layers for the conflicts benchmark (五规合一, DESIGN §6): one region of about 110 km × 110 km
// around 33.0°N 114.0°E holding
//   - park-plan polygons (产业集聚区总体规划, default 100k): built-up districts laid out as rotated street grids,
//     each block 10–300 亩 with jittered edges (8–30 vertices), some with a courtyard hole, some in two parts
//     (MultiPolygon), GB 50137 classes M/W/R/A/B/S/U/G/E and a few without a class;
//   - parks with irregular boundaries over some districts, and parcels (the blocks inside those parks, with
//     the ones on the boundary straddling it);
//   - constraint polygons (default 25k), larger and irregular (40–400 vertices): basic farmland, restricted and
//     prohibited zones, permitted/conditional zones (never in conflict), ecological red lines (river corridors and
//     wetland patches), the city plan's blocks over the central districts, and public facilities.
// Farmland and the other land-use zones avoid the districts' interiors (they are mostly countryside), so their
// overlaps are at the districts' edges, as in real plans. Same options → same features, byte for byte.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { mulberry32 } from './support';


const LON0 = 114.0;
const LAT0 = 33.0;
// Metres per degree at 33°N on GRS80 (parallel and meridian radius × π/180); good enough for placing shapes.
const M_PER_DEG_LON = 93_453;
const M_PER_DEG_LAT = 110_904;
const M2_PER_MU = 10000 / 15;
/** Region: SLOTS × SLOTS district slots of SLOT_M metres, centred on (LON0, LAT0). */
const SLOTS = 8;
const SLOT_M = 13_750;
const REGION_HALF_M = (SLOTS * SLOT_M) / 2;
/** Largest district side (m) before rotation, so that a district turned by up to MAX_TURN stays in its slot. */
const DISTRICT_MAX_SIDE_M = 10_800;
const MAX_TURN = (11 * Math.PI) / 180;

const PLAN_CLASS_WEIGHTS: Array<[string | null, number]> = [
  ['M', 0.45], ['W', 0.05], ['R', 0.14], ['A', 0.03], ['B', 0.05], ['S', 0.06], ['U', 0.03], ['G', 0.07], ['E', 0.115], [null, 0.005],
];
const URBAN_CLASS_WEIGHTS: Array<[string, number]> = [
  ['M', 0.5], ['R', 0.15], ['B', 0.08], ['G', 0.1], ['A', 0.04], ['S', 0.05], ['U', 0.03], ['W', 0.03], ['E', 0.02],
];
const FACILITIES = ['污水处理厂', '变电站', '学校', '卫生院', '消防站', '公交首末站'];

export interface ConflictDataOptions {
  seed?: number;
  /** Park-plan polygons (default 100 000). */
  planCount?: number;
  /** Constraint polygons of the other four plans (default 25 000). */
  constraintCount?: number;
  /** Districts that carry a park and its parcels (default 12). */
  parkCount?: number;
}

export interface ConflictData {
  park: FeatureCollection<Polygon | MultiPolygon> & { kind: 'park' };
  parcels: FeatureCollection<Polygon | MultiPolygon> & { kind: 'parcel' };
  parkPlan: FeatureCollection<Polygon | MultiPolygon> & { kind: 'plan' };
  constraints: FeatureCollection<Polygon | MultiPolygon> & { kind: 'plan' };
}

interface District {
  cx: number; // centre (m east of LON0)
  cy: number; // centre (m north of LAT0)
  turn: number;
  cols: number[]; // column widths (m)
  rows: number[]; // row heights (m)
  width: number;
  height: number;
}

type XY = [number, number];

export function conflictData(options: ConflictDataOptions = {}): ConflictData {
  const seed = options.seed ?? 20260630;
  const planCount = options.planCount ?? 100_000;
  const constraintCount = options.constraintCount ?? 25_000;
  const parkCount = options.parkCount ?? 12;
  const rnd = mulberry32(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const logUniform = (lo: number, hi: number) => Math.exp(uniform(Math.log(lo), Math.log(hi)));
  const weighted = <T>(xs: ReadonlyArray<[T, number]>): T => {
    let r = rnd();
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1][0];
  };

  // Metres → lon/lat, 7 decimals (~1 cm) as survey exports carry; cos φ varies across the region's ±0.5°.
  const cosLat0 = Math.cos((LAT0 * Math.PI) / 180);
  const toLonLat = ([x, y]: XY): Position => {
    const lat = LAT0 + y / M_PER_DEG_LAT;
    const mPerDegLon = (M_PER_DEG_LON * Math.cos((lat * Math.PI) / 180)) / cosLat0;
    return [Math.round((LON0 + x / mPerDegLon) * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  };
  /** A closed lon/lat ring, counter-clockwise for outer rings, clockwise for holes (RFC 7946). */
  const ring = (pts: XY[], hole = false): Position[] => {
    let twice = 0;
    for (let i = 0; i < pts.length; i++) {
      const [x1, y1] = pts[i];
      const [x2, y2] = pts[(i + 1) % pts.length];
      twice += x1 * y2 - x2 * y1;
    }
    const ordered = (twice > 0) === !hole ? pts : [...pts].reverse();
    const out: Position[] = [];
    for (const p of ordered) {
      const q = toLonLat(p);
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    out.push([out[0][0], out[0][1]]);
    return out;
  };

  // ---- Districts: a grid of slots, a district in some of them, each a turned street grid of blocks.
  const slots: number[] = [];
  for (let i = 0; i < SLOTS * SLOTS; i++) slots.push(i);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const districts: District[] = [];
  let cellBudget = planCount;
  for (const slot of slots) {
    if (cellBudget <= 0) break;
    const cols: number[] = [];
    const rows: number[] = [];
    let width = 0;
    let height = 0;
    const side = uniform(0.75, 1) * DISTRICT_MAX_SIDE_M;
    // Block sides 80–450 m: 10–300 亩 blocks once the roads are taken off.
    while (width < side) { const w = logUniform(80, 450); if (width + w > DISTRICT_MAX_SIDE_M) break; cols.push(w); width += w; }
    while (height < side) { const h = logUniform(80, 450); if (height + h > DISTRICT_MAX_SIDE_M) break; rows.push(h); height += h; }
    while (cols.length * rows.length > cellBudget && rows.length > 1) height -= rows.pop()!;
    while (cols.length * rows.length > cellBudget && cols.length > 1) width -= cols.pop()!;
    cellBudget -= cols.length * rows.length;
    const sx = slot % SLOTS;
    const sy = Math.floor(slot / SLOTS);
    districts.push({
      cx: -REGION_HALF_M + (sx + 0.5) * SLOT_M + uniform(-400, 400),
      cy: -REGION_HALF_M + (sy + 0.5) * SLOT_M + uniform(-400, 400),
      turn: uniform(-MAX_TURN, MAX_TURN),
      cols, rows, width, height,
    });
  }
  const place = (d: District, u: number, v: number): XY => {
    // (u, v) in the district's own frame, origin at its south-west corner.
    const x = u - d.width / 2;
    const y = v - d.height / 2;
    const c = Math.cos(d.turn);
    const s = Math.sin(d.turn);
    return [d.cx + x * c - y * s, d.cy + x * s + y * c];
  };
  /** Whether a point (m) is inside a district's outline widened by `margin` metres. */
  const inDistrict = (p: XY, margin: number): boolean => {
    for (const d of districts) {
      const dx = p[0] - d.cx;
      const dy = p[1] - d.cy;
      const c = Math.cos(d.turn);
      const s = Math.sin(d.turn);
      const u = dx * c + dy * s;
      const v = -dx * s + dy * c;
      if (Math.abs(u) <= d.width / 2 + margin && Math.abs(v) <= d.height / 2 + margin) return true;
    }
    return false;
  };

  /** Points along a segment every ~`step` m, each pushed sideways by up to ±`jitter` m (the end point excluded). */
  const jaggedEdge = (a: XY, b: XY, pieces: number, jitter: number, out: XY[]) => {
    const nx = -(b[1] - a[1]);
    const ny = b[0] - a[0];
    const len = Math.hypot(nx, ny) || 1;
    out.push(a);
    for (let k = 1; k < pieces; k++) {
      const t = (k + uniform(-0.3, 0.3)) / pieces;
      const off = uniform(-jitter, jitter) / len;
      out.push([a[0] + (b[0] - a[0]) * t + nx * off, a[1] + (b[1] - a[1]) * t + ny * off]);
    }
  };
  /** A block's outline in the district frame: a rectangle with jagged edges (8–30 vertices). */
  const blockOutline = (u0: number, v0: number, u1: number, v1: number): XY[] => {
    const pts: XY[] = [];
    const corners: XY[] = [[u0, v0], [u1, v0], [u1, v1], [u0, v1]];
    for (let k = 0; k < 4; k++) jaggedEdge(corners[k], corners[(k + 1) % 4], 1 + Math.floor(rnd() * 7), 1.5, pts);
    return pts;
  };

  // ---- Park-plan blocks, and the districts' parks with their parcels.
  const planFeatures: Feature<Polygon | MultiPolygon>[] = [];
  const parcelFeatures: Feature<Polygon | MultiPolygon>[] = [];
  const parkFeatures: Feature<Polygon | MultiPolygon>[] = [];
  let planNo = 0;
  let parcelNo = 0;
  districts.forEach((d, di) => {
    const hasPark = di < parkCount;
    let parkRing: XY[] | null = null;
    const parkId = `PARK-${String(di + 1).padStart(2, '0')}`;
    if (hasPark) {
      // The park: the district's outline pulled towards its centre by 2–12%, varying smoothly (star-shaped, so simple).
      const pts: XY[] = [];
      const perimeter = 2 * (d.width + d.height);
      const n = Math.round(perimeter / 40);
      const phases = [rnd() * 6.3, rnd() * 6.3, rnd() * 6.3];
      for (let k = 0; k < n; k++) {
        const s = (k / n) * perimeter;
        let u: number, v: number;
        if (s < d.width) { u = s; v = 0; }
        else if (s < d.width + d.height) { u = d.width; v = s - d.width; }
        else if (s < 2 * d.width + d.height) { u = d.width - (s - d.width - d.height); v = d.height; }
        else { u = 0; v = d.height - (s - 2 * d.width - d.height); }
        const t = (2 * Math.PI * k) / n;
        const shrink = 0.07 + 0.025 * Math.sin(3 * t + phases[0]) + 0.015 * Math.sin(7 * t + phases[1]) + 0.005 * Math.sin(19 * t + phases[2]);
        pts.push([d.width / 2 + (u - d.width / 2) * (1 - shrink), d.height / 2 + (v - d.height / 2) * (1 - shrink)]);
      }
      parkRing = pts;
      parkFeatures.push({
        type: 'Feature', id: parkId,
        properties: { id: parkId, name: `产业集聚区 ${di + 1}`, parkClass: di % 3 === 0 ? 'county' : 'central', leadingIndustries: ['装备制造'], stars: 1 + (di % 5) },
        geometry: { type: 'Polygon', coordinates: [ring(pts.map(([u, v]) => place(d, u, v)))] },
      });
    }
    let v0 = 0;
    for (const h of d.rows) {
      let u0 = 0;
      for (const w of d.cols) {
        const road = uniform(5, 10); // half a road's width
        const a0 = u0 + road, a1 = u0 + w - road, b0 = v0 + road, b1 = v0 + h - road;
        const roll = rnd();
        let geometry: Polygon | MultiPolygon;
        if (roll < 0.02 && a1 - a0 > 60) {
          // Two parts split by a 6 m drainage strip along the longer side.
          const along = a1 - a0 >= b1 - b0;
          const mid = along ? (a0 + a1) / 2 : (b0 + b1) / 2;
          const p1 = along ? blockOutline(a0, b0, mid - 3, b1) : blockOutline(a0, b0, a1, mid - 3);
          const p2 = along ? blockOutline(mid + 3, b0, a1, b1) : blockOutline(a0, mid + 3, a1, b1);
          geometry = { type: 'MultiPolygon', coordinates: [[ring(p1.map(([u, v]) => place(d, u, v)))], [ring(p2.map(([u, v]) => place(d, u, v)))]] };
        } else if (roll < 0.05) {
          // A courtyard: a hole of 20–35% of each side, in the middle.
          const outer = blockOutline(a0, b0, a1, b1);
          const fu = uniform(0.2, 0.35), fv = uniform(0.2, 0.35);
          const cu = (a0 + a1) / 2, cv = (b0 + b1) / 2, hu = ((a1 - a0) * fu) / 2, hv = ((b1 - b0) * fv) / 2;
          const hole: XY[] = [[cu - hu, cv - hv], [cu + hu, cv - hv], [cu + hu, cv + hv], [cu - hu, cv + hv]];
          geometry = { type: 'Polygon', coordinates: [ring(outer.map(([u, v]) => place(d, u, v))), ring(hole.map(([u, v]) => place(d, u, v)), true)] };
        } else {
          geometry = { type: 'Polygon', coordinates: [ring(blockOutline(a0, b0, a1, b1).map(([u, v]) => place(d, u, v)))] };
        }
        planNo++;
        const id = `PM-${String(planNo).padStart(6, '0')}`;
        planFeatures.push({ type: 'Feature', id, properties: { id, planType: 'park_master', planClass: weighted(PLAN_CLASS_WEIGHTS) }, geometry });
        if (parkRing && pointInRing([(a0 + a1) / 2, (b0 + b1) / 2], parkRing)) {
          parcelNo++;
          const pid = `PC-${String(parcelNo).padStart(6, '0')}`;
          parcelFeatures.push({ type: 'Feature', id: pid, properties: { id: pid, landUse: 'industrial', park: parkId }, geometry });
        }
        u0 += w;
      }
      v0 += h;
    }
  });

  // ---- Constraints.
  const constraintFeatures: Feature<Polygon | MultiPolygon>[] = [];
  const regionPoint = (): XY => [uniform(-REGION_HALF_M, REGION_HALF_M), uniform(-REGION_HALF_M, REGION_HALF_M)];
  /** A centre mostly in the countryside: inside a district (±300 m) it is kept with probability `keepInside`. */
  const countrysidePoint = (keepInside: number): XY => {
    for (;;) {
      const p = regionPoint();
      if (!inDistrict(p, 300) || rnd() < keepInside) return p;
    }
  };
  /** A star-shaped blob of about `areaM2` around `c` (radius 0.55–1.45 of the mean, so simple), `n` vertices. */
  const blob = (c: XY, areaM2: number, n: number): { pts: XY[]; radius: number } => {
    const r0 = Math.sqrt(areaM2 / Math.PI);
    const amps = [uniform(0, 0.2), uniform(0, 0.12), uniform(0, 0.08), uniform(0, 0.05)];
    const freqs = [2, 3, 5, 9];
    const phases = amps.map(() => rnd() * 6.3);
    const pts: XY[] = [];
    for (let k = 0; k < n; k++) {
      const t = (2 * Math.PI * k) / n;
      let r = 1;
      for (let j = 0; j < 4; j++) r += amps[j] * Math.sin(freqs[j] * t + phases[j]);
      r *= r0 * (1 + uniform(-0.02, 0.02));
      pts.push([c[0] + r * Math.cos(t), c[1] + r * Math.sin(t)]);
    }
    return { pts, radius: r0 };
  };
  /** A blob-shaped constraint: a single polygon, sometimes with a hole (a village), sometimes 2–3 parts. */
  const blobGeometry = (c: XY, areaM2: number): Polygon | MultiPolygon => {
    const n = 40 + Math.floor(rnd() * 120);
    const roll = rnd();
    if (roll < 0.05) {
      const parts = 2 + Math.floor(rnd() * 2);
      const each = areaM2 / parts;
      const r = Math.sqrt(each / Math.PI);
      const coordinates: Position[][][] = [];
      for (let k = 0; k < parts; k++) {
        const centre: XY = [c[0] + k * 3.3 * r, c[1] + (k % 2) * 0.5 * r];
        coordinates.push([ring(blob(centre, each, Math.max(20, Math.round(n / parts))).pts)]);
      }
      return { type: 'MultiPolygon', coordinates };
    }
    const outer = blob(c, areaM2, n);
    if (roll < 0.1) {
      const hole = blob(c, areaM2 * uniform(0.03, 0.12), 12 + Math.floor(rnd() * 12));
      return { type: 'Polygon', coordinates: [ring(outer.pts), ring(hole.pts, true)] };
    }
    return { type: 'Polygon', coordinates: [ring(outer.pts)] };
  };
  /** A river corridor: a meandering centre line (heading within ±60° of its start), 50–300 m wide. */
  const corridor = (start: XY, lengthM: number): Polygon => {
    const width = uniform(50, 300);
    const step = 50;
    const heading0 = rnd() * Math.PI * 2;
    let heading = heading0;
    const centre: XY[] = [start];
    for (let s = step; s <= lengthM; s += step) {
      heading = Math.max(heading0 - 1.05, Math.min(heading0 + 1.05, heading + uniform(-0.06, 0.06)));
      const last = centre[centre.length - 1];
      centre.push([last[0] + step * Math.cos(heading), last[1] + step * Math.sin(heading)]);
    }
    const left: XY[] = [];
    const right: XY[] = [];
    for (let i = 0; i < centre.length; i++) {
      const a = centre[Math.max(0, i - 1)];
      const b = centre[Math.min(centre.length - 1, i + 1)];
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len = Math.hypot(dx, dy);
      const half = (width / 2) * (1 + 0.15 * Math.sin(i / 7));
      left.push([centre[i][0] - (dy / len) * half, centre[i][1] + (dx / len) * half]);
      right.push([centre[i][0] + (dy / len) * half, centre[i][1] - (dx / len) * half]);
    }
    return { type: 'Polygon', coordinates: [ring([...right, ...left.reverse()])] };
  };
  let constraintNo = 0;
  const addConstraint = (planType: string, planClass: string, geometry: Polygon | MultiPolygon) => {
    constraintNo++;
    const prefix = { land_use: 'LU', eco_env: 'ECO', urban_master: 'UM', public_infra: 'PI' }[planType] ?? 'X';
    const id = `${prefix}-${String(constraintNo).padStart(6, '0')}`;
    constraintFeatures.push({ type: 'Feature', id, properties: { id, planType, planClass }, geometry });
  };
  const share = (f: number) => Math.round(constraintCount * f);
  const farmland = share(0.4), restricted = share(0.08), prohibited = share(0.04), permitted = share(0.06), conditional = share(0.02);
  const redLines = share(0.04), facilities = share(0.02);
  const urban = constraintCount - farmland - restricted - prohibited - permitted - conditional - redLines - facilities;
  for (let i = 0; i < farmland; i++) addConstraint('land_use', 'basic_farmland', blobGeometry(countrysidePoint(0.12), logUniform(50, 2000) * M2_PER_MU));
  for (let i = 0; i < restricted; i++) addConstraint('land_use', 'restricted', blobGeometry(countrysidePoint(0.12), logUniform(100, 3000) * M2_PER_MU));
  for (let i = 0; i < prohibited; i++) addConstraint('land_use', 'prohibited', blobGeometry(countrysidePoint(0.12), logUniform(100, 3000) * M2_PER_MU));
  // Construction allowed: over the districts (they are bbox candidates but never conflicts).
  const districtPoint = (): XY => {
    const d = districts[Math.floor(rnd() * districts.length)];
    return place(d, uniform(0, d.width), uniform(0, d.height));
  };
  for (let i = 0; i < permitted; i++) addConstraint('land_use', 'permitted_construction', blobGeometry(districtPoint(), logUniform(500, 5000) * M2_PER_MU));
  for (let i = 0; i < conditional; i++) addConstraint('land_use', 'conditional_construction', blobGeometry(countrysidePoint(0.3), logUniform(200, 3000) * M2_PER_MU));
  const rivers = Math.round(redLines * 0.3);
  for (let i = 0; i < rivers; i++) addConstraint('eco_env', 'eco_red_line', corridor(regionPoint(), uniform(2000, 15000)));
  for (let i = rivers; i < redLines; i++) addConstraint('eco_env', 'eco_red_line', blobGeometry(countrysidePoint(0.1), logUniform(100, 5000) * M2_PER_MU));
  for (let i = 0; i < facilities; i++) addConstraint('public_infra', FACILITIES[i % FACILITIES.length], blobGeometry(districtPoint(), logUniform(5, 80) * M2_PER_MU));
  // City plan: the central districts (the last ones laid out, so not those with parks) tiled by its own grid of
  // blocks, on the district's turn but offset, so that its blocks cut across the park plan's.
  const central = districts.slice(-Math.min(8, districts.length));
  const perDistrict = Math.ceil(urban / central.length);
  let urbanLeft = urban;
  for (const d of central) {
    const target = Math.min(perDistrict, urbanLeft);
    if (target <= 0) break;
    const side = Math.sqrt((d.width * d.height) / target);
    const nu = Math.max(1, Math.round(d.width / side));
    const nv = Math.max(1, Math.ceil(target / nu));
    const du = d.width / nu;
    const dv = d.height / nv;
    for (let j = 0; j < nv && urbanLeft > 0; j++) {
      for (let i = 0; i < nu && urbanLeft > 0; i++) {
        const u0 = i * du + du * 0.37, v0 = j * dv + dv * 0.41;
        // Blocks of the city plan tile their own grid exactly (shared edges), shifted by a fraction of a block.
        const pts: XY[] = [[u0, v0], [u0 + du, v0], [u0 + du, v0 + dv], [u0, v0 + dv]];
        addConstraint('urban_master', weighted(URBAN_CLASS_WEIGHTS), { type: 'Polygon', coordinates: [ring(pts.map(([u, v]) => place(d, u, v)))] });
        urbanLeft--;
      }
    }
  }

  return {
    park: { type: 'FeatureCollection', kind: 'park', features: parkFeatures },
    parcels: { type: 'FeatureCollection', kind: 'parcel', features: parcelFeatures },
    parkPlan: { type: 'FeatureCollection', kind: 'plan', features: planFeatures },
    constraints: { type: 'FeatureCollection', kind: 'plan', features: constraintFeatures },
  };
}

function pointInRing(p: XY, pts: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
