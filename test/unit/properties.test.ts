// Property tests (issue 9 part 3, fast-check): laws the core must keep for any input, not just the fixtures.
// Area (src/core/geodesy/area.ts) is additive when a polygon is cut in two along a geodesic, does not depend on where
// a ring starts or which way it runs, and matches GeographicLib within DESIGN §4's max(1e-6 relative, 0.001 m²);
// Gauss-Kruger reprojection round-trips to 1 mm both ways; a 坐标TXT written and read back is the same layer (to the
// millimetre the format keeps) and writes the same bytes again; metrics are finite or null, never NaN or Infinity;
// the idle-land finding only moves forward as the review date does.
import fc from 'fast-check';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates';
import { evaluate } from '../../src/core/evaluate';
import { areaToleranceM2, geometryAreaM2, polygonAreaM2, ringAreaM2 } from '../../src/core/geodesy/area';
import { centralMeridian, falseEasting, gaussKrugerToLonLat, lonLatToGaussKruger, zoneOfLongitude, type GaussKrugerZone } from '../../src/core/geodesy/gaussKruger';
import { geodesicGeometryAreaM2, geodesicRingAreaM2, GRS80_GEODESIC } from '../../src/core/geodesy/geographiclib';
import { readCoordTxt, writeCoordTxt } from '../../src/core/io/coordTxt';
import { parcelMetrics } from '../../src/core/metrics/parcel';
import { determineIdle, type IdleInput, type IdleResult } from '../../src/core/rules/idle';
import type { ParcelRecord } from '../../src/core/schema/fields';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

// Runs per property: the whole file takes ~3 s on two cores (GeographicLib and proj4 are the slow parts).
const RUNS = { area: 1000, reference: 1000, gk: 5000, txt: 300, metrics: 5000, evaluate: 300, idle: 5000 };

// ---------------------------------------------------------------- shapes

const M_PER_DEG = 111_320;
interface Shape { lon: number; lat: number; radiusM: number; aspect: number; rotation: number; n: number; jitter: number[]; offsets: number[] }

/** A ring around (lon, lat): `n` vertices at increasing angles, star-shaped about the centre (convex when jitter is 0). */
function ringOf(s: Shape, convex: boolean, scale = 1): Position[] {
  const total = s.offsets.reduce((a, b) => a + b, 0);
  let angle = 0;
  const ring: Position[] = [];
  for (let k = 0; k < s.n; k++) {
    angle += (2 * Math.PI * s.offsets[k]) / total;
    const r = s.radiusM * scale * (convex ? 1 : s.jitter[k]);
    const x0 = r * Math.cos(angle) * s.aspect, y0 = r * Math.sin(angle);
    const x = x0 * Math.cos(s.rotation) - y0 * Math.sin(s.rotation);
    const y = x0 * Math.sin(s.rotation) + y0 * Math.cos(s.rotation);
    ring.push([s.lon + x / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180)), s.lat + y / M_PER_DEG]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring; // counter-clockwise
}

/**
 * Shapes anywhere in China (18–53°N, 73–135°E), 10 m to 30 km across. No angular gap between vertices reaches 180°
 * (offsets 0.5–1, at least 4 vertices), so every ring is star-shaped about its centre and a shrunken copy is a hole.
 */
