// Ellipsoidal area (src/core/geodesy/area.ts) against GeographicLib: random polygons, golden fixtures, invariances.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  FAST_PATH_MAX_LAT_DEG,
  areaToleranceM2,
  delegatedRingCount,
  fastRingDiagnostics,
  geometryAreaM2,
  polygonAreaM2,
  ringAreaM2,
  tierRingDiagnostics,
} from '../../src/core/geodesy/area';
import { geodesicGeometryAreaM2, geodesicRingAreaM2, GRS80_A, GRS80_F } from '../../src/core/geodesy/geographiclib';

const DEG = Math.PI / 180;
const E2 = GRS80_F * (2 - GRS80_F);
/** GeographicLib's own figures scatter by up to ~2e-4 m² at any size (its summation), well under the 1e-3 floor. */
const GEOGRAPHICLIB_NOISE_M2 = 5e-4;

/** Local metres (x east, y north) around a centre → lon/lat, with the ellipsoid's radii at the centre. */
function toLonLat(lat0: number, lon0: number, xy: ReadonlyArray<readonly [number, number]>): Position[] {
  const s = Math.sin(lat0 * DEG);
  const w = Math.sqrt(1 - E2 * s * s);
  const p = (GRS80_A * Math.cos(lat0 * DEG)) / w;
  const m = (GRS80_A * (1 - E2)) / (w * w * w);
  return xy.map(([x, y]) => [lon0 + x / (p * DEG), lat0 + y / (m * DEG)]);
}

const geographiclibAreaM2 = geodesicGeometryAreaM2;

const rotate = <T>(ring: T[], k: number): T[] => [...ring.slice(k), ...ring.slice(0, k)];
const closed = (ring: Position[]): Position[] => [...ring, [ring[0][0], ring[0][1]]];

// Random simple polygons: star-shaped around the centre (one vertex per angular sector, jittered by under half a
// sector, so consecutive vertices are less than 180° apart: the centre is inside and the ring never crosses
// itself), stretched to an aspect ratio of up to 1:1000, rotated, scaled to a target area.
interface Shape {
  lat: number;
  lon: number;
  log10Area: number;
  log10Aspect: number;
  rotation: number;
  vertices: Array<{ angle: number; radius: number }>;
  clockwise: boolean;
}
const shapeArb = (latMin: number, latMax: number, log10AreaMax = 9): fc.Arbitrary<Shape> =>
  fc.record({
    lat: fc.double({ min: latMin, max: latMax, noNaN: true }),
    lon: fc.double({ min: 73, max: 135, noNaN: true }),
    log10Area: fc.double({ min: 1, max: log10AreaMax, noNaN: true }), // 10 m² … 1000 km²
    log10Aspect: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
    rotation: fc.double({ min: 0, max: Math.PI, noNaN: true }),
    vertices: fc.array(
      fc.record({ angle: fc.double({ min: 0, max: 0.45, noNaN: true }), radius: fc.double({ min: 0.2, max: 1, noNaN: true }) }),
      { minLength: 3, maxLength: 60 },
    ),
    clockwise: fc.boolean(),
  });

function shapeRing(s: Shape): Position[] {
  const n = s.vertices.length;
  const squash = Math.pow(10, -s.log10Aspect);
  const c = Math.cos(s.rotation);
  const sn = Math.sin(s.rotation);
  let xy: Array<[number, number]> = s.vertices.map((v, k) => {
    const theta = (2 * Math.PI * (k + v.angle)) / n;
    const x = v.radius * Math.cos(theta);
    const y = v.radius * Math.sin(theta) * squash;
    return [x * c - y * sn, x * sn + y * c];
  });
  let twice = 0;
  for (let i = 0; i < n; i++) twice += xy[i][0] * xy[(i + 1) % n][1] - xy[(i + 1) % n][0] * xy[i][1];
  if (!(twice > 0)) throw new Error('generator produced a non-positive ring');
  const scale = Math.sqrt(Math.pow(10, s.log10Area) / (twice / 2));
  xy = xy.map(([x, y]) => [x * scale, y * scale]);
  if (s.clockwise) xy.reverse();
  return closed(toLonLat(s.lat, s.lon, xy));
}

