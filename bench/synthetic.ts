// Deterministic synthetic parcels for benchmarks (area, metrics): one county around 33.0°N 114.0°E, mostly
// industrial quadrilaterals and pentagons of 0.5–600 亩 (mostly 5–150), with every parcel field of DESIGN §3
// filled with plausible values and ~5% of the numeric ones missing (null). Same (n, seed) → same features.
import type { Feature, Polygon, Position } from 'geojson';
import { mulberry32 } from './support';
import type { LandUse, ParcelProperties } from '../src/core/schema/types';


const M2_PER_MU = 10000 / 15;
// County centre and extent (the benchmarks' parks cover 113.5–114.5°E, 32.5–33.5°N).
const LON0 = 114.0;
const LAT0 = 33.0;
const HALF_SPAN_DEG = 0.15;
// Metres per degree at 33°N on GRS80 (parallel and meridian radius × π/180); good enough for placing shapes.
const M_PER_DEG_LON = 93_453;
const M_PER_DEG_LAT = 110_904;

const LAND_USE_WEIGHTS: Array<[LandUse, number]> = [
  ['industrial', 0.8], ['warehouse', 0.06], ['commercial', 0.03], ['public', 0.03],
  ['residential', 0.02], ['road', 0.02], ['green', 0.02], ['other', 0.02],
];
// Industries with their GB/T 4754-2002 two-digit codes; 装备制造 is the parks' leading industry in the benches.
const INDUSTRIES: Array<{ name: string; codes: string[]; weight: number }> = [
  { name: '装备制造', codes: ['35', '36', '37', '39'], weight: 0.45 },
  { name: '食品加工', codes: ['13', '14', '15'], weight: 0.2 },
  { name: '纺织服装', codes: ['17', '18'], weight: 0.1 },
  { name: '电子信息', codes: ['40', '41'], weight: 0.1 },
  { name: '新材料', codes: ['26', '30', '31'], weight: 0.1 },
  { name: '家具制造', codes: ['21'], weight: 0.05 },
];
const INDUSTRY_WEIGHTS = INDUSTRIES.map((x) => [x, x.weight] as [(typeof INDUSTRIES)[number], number]);
const LEADING = '装备制造';
const PLACES = ['驻马店', '上蔡', '汝南', '平舆', '正阳', '确山', '遂平', '西平', '新蔡', '泌阳', '天中', '豫南'];
const WORDS = ['华', '宏', '恒', '鑫', '瑞', '丰', '鼎', '盛', '泰', '达', '誉', '嘉', '博', '远', '昌', '源'];
const SUFFIX: Record<string, string[]> = {
  装备制造: ['机械', '重工', '汽车零部件', '精密制造', '专用车'],
  食品加工: ['食品', '粮油', '乳业', '肉制品'],
  纺织服装: ['纺织', '服饰', '制衣'],
  电子信息: ['电子', '光电', '智能科技'],
  新材料: ['新材料', '化工', '建材'],
  家具制造: ['家具', '木业'],
  物流: ['物流', '仓储'],
  商业: ['置业', '商贸'],
};
const DAY_MS = 86_400_000;
const DATE_MIN = Date.UTC(2018, 0, 1);
const DATE_MAX = Date.UTC(2026, 5, 30); // nothing recorded after the benches' review date