const shapeArb: fc.Arbitrary<Shape> = fc.integer({ min: 4, max: 24 }).chain((n) => fc.record({
  lon: fc.double({ min: 73, max: 135, noNaN: true }),
  lat: fc.double({ min: 18, max: 53, noNaN: true }),
  radiusM: fc.double({ min: 1, max: 4.5, noNaN: true }).map((e) => 10 ** e),
  aspect: fc.double({ min: 0.2, max: 1, noNaN: true }),
  rotation: fc.double({ min: 0, max: Math.PI, noNaN: true }),
  n: fc.constant(n),
  jitter: fc.array(fc.double({ min: 0.35, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
  offsets: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
}));

interface GeodesicLine { s13: number; Position(s12: number): { lat2: number; lon2: number } }
/** The point a fraction `t` along the geodesic from a to b (GeographicLib), so a cut lies exactly on the edge. */
function alongGeodesic(a: Position, b: Position, t: number): Position {
  const line = (GRS80_GEODESIC as unknown as { InverseLine(lat1: number, lon1: number, lat2: number, lon2: number): GeodesicLine }).InverseLine(a[1], a[0], b[1], b[0]);
  const p = line.Position(line.s13 * t);
  return [p.lon2, p.lat2];
}

const close = (r: Position[]) => [...r, r[0]];
const tol = areaToleranceM2;

describe('area (src/core/geodesy/area.ts)', () => {
  it('is additive: a polygon cut in two along a geodesic between two edges has the area of its halves', () => {
    fc.assert(fc.property(shapeArb, fc.nat(), fc.nat(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (s, ei, ej, t, u) => {
      const ring = ringOf(s, true);
      const n = ring.length - 1;
      const i = ei % n;
      const j = (i + 1 + (ej % (n - 1))) % n; // another edge
      const [a, b] = i < j ? [i, j] : [j, i];
      const p = alongGeodesic(ring[a], ring[a + 1], t);
      const q = alongGeodesic(ring[b], ring[b + 1], u);
      const first = close([p, ...ring.slice(a + 1, b + 1), q]);
      const second = close([q, ...ring.slice(b + 1, n), ...ring.slice(0, a + 1), p]);
      const whole = ringAreaM2(ring);
      const parts = ringAreaM2(first) + ringAreaM2(second);
      expect(Math.abs(parts - whole), JSON.stringify({ whole, parts })).toBeLessThanOrEqual(tol(whole) + tol(ringAreaM2(first)) + tol(ringAreaM2(second)));
      // GeographicLib agrees that the cut is exact, so the law is tested, not an artefact of the cut.
      const refWhole = geodesicRingAreaM2(ring);
      expect(Math.abs(geodesicRingAreaM2(first) + geodesicRingAreaM2(second) - refWhole)).toBeLessThanOrEqual(tol(refWhole));
    }), { numRuns: RUNS.area });
  });

  it('does not depend on where the ring starts or which way it runs', () => {
    fc.assert(fc.property(shapeArb, fc.nat(), fc.boolean(), (s, k, reverse) => {
      const ring = ringOf(s, false);
      const open = ring.slice(0, -1);
      const start = k % open.length;
      let moved = [...open.slice(start), ...open.slice(0, start)];
      if (reverse) moved = moved.reverse();
      const a = ringAreaM2(ring);
      const b = ringAreaM2(close(moved));
      expect(Math.abs(a - b)).toBeLessThanOrEqual(tol(a));
      // As a polygon too, and unclosed (GeoJSON requires the closing point; the area must not need it).
      expect(Math.abs(polygonAreaM2([close(moved)]) - a)).toBeLessThanOrEqual(tol(a));
      expect(Math.abs(ringAreaM2(moved) - a)).toBeLessThanOrEqual(tol(a));
    }), { numRuns: RUNS.area });
  });

  it('matches GeographicLib within max(1e-6 relative, 0.001 m²) for polygons with holes and MultiPolygons', () => {
    fc.assert(fc.property(shapeArb, fc.option(fc.double({ min: 0.2, max: 0.7, noNaN: true })), fc.boolean(), (s, holeScale, multi) => {
      const outer = ringOf(s, false);
      // A hole: the ring shrunk about its centre (inside, since the ring is star-shaped about it), run clockwise.
      const rings = holeScale === null ? [outer] : [outer, ringOf(s, false, holeScale * 0.35).reverse()];
      let geometry: Polygon | MultiPolygon = { type: 'Polygon', coordinates: rings };
      if (multi) {
        const shifted = rings.map((r) => r.map(([x, y]) => [x + (3 * s.radiusM) / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180)), y]));
        geometry = { type: 'MultiPolygon', coordinates: [rings, shifted] };
      }
      const got = geometryAreaM2(geometry);
      const want = geodesicGeometryAreaM2(geometry);
      expect(Math.abs(got - want), JSON.stringify({ got, want })).toBeLessThanOrEqual(tol(want));
    }), { numRuns: RUNS.reference });
  });
});

// ---------------------------------------------------------------- Gauss-Kruger

const ZONES: GaussKrugerZone[] = [
  ...Array.from({ length: 21 }, (_, i) => ({ width: 3 as const, zone: 25 + i, prefixed: true })),
  ...Array.from({ length: 21 }, (_, i) => ({ width: 3 as const, zone: 25 + i, prefixed: false })),
  ...Array.from({ length: 11 }, (_, i) => ({ width: 6 as const, zone: 13 + i, prefixed: true })),
];

/** Metres between two lon/lat points on the ellipsoid (GeographicLib inverse). */
const metresBetween = (a: Position, b: Position) => (GRS80_GEODESIC as unknown as { Inverse(a: number, b: number, c: number, d: number): { s12: number } }).Inverse(a[1], a[0], b[1], b[0]).s12;

describe('Gauss-Kruger (src/core/geodesy/gaussKruger.ts)', () => {
  it('round-trips lon/lat → Gauss-Kruger → lon/lat, and Gauss-Kruger → lon/lat → Gauss-Kruger, within 1 mm', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), fc.double({ min: 18, max: 53, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (z, lat, t, s) => {
      const lon = centralMeridian(z) + (t * z.width) / 2;
      const [e, n] = lonLatToGaussKruger(z, lon, lat);
      expect(metresBetween(gaussKrugerToLonLat(z, e, n), [lon, lat])).toBeLessThan(0.001);
      // From the grid side: an easting within the zone's width at this latitude, a northing of China.
      const halfWidthM = (z.width / 2) * M_PER_DEG * Math.cos((lat * Math.PI) / 180);
      const e1 = falseEasting(z) + s * halfWidthM;
      const n1 = lat * M_PER_DEG;
      const [lon1, lat1] = gaussKrugerToLonLat(z, e1, n1);
      const [e2, n2] = lonLatToGaussKruger(z, lon1, lat1);
      expect(Math.hypot(e2 - e1, n2 - n1)).toBeLessThan(0.001);
    }), { numRuns: RUNS.gk });
  });
});