describe('ringAreaM2 against GeographicLib (property)', () => {
  it('is within max(1e-6 relative, 0.001 m²) for random polygons of 10 m²–1000 km² at 18–54°N, using at most half of it', () => {
    const seen = { tier1: 0, tier2: 0, delegated: 0 };
    let worst = 0;
    fc.assert(
      fc.property(shapeArb(18, 54), (shape) => {
        const ring = shapeRing(shape);
        const before = delegatedRingCount();
        const ours = geometryAreaM2({ type: 'Polygon', coordinates: [ring] });
        if (delegatedRingCount() > before) seen.delegated++;
        else if (fastRingDiagnostics(ring).tier === 1) seen.tier1++;
        else seen.tier2++;
        const ref = geodesicRingAreaM2(ring);
        const ratio = Math.abs(ours - ref) / areaToleranceM2(ref);
        worst = Math.max(worst, ratio);
        expect(ratio).toBeLessThanOrEqual(0.5);
      }),
      { numRuns: 2000 },
    );
    // Every path was exercised, so the bound above covers all three.
    expect(seen.tier1).toBeGreaterThan(500);
    expect(seen.tier2).toBeGreaterThan(20);
    expect(seen.delegated).toBeGreaterThan(5);
    expect(worst).toBeGreaterThan(0);
  });

  it('each fast tier stays within its own error bound, 0–78° of latitude, 10 m² up to 100 km wide', () => {
    fc.assert(
      fc.property(shapeArb(0, FAST_PATH_MAX_LAT_DEG - 2, 9.5), (shape) => {
        const ring = shapeRing(shape);
        const ref = geodesicRingAreaM2(ring) * (shape.clockwise ? -1 : 1);
        for (const tier of [1, 2] as const) {
          const d = tierRingDiagnostics(ring, tier);
          expect(Math.abs(d.signedM2 - ref)).toBeLessThanOrEqual(d.boundM2 + GEOGRAPHICLIB_NOISE_M2);
        }
      }),
      { numRuns: 600 },
    );
  });
});

interface AreaCase {
  id: string;
  description: string;
  approxM2: number;
  geometry: Polygon | MultiPolygon;
  geographiclibM2: number;
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/geodesy/area-cases.json', import.meta.url), 'utf8'),
) as { cases: AreaCase[] };

describe('area fixtures (test/fixtures/geodesy/area-cases.json)', () => {
  it('has the cases the tests rely on', () => {
    expect(fixtures.cases.map((c) => c.id)).toEqual(
      expect.arrayContaining(['square-1km', 'square-1km-clockwise', 'one-mu', 'one-mu-unclosed', 'square-with-hole', 'multipolygon', 'square-1000km2', 'strip-80km', 'degenerate']),
    );
  });

  for (const c of fixtures.cases) {
    it(`${c.id}: ${c.description}`, () => {
      const ours = geometryAreaM2(c.geometry);
      // Ours against the stored reference, the stored reference against live GeographicLib, and both against
      // the figure a person can check (nominal sizes; coordinates are rounded to 1e-8°, hence 2e-4).
      expect(Math.abs(ours - c.geographiclibM2)).toBeLessThanOrEqual(areaToleranceM2(c.geographiclibM2));
      expect(Math.abs(geographiclibAreaM2(c.geometry) - c.geographiclibM2)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.geographiclibM2));
      if (c.approxM2 === 0) expect(ours).toBe(0);
      else expect(Math.abs(ours / c.approxM2 - 1)).toBeLessThan(2e-4);
    });
  }

  it('the clockwise and unclosed variants give exactly the figures of their originals', () => {
    const byId = new Map(fixtures.cases.map((c) => [c.id, geometryAreaM2(c.geometry)]));
    expect(byId.get('square-1km-clockwise')).toBe(byId.get('square-1km'));
    expect(byId.get('one-mu-unclosed')).toBe(byId.get('one-mu'));
  });
});