export function syntheticParcels(n: number, seed: number): Feature<Polygon, ParcelProperties>[] {
  const rnd = mulberry32(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const logUniform = (lo: number, hi: number) => Math.exp(uniform(Math.log(lo), Math.log(hi)));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const weighted = <T>(xs: ReadonlyArray<[T, number]>): T => {
    let r = rnd();
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1][0];
  };
  /** ~5% of numeric fields are missing (DESIGN §3: missing is null, never 0). */
  const maybe = (v: number): number | null => (rnd() < 0.05 ? null : Math.round(v * 100) / 100);
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  const out: Feature<Polygon, ParcelProperties>[] = [];
  for (let i = 1; i <= n; i++) {
    // Size: mostly 5–150 亩, a tail of large projects up to 600 亩 and small plots down to 0.5 亩.
    const r = rnd();
    // (Bounds kept a hair inside 0.5–600 so that rounding the coordinates cannot push an area past them.)
    const areaMu = r < 0.85 ? logUniform(5, 150) : r < 0.95 ? logUniform(150, 599.5) : logUniform(0.501, 5);
    const areaM2 = areaMu * M2_PER_MU;
    const ring = parcelRing(areaM2, rnd);

    const landUse = weighted(LAND_USE_WEIGHTS);
    const productive = landUse === 'industrial' || landUse === 'warehouse';
    const industryEntry = landUse === 'industrial' ? weighted(INDUSTRY_WEIGHTS) : null;
    const industry = industryEntry ? industryEntry.name : landUse === 'warehouse' ? '现代物流' : null;
    const industryCode = industryEntry ? pick(industryEntry.codes) : landUse === 'warehouse' ? '58' : null;
    const suffixKey = industryEntry ? industryEntry.name : landUse === 'warehouse' ? '物流' : '商业';
    const hasEnterprise = productive || landUse === 'commercial' || landUse === 'residential';
    const enterprise = hasEnterprise ? `${pick(PLACES)}${pick(WORDS)}${pick(WORDS)}${pick(SUFFIX[suffixKey])}有限公司` : null;
    const id = `P${String(i).padStart(6, '0')}`;

    // Money (万元): investment intensity 150–400 万元/亩, land price 8–25 万元/亩.
    const investment = productive || landUse === 'commercial' ? uniform(150, 400) * areaMu : null;
    const planned = investment === null ? null : investment * uniform(1.0, 1.3);
    // Dates: agreed start 2018–2025; most have started, some late or not at all; a few halted since.
    const agreedMs = DATE_MIN + Math.floor(rnd() * ((Date.UTC(2025, 11, 31) - DATE_MIN) / DAY_MS)) * DAY_MS;
    const startedRoll = rnd();
    let actualMs: number | null = null;
    if (startedRoll < 0.8) {
      const t = Math.max(DATE_MIN, agreedMs + Math.floor(uniform(-60, startedRoll < 0.6 ? 180 : 900)) * DAY_MS);
      actualMs = t <= DATE_MAX ? t : null;
    }
    let haltedMs: number | null = null;
    if (actualMs !== null && rnd() < 0.12) {
      const t = actualMs + Math.floor(uniform(90, 1200)) * DAY_MS;
      haltedMs = t <= DATE_MAX ? t : null;
    }
    const started = actualMs !== null;
    const progress = started ? (haltedMs !== null ? uniform(0.05, 0.6) : uniform(0.3, 1)) : uniform(0, 0.05);

    const plotRatio = uniform(0.6, 2.2);
    const floor = productive || landUse === 'commercial' || landUse === 'residential' ? plotRatio * areaM2 * Math.max(progress, 0.2) : null;
    const props: ParcelProperties = {
      name: enterprise ? `${enterprise.replace('有限公司', '')}项目` : `${id} 地块`,
      enterprise,
      landUse,
      industry,
      industryCode,
      isLeadingIndustry: industry === null ? null : industry === LEADING,
      investmentWan: investment === null ? null : maybe(investment),
      floorAreaM2: floor === null ? null : maybe(floor),
      footprintAreaM2: floor === null ? null : maybe(uniform(0.22, 0.65) * areaM2),
      greenAreaM2: maybe(uniform(0.05, 0.25) * areaM2),
      supportLandM2: productive ? maybe(uniform(0.02, 0.1) * areaM2) : null,
      supportFloorAreaM2: floor === null ? null : maybe(uniform(0.04, 0.2) * floor),
      revenueWan: productive && started ? maybe(uniform(50, 1000) * areaMu * progress) : null,
      taxWan: productive && started ? maybe(uniform(2, 40) * areaMu * progress) : null,
      landPriceWan: hasEnterprise ? maybe(uniform(8, 25) * areaMu) : null,
      agreedStartDate: hasEnterprise && rnd() >= 0.05 ? isoDate(agreedMs) : null,
      actualStartDate: actualMs === null ? null : isoDate(actualMs),
      haltedSince: haltedMs === null ? null : isoDate(haltedMs),
      developedAreaM2: maybe(progress * areaM2),
      plannedInvestmentWan: planned === null ? null : maybe(planned),
      investedWan: planned === null ? null : maybe(planned * progress),
      governmentCaused: rnd() < 0.06 ? null : rnd() < 0.04,
      park: ring[0][0] < LON0 ? 'PARK-01' : 'PARK-02',
    };
    out.push({ type: 'Feature', id, properties: props, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return out;
}

/** A closed, counter-clockwise, simple ring of about `areaM2`: a jittered rectangle, a quarter with a corner cut. */
function parcelRing(areaM2: number, rnd: () => number): Position[] {
  const aspect = 1 + 3 * rnd() * rnd(); // width/depth 1–4, mostly near-square
  const depth = Math.sqrt(areaM2 / aspect);
  const width = depth * aspect;
  const jitter = 0.06 * depth;
  const j = () => (rnd() - 0.5) * 2 * jitter;
  let pts: Array<[number, number]> = [
    [-width / 2 + j(), -depth / 2 + j()],
    [width / 2 + j(), -depth / 2 + j()],
    [width / 2 + j(), depth / 2 + j()],
    [-width / 2 + j(), depth / 2 + j()],
  ];
  if (rnd() < 0.25) {
    // Pentagon: one corner cut off (a road corner), cutting 15–35% along each adjacent side.
    const k = Math.floor(rnd() * 4);
    const prev = pts[(k + 3) % 4];
    const corner = pts[k];
    const next = pts[(k + 1) % 4];
    const t = 0.15 + 0.2 * rnd();
    const a: [number, number] = [corner[0] + (prev[0] - corner[0]) * t, corner[1] + (prev[1] - corner[1]) * t];
    const b: [number, number] = [corner[0] + (next[0] - corner[0]) * t, corner[1] + (next[1] - corner[1]) * t];
    pts = [...pts.slice(0, k), a, b, ...pts.slice(k + 1)];
  }
  // Scale to the target area (shoelace), rotate, and place at a random spot in the county.
  let twice = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    const [x2, y2] = pts[(i + 1) % pts.length];
    twice += x1 * y2 - x2 * y1;
  }
  const scale = Math.sqrt(areaM2 / (twice / 2));
  const theta = rnd() * Math.PI;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const lon = LON0 + (rnd() * 2 - 1) * HALF_SPAN_DEG;
  const lat = LAT0 + (rnd() * 2 - 1) * HALF_SPAN_DEG;
  // Metres per degree of longitude shrink with cos φ across the county's ±0.15°.
  const mPerDegLon = (M_PER_DEG_LON * Math.cos((lat * Math.PI) / 180)) / Math.cos((LAT0 * Math.PI) / 180);
  const ring: Position[] = pts.map(([x, y]) => {
    const xr = (x * c - y * s) * scale;
    const yr = (x * s + y * c) * scale;
    // Eight decimals (~1 mm), as survey exports carry.
    return [Math.round((lon + xr / mPerDegLon) * 1e8) / 1e8, Math.round((lat + yr / M_PER_DEG_LAT) * 1e8) / 1e8];
  });
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}