// ---------------------------------------------------------------- 坐标TXT

const NAMES = ['产业集聚区一号地块', '物流园地块', '宏达机械', 'DK east', '安置房三期'];
const parcelArb = fc.record({
  // Parcels up to 2 km across, where CGCS2000 has 3° zones (25–45: 73.5–136.5°E); the layer spans 0.2° east of this.
  shape: shapeArb.map((s) => ({ ...s, radiusM: Math.min(Math.max(s.radiusM, 20), 2000), lon: 74 + ((s.lon - 73) % 60) })),
  hole: fc.option(fc.double({ min: 0.2, max: 0.6, noNaN: true })),
  multi: fc.boolean(),
  name: fc.constantFrom(...NAMES),
});

/** Ring b equals ring a, or a reversed, from any start, within `m` metres per vertex. */
function sameRing(a: Position[], b: Position[], m: number): boolean {
  const ao = a.slice(0, -1), bo = b.slice(0, -1);
  if (ao.length !== bo.length) return false;
  for (const cand of [bo, [...bo].reverse()]) {
    for (let start = 0; start < cand.length; start++) {
      if (ao.every((p, i) => metresBetween(p, cand[(start + i) % cand.length]) <= m)) return true;
    }
  }
  return false;
}

describe('坐标TXT (src/core/io/coordTxt.ts)', () => {
  it('write → read gives the same parcels to the millimetre, and writing them again gives the same bytes', () => {
    fc.assert(fc.property(fc.array(parcelArb, { minLength: 1, maxLength: 4 }), fc.constantFrom<'gbk' | 'utf-8'>('gbk', 'utf-8'), (parcels, encoding) => {
      // All parcels near the first one, so one zone holds them.
      const base = parcels[0].shape;
      const features: Feature<Polygon | MultiPolygon>[] = parcels.map((p, i) => {
        const s = { ...p.shape, lon: base.lon + i * 0.05, lat: base.lat };
        const rings = p.hole === null ? [ringOf(s, false)] : [ringOf(s, false), ringOf(s, false, p.hole * 0.35).reverse()];
        const geometry: Polygon | MultiPolygon = p.multi
          ? { type: 'MultiPolygon', coordinates: [rings, [ringOf({ ...s, lon: s.lon + (3 * s.radiusM) / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180)) }, true)]] }
          : { type: 'Polygon', coordinates: rings };
        return { type: 'Feature', id: `DK-${i + 1}`, properties: { name: p.name }, geometry };
      });
      const layer: FeatureCollection = { type: 'FeatureCollection', features };
      const zone = zoneOfLongitude(base.lon, 3)!;
      const written = writeCoordTxt(layer, 'p.txt', { zone, encoding, date: '2024-06-30' });
      expect(written.ok).toBe(true);
      if (!written.ok) return;
      const read = readCoordTxt(written.value.bytes, 'p.txt');
      expect(read.ok, read.ok ? '' : JSON.stringify(read.problems.map((q) => q.message.en))).toBe(true);
      if (!read.ok) return;
      const back = read.value.layer.features as Feature<Polygon | MultiPolygon, Record<string, unknown>>[];
      expect(back.map((f) => f.id)).toEqual(features.map((f) => f.id));
      expect(back.map((f) => f.properties.name)).toEqual(parcels.map((p) => p.name));
      back.forEach((f, i) => {
        const want = features[i].geometry;
        expect(f.geometry.type).toBe(want.type);
        const polys = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
        const wp = polys(want), gp = polys(f.geometry);
        expect(gp.map((rings) => rings.length)).toEqual(wp.map((rings) => rings.length));
        // The file keeps millimetres: every vertex comes back within 1 mm (half a millimetre of rounding, plus projection).
        wp.forEach((rings, k) => rings.forEach((ring, r) => expect(sameRing(ring, gp[k][r], 0.001), `${f.id} polygon ${k} ring ${r}`).toBe(true)));
        expect(Math.abs(geometryAreaM2(f.geometry) - geometryAreaM2(want))).toBeLessThanOrEqual(Math.max(0.01, 1e-6 * geometryAreaM2(want)) + 0.002 * Math.sqrt(geometryAreaM2(want)));
      });
      const again = writeCoordTxt(read.value.layer, 'p.txt', { encoding, date: '2024-06-30' });
      expect(again.ok && Buffer.from(again.value.bytes).equals(Buffer.from(written.value.bytes))).toBe(true);
    }), { numRuns: RUNS.txt });
  });
});