describe('invariances', () => {
  // An irregular 9-vertex ring at three sizes: a parcel (tier 1), 40 km across (tier 2 territory for thin
  // shapes), and a 100 km-long sliver (GeographicLib).
  const base: Array<[number, number]> = [
    [0, 0], [420, -35], [780, 60], [1010, 390], [900, 720], [560, 640], [300, 900], [40, 610], [-120, 280],
  ];
  const sizes: Array<{ name: string; ring: Position[] }> = [
    { name: 'parcel', ring: toLonLat(33.2, 114.1, base) },
    { name: '40 km', ring: toLonLat(40.5, 116.3, base.map(([x, y]) => [x * 40, y * 40] as [number, number])) },
    { name: '100 km sliver', ring: toLonLat(25.1, 102.7, base.map(([x, y]) => [x * 100, y * 2] as [number, number])) },
  ];

  for (const { name, ring } of sizes) {
    it(`${name}: rotating the ring or reversing it does not change the area`, () => {
      const a = ringAreaM2(closed(ring));
      expect(a).toBeGreaterThan(0);
      for (let k = 1; k < ring.length; k++) {
        expect(Math.abs(ringAreaM2(closed(rotate(ring, k))) - a)).toBeLessThanOrEqual(1e-9 * a + 1e-6);
      }
      const reversed = [...ring].reverse();
      for (let k = 0; k < ring.length; k++) {
        expect(Math.abs(ringAreaM2(closed(rotate(reversed, k))) - a)).toBeLessThanOrEqual(1e-9 * a + 1e-6);
      }
      expect(ringAreaM2(ring)).toBe(a); // unclosed
      expect(Math.abs(a - geodesicRingAreaM2(ring))).toBeLessThanOrEqual(areaToleranceM2(a));
    });
  }

  it('a hole is subtracted, and a polygon is never negative', () => {
    const outer = closed(toLonLat(33, 114, [[0, 0], [300, 0], [300, 200], [0, 200]]));
    const hole = closed(toLonLat(33, 114, [[50, 50], [50, 120], [140, 120], [140, 50]]));
    const withHole = polygonAreaM2([outer, hole]);
    expect(withHole).toBeCloseTo(ringAreaM2(outer) - ringAreaM2(hole), 6);
    expect(withHole / (60000 - 6300) - 1).toBeLessThan(1e-4);
    expect(withHole).toBeGreaterThan(53000);
    // A "hole" larger than its outer ring (broken data) gives 0, not a negative area.
    expect(polygonAreaM2([hole, outer])).toBe(0);
    expect(polygonAreaM2([])).toBe(0);
  });

  it('a MultiPolygon is the sum of its parts', () => {
    const p1 = [closed(toLonLat(33, 114, [[0, 0], [100, 0], [100, 100], [0, 100]]))];
    const p2 = [
      closed(toLonLat(33.1, 114.2, [[0, 0], [400, 0], [400, 300], [0, 300]])),
      closed(toLonLat(33.1, 114.2, [[100, 100], [100, 200], [200, 200], [200, 100]])),
    ];
    const multi = geometryAreaM2({ type: 'MultiPolygon', coordinates: [p1, p2] });
    expect(multi).toBeCloseTo(polygonAreaM2(p1) + polygonAreaM2(p2), 6);
    expect(multi / (10000 + 120000 - 10000) - 1).toBeLessThan(1e-4);
  });

  it('rings with fewer than 3 distinct points have no area', () => {
    const a: Position = [114, 33];
    const b: Position = [114.001, 33.002];
    for (const ring of [[], [a], [a, b], [a, b, a], [a, a, a, a], [a, b, b, a], [a, b, a, b, a]]) {
      expect(ringAreaM2(ring)).toBe(0);
      expect(polygonAreaM2([ring])).toBe(0);
    }
  });
});

describe('which path a ring takes', () => {
  it('parcels take the cheapest tier and never GeographicLib; an 80 km sliver goes to GeographicLib', () => {
    // A 600 亩 parcel at 1:4 aspect (≈ 1 km × 250 m): the largest the synthetic bench data has.
    const side = Math.sqrt(600 * (10000 / 15) / 4);
    const parcel = closed(toLonLat(33, 114, [[0, 0], [4 * side, 0], [4 * side, side], [0, side]]));
    const before = delegatedRingCount();
    ringAreaM2(parcel);
    expect(delegatedRingCount()).toBe(before);
    expect(fastRingDiagnostics(parcel).tier).toBe(1);
    expect(fastRingDiagnostics(parcel).boundM2).toBeLessThan(1e-4);

    const sliver = closed(toLonLat(33, 114, [[0, 0], [80000, 40000], [80000, 40010], [0, 10]]));
    const viaLib = ringAreaM2(sliver);
    expect(delegatedRingCount()).toBe(before + 1);
    expect(viaLib).toBe(geodesicRingAreaM2(sliver));
  });

  it('a ring across the antimeridian is handed over whole rather than broken (China never needs it)', () => {
    const ring = closed(toLonLat(33, 180, [[-500, -500], [500, -500], [500, 500], [-500, 500]]).map(([lon, lat]) => [lon > 180 ? lon - 360 : lon, lat]));
    expect(ring[1][0]).toBeLessThan(0);
    const a = ringAreaM2(ring);
    expect(a / 1e6 - 1).toBeLessThan(1e-4);
    expect(Math.abs(a - geodesicRingAreaM2(ring))).toBeLessThanOrEqual(areaToleranceM2(a));
  });

  it('far from China (75°N, the equator) the answer still matches GeographicLib', () => {
    for (const [lat, lon] of [[75, 20], [0.01, -60], [-33.9, 18.4]] as const) {
      const ring = closed(toLonLat(lat, lon, [[0, 0], [700, 100], [650, 800], [-50, 600]]));
      expect(Math.abs(ringAreaM2(ring) - geodesicRingAreaM2(ring))).toBeLessThanOrEqual(areaToleranceM2(ringAreaM2(ring)));
    }
  });
});