// ---------------------------------------------------------------- metrics

/** Numbers as files bring them: 0, −0, negative, tiny, huge, the largest double, NaN and the infinities. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, -1, 1e-300, 5e-324, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.NaN, Infinity, -Infinity),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);
const maybeNumber = fc.option(anyNumber, { nil: null });

function finiteOrNull(value: unknown, path: string, bad: string[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) bad.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => finiteOrNull(v, `${path}[${i}]`, bad));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) finiteOrNull(v, `${path}.${k}`, bad);
}

const NUMBER_FIELDS = ['investmentWan', 'floorAreaM2', 'footprintAreaM2', 'greenAreaM2', 'supportLandM2', 'supportFloorAreaM2', 'revenueWan', 'taxWan', 'landPriceWan', 'developedAreaM2', 'plannedInvestmentWan', 'investedWan'] as const;

describe('metrics never give NaN or Infinity (null instead)', () => {
  it('parcelMetrics, for any numbers in the record and any area, incl. 0, negative, huge, NaN and ±Infinity', () => {
    const recordArb = fc.record(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, maybeNumber])) as Record<(typeof NUMBER_FIELDS)[number], fc.Arbitrary<number | null>>);
    fc.assert(fc.property(recordArb, maybeNumber, (numbers, area) => {
      const rec = { id: 'P', name: null, enterprise: null, landUse: 'industrial', industry: null, industryCode: null, isLeadingIndustry: null, agreedStartDate: null, actualStartDate: null, haltedSince: null, governmentCaused: false, park: null, ...numbers } as ParcelRecord;
      const bad: string[] = [];
      finiteOrNull(parcelMetrics(rec, area), 'metrics', bad);
      expect(bad, JSON.stringify({ numbers, area })).toEqual([]);
    }), { numRuns: RUNS.metrics });
  });

  it('evaluate(), for layers whose every number field is arbitrary (validated first, as the app and CLI do)', () => {
    const value = fc.oneof(anyNumber, fc.constantFrom('0', '-5', '1e309', '12,345.6', 'abc', ''), fc.constant(null));
    const parcelArb2 = fc.record({
      props: fc.record(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, value])) as Record<string, fc.Arbitrary<unknown>>),
      w: fc.double({ min: 1e-6, max: 0.01, noNaN: true }),
      h: fc.double({ min: 1e-6, max: 0.01, noNaN: true }),
      landUse: fc.constantFrom('industrial', 'warehouse', 'commercial', null),
      started: fc.constantFrom('2015-01-01', '2024-12-31', null),
      halted: fc.constantFrom('2019-05-05', null),
      governmentCaused: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(parcelArb2, { minLength: 1, maxLength: 8 }), fc.constantFrom('central', 'county', null), fc.constantFrom('2026-06-30', '2000-01-01', '2099-12-31'), (parcels, parkClass, reviewDate) => {
      const sq = (x: number, y: number, w: number, h: number) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
      const park = { type: 'FeatureCollection', kind: 'park', features: [{ type: 'Feature', id: 'PK', properties: { name: '园区', parkClass, leadingIndustries: ['纺织业'] }, geometry: { type: 'Polygon', coordinates: sq(113.9, 32.9, 0.3, 0.3) } }] };
      const zone = { type: 'FeatureCollection', kind: 'zone', features: [{ type: 'Feature', id: 'Z', properties: { zoneType: 'built', park: 'PK' }, geometry: { type: 'Polygon', coordinates: sq(113.95, 32.95, 0.2, 0.2) } }] };
      const parcel = {
        type: 'FeatureCollection', kind: 'parcel',
        features: parcels.map((p, i) => ({
          type: 'Feature', id: `P${i}`,
          properties: { ...p.props, landUse: p.landUse, industry: '纺织业', isLeadingIndustry: i % 2 === 0, agreedStartDate: '2014-03-01', actualStartDate: p.started, haltedSince: p.halted, governmentCaused: p.governmentCaused, park: 'PK' },
          geometry: { type: 'Polygon', coordinates: sq(114 + (i % 4) * 0.011, 33 + Math.floor(i / 4) * 0.011, p.w, p.h) },
        })),
      };
      const reloc = { type: 'FeatureCollection', kind: 'relocation', features: [{ type: 'Feature', id: 'V', properties: { village: '村', households: parcels[0].props.investmentWan, population: parcels[0].props.taxWan, status: 'planned', resettlementUnits: parcels[0].props.floorAreaM2, park: 'PK' }, geometry: { type: 'Polygon', coordinates: sq(114.1, 33.1, 0.01, 0.01) } }] };
      const layers = [park, zone, parcel, reloc].map((l) => {
        const v = validateLayer(l, `${l.kind}.geojson`);
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        return v.value as ValidatedLayer;
      });
      const bad: string[] = [];
      finiteOrNull(evaluate(layers, { reviewDate }), 'evaluation', bad);
      expect(bad).toEqual([]);
    }), { numRuns: RUNS.evaluate });
  });
});

// ---------------------------------------------------------------- idle land

const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((d) => addDays('2000-01-01', d));
const idleInputArb: fc.Arbitrary<IdleInput> = fc.record({
  landPriceWan: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
  agreedStartDate: fc.option(dateArb, { nil: null }),
  actualStartDate: fc.option(dateArb, { nil: null }),
  haltedSince: fc.option(dateArb, { nil: null }),
  developedAreaM2: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: null }),
  plannedInvestmentWan: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: null }),
  investedWan: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: null }),
  governmentCaused: fc.boolean(),
});
const SEVERITY: Record<string, number> = { none: 0, fee: 1, reclaim: 2 };
const datesOf = (p: IdleInput) => [p.agreedStartDate, p.actualStartDate, p.haltedSince].filter((d): d is string => d !== null);

/** What must only move forward between two review dates with the same facts. */
function assertForward(a: IdleResult, b: IdleResult, context: string): void {
  expect(a.isIdle === null, context).toBe(b.isIdle === null);
  if (a.isIdle === null) return;
  expect([a.basis, a.since], context).toEqual([b.basis, b.since]);
  if (a.isIdle) expect(b.isIdle, context).toBe(true);
  if (a.idleYears !== null) expect(b.idleYears!, context).toBeGreaterThanOrEqual(a.idleYears);
  if (a.disposal === 'negotiate' || b.disposal === 'negotiate') {
    // Government-caused: negotiated once idle, whatever the years.
    if (a.disposal === 'negotiate') expect(b.disposal, context).toBe('negotiate');
  } else {
    expect(SEVERITY[b.disposal!], context).toBeGreaterThanOrEqual(SEVERITY[a.disposal!]);
  }
}

describe('idle land (src/core/rules/idle.ts) is monotone in the review date', () => {
  it('with the same facts (no recorded date between R1 and R2), a later review never finds less', () => {
    fc.assert(fc.property(idleInputArb, fc.double({ min: 1, max: 1e5, noNaN: true }), dateArb, fc.integer({ min: 0, max: 3650 }), (p, area, r1, days) => {
      const r2 = addDays(r1, days);
      fc.pre(!datesOf(p).some((d) => d > r1 && d <= r2));
      assertForward(determineIdle(p, area, r1), determineIdle(p, area, r2), JSON.stringify({ p, area, r1, r2 }));
    }), { numRuns: RUNS.idle });
  });

  it('for a parcel never started, a later review never finds less, whatever the dates', () => {
    fc.assert(fc.property(idleInputArb, fc.double({ min: 1, max: 1e5, noNaN: true }), dateArb, fc.integer({ min: 0, max: 3650 }), (p0, area, r1, days) => {
      const p = { ...p0, actualStartDate: null, haltedSince: null };
      assertForward(determineIdle(p, area, r1), determineIdle(p, area, addDays(r1, days)), JSON.stringify({ p, r1, days }));
    }), { numRuns: RUNS.idle });
  });

  it('does not look ahead: a start or halt recorded after the review date changes nothing at that date', () => {
    fc.assert(fc.property(idleInputArb, fc.double({ min: 1, max: 1e5, noNaN: true }), dateArb, (p, area, r) => {
      const known = { ...p, actualStartDate: p.actualStartDate !== null && p.actualStartDate > r ? null : p.actualStartDate, haltedSince: p.haltedSince !== null && p.haltedSince > r ? null : p.haltedSince };
      expect(determineIdle(p, area, r)).toEqual(determineIdle(known, area, r));
    }), { numRuns: RUNS.idle });
  });
});
