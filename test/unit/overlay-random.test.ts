// Random polygons (many vertices, holes, multipolygons, shared vertices) through the whole overlay, against an
// independent clipper (polygon-clipping, floating point) and GeographicLib's areas.
import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { geodesicGeometryAreaM2 } from '../../src/core/geodesy/geographiclib';
import { detectConflictsSync } from '../../src/core/overlay/detect';
import type { ConflictResult } from '../../src/core/overlay/types';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

const M_PER_DEG_LON = 93_453; // at 33°N, enough for placing shapes
const M_PER_DEG_LAT = 110_904;

interface Blob {
  cx: number; // m east of 114°E
  cy: number; // m north of 33°N
  radii: number[];
  phase: number;
  hole: boolean;
}

/** A star-shaped ring (one vertex per sector) in lon/lat with 7 decimals, counter-clockwise unless `cw`. */
function starRing(b: Blob, scale: number, cw: boolean): Position[] {
  const n = b.radii.length;
  const ring: Position[] = [];
  for (let k = 0; k < n; k++) {
    const t = b.phase + (2 * Math.PI * (cw ? n - k : k)) / n;
    const r = b.radii[cw ? (n - k) % n : k] * scale;
    ring.push([Number((114 + (b.cx + r * Math.cos(t)) / M_PER_DEG_LON).toFixed(7)), Number((33 + (b.cy + r * Math.sin(t)) / M_PER_DEG_LAT).toFixed(7))]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

function geometryOf(blobs: Blob[]): Polygon | MultiPolygon {
  const polygons = blobs.map((b) => (b.hole ? [starRing(b, 1, false), starRing(b, 0.3, true)] : [starRing(b, 1, false)]));
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

// Radii 60–100% of a size, so holes at 30% stay inside; parts of a multipolygon 3 sizes apart, so they are apart.
const blob = (size: number, cx: number, cy: number) =>
  fc.record({
    cx: fc.constant(cx), cy: fc.constant(cy),
    radii: fc.array(fc.double({ min: 0.6 * size, max: size, noNaN: true }), { minLength: 3, maxLength: 120, size: 'max' }),
    phase: fc.double({ min: 0, max: 6.28, noNaN: true }),
    hole: fc.boolean(),
  });
const shape = fc
  .tuple(fc.integer({ min: 50, max: 400 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 2 }))
  .chain(([size, cx, cy, parts]) => fc.tuple(...Array.from({ length: parts }, (_, i) => blob(size, cx + i * 3 * size, cy))));

function layer(kind: string, features: Array<{ id: string; properties: Record<string, unknown>; geometry: Polygon | MultiPolygon }>): ValidatedLayer {
  const r = validateLayer({ type: 'FeatureCollection', kind, features: features.map((f) => ({ type: 'Feature', ...f })) }, `${kind}.geojson`);
  if (!r.ok) throw new Error('invalid');
  return r.value;
}

const layersOf = (plan: Polygon | MultiPolygon, farmland: Polygon | MultiPolygon) => [
  layer('plan', [
    { id: 'PM', properties: { planType: 'park_master', planClass: 'M' }, geometry: plan },
    { id: 'LU', properties: { planType: 'land_use', planClass: 'basic_farmland' }, geometry: farmland },
  ]),
];

const parts = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as polygonClipping.Geom;
const areaOf = (mp: polygonClipping.MultiPolygon) => mp.reduce((s, p) => s + geodesicGeometryAreaM2({ type: 'Polygon', coordinates: p as Position[][] }), 0);

/**
 * Only crossing points move: Clipper2 truncates them to the 1e-8° grid (≤ ~1.6 mm at 33°N), or clamps them to the
 * scanbeam it finds them in (a unit in y, along the steeper edge). Each moved vertex can change the area by at most
 * that much times half its two edges. Returns that bound (m²) for the result's vertices that are not input vertices.
 */
function crossingBound(result: ReadonlyArray<Polygon | MultiPolygon>, inputs: ReadonlyArray<Polygon | MultiPolygon>): number {
  const original = new Set<string>();
  for (const g of inputs) for (const rings of parts(g) as Position[][][]) for (const ring of rings) for (const p of ring) original.add(`${p[0]},${p[1]}`);
  const len = (a: Position, b: Position) => Math.hypot((b[0] - a[0]) * M_PER_DEG_LON, (b[1] - a[1]) * M_PER_DEG_LAT);
  let bound = 0;
  for (const g of result) for (const rings of parts(g) as Position[][][]) for (const ring of rings) {
    const n = ring.length - 1;
    for (let i = 0; i < n; i++) {
      if (original.has(`${ring[i][0]},${ring[i][1]}`)) continue;
      bound += 1.6e-3 * (len(ring[(i + n - 1) % n], ring[i]) + len(ring[i], ring[i + 1])) / 2;
    }
  }
  return bound;
}

/** Our area against the reference's: the crossing points' rounding plus GeographicLib's relative tolerance. */
function tolerance(reference: number, result: ReadonlyArray<Polygon | MultiPolygon>, inputs: ReadonlyArray<Polygon | MultiPolygon>): number {
  return 1e-6 * reference + crossingBound(result, inputs) + 1e-3;
}

/**
 * Shortening long rings keeps every edge near the other feature with its end points, so the exact region is the
 * same; but Clipper2's scanlines are the y values of all input vertices, and a crossing found one scanbeam later is
 * clamped to that beam (test/fixtures/overlay/shortened-ring-scanline.geojson), so it may land a unit away. The
 * conflicts must match one for one, their areas within both results' crossing rounding.
 */
function expectSameConflicts(shortened: ConflictResult, unshortened: ConflictResult, inputs: ReadonlyArray<Polygon | MultiPolygon>): void {
  expect(unshortened.conflicts.map((c) => [c.type, c.plan, c.against])).toEqual(shortened.conflicts.map((c) => [c.type, c.plan, c.against]));
  shortened.conflicts.forEach((c, i) => {
    const u = unshortened.conflicts[i];
    const bound = crossingBound([c.geometry], inputs) + crossingBound([u.geometry], inputs) + 1e-9 * c.areaM2;
    expect(Math.abs(u.areaM2 - c.areaM2)).toBeLessThanOrEqual(bound);
  });
}

/**
 * A counterexample's shrinking reruns the overlay tens of thousands of times (arrays of up to 120 doubles inside a
 * chain): minutes, during which a synchronous property cannot be stopped by vitest's timeout. Past this limit the
 * run stops and fails with the smallest counterexample so far (and fails too if 300 runs did not fit in it).
 */
const RUN_LIMIT = { numRuns: 300, plugins: [fc.interruptAfterTimeLimit(40_000, { failOnInterrupt: true })] };

describe('overlay on random polygons', () => {
  it('intersections (plan block ∩ farmland) have the area an independent clipper and GeographicLib give', () => {
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        const planGeometry = geometryOf(a);
        const farmGeometry = geometryOf(b);
        const result = detectConflictsSync(layersOf(planGeometry, farmGeometry), { minAreaM2: 0 });
        expect(result.skipped).toEqual([]);
        const reference = areaOf(polygonClipping.intersection(parts(planGeometry), parts(farmGeometry)));
        const ours = result.conflicts.reduce((s, c) => s + c.areaM2, 0);
        expect(Math.abs(ours - reference)).toBeLessThanOrEqual(tolerance(reference, result.conflicts.map((c) => c.geometry), [planGeometry, farmGeometry]));
        expect(result.conflicts.length).toBeLessThanOrEqual(1);
        const unshortened = detectConflictsSync(layersOf(planGeometry, farmGeometry), { minAreaM2: 0, shortenRings: false });
        expectSameConflicts(result, unshortened, [planGeometry, farmGeometry]);
      }),
      RUN_LIMIT,
    );
  });

  it('differences (parcel − its park) have the area an independent clipper and GeographicLib give', () => {
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        const parcelGeometry = geometryOf(a);
        const parkGeometry = geometryOf(b);
        const result = detectConflictsSync([
          layer('park', [{ id: 'PK', properties: { parkClass: 'central' }, geometry: parkGeometry }]),
          layer('parcel', [{ id: 'P', properties: { landUse: 'industrial', park: 'PK' }, geometry: parcelGeometry }]),
        ], { minAreaM2: 0 });
        const reference = areaOf(polygonClipping.difference(parts(parcelGeometry), parts(parkGeometry)));
        const unshortened = detectConflictsSync([
          layer('park', [{ id: 'PK', properties: { parkClass: 'central' }, geometry: parkGeometry }]),
          layer('parcel', [{ id: 'P', properties: { landUse: 'industrial', park: 'PK' }, geometry: parcelGeometry }]),
        ], { minAreaM2: 0, shortenRings: false });
        expectSameConflicts(result, unshortened, [parcelGeometry, parkGeometry]);
        const ours = result.conflicts.reduce((s, c) => s + c.areaM2, 0);
        expect(Math.abs(ours - reference)).toBeLessThanOrEqual(tolerance(reference, result.conflicts.map((c) => c.geometry), [parcelGeometry, parkGeometry]));
      }),
      RUN_LIMIT,
    );
  });

  it('a plan block sharing vertices and edges with farmland (a common grid) gives the exact shared part', () => {
    // Two halves of one jagged outline, split along a jagged line both keep vertex for vertex, plus an overlap.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 2, maxLength: 30 }), fc.integer({ min: 1, max: 60 }), (jag, overlap) => {
        const n = jag.length;
        const line = jag.map((d, i) => [(i / (n - 1)) * 400, 200 + d] as [number, number]); // the shared edge, west → east
        const ll = ([x, y]: [number, number]): Position => [Number((114 + x / M_PER_DEG_LON).toFixed(7)), Number((33 + y / M_PER_DEG_LAT).toFixed(7))];
        const south: Position[] = [ll([0, 0]), ll([400, 0]), ...[...line].reverse().map(ll), ll([0, 0])];
        const north: Position[] = [...line.map(ll), ll([400, 400]), ll([0, 400]), ll(line[0])];
        const overlapBlock: Position[] = [ll([0, -overlap]), ll([100, -overlap]), ll([100, 0]), ll([0, 0]), ll([0, -overlap])];
        const result = detectConflictsSync([
          layer('plan', [
            { id: 'PM-S', properties: { planType: 'park_master', planClass: 'M' }, geometry: { type: 'Polygon', coordinates: [south] } },
            { id: 'LU-N', properties: { planType: 'land_use', planClass: 'basic_farmland' }, geometry: { type: 'Polygon', coordinates: [north] } },
            { id: 'LU-O', properties: { planType: 'land_use', planClass: 'basic_farmland' }, geometry: { type: 'Polygon', coordinates: [overlapBlock] } },
          ]),
        ], { minAreaM2: 0 });
        // Sharing the jagged edge is touching, not overlapping; touching LU-O along y = 0 likewise.
        expect(result.conflicts).toEqual([]);
        expect(result.droppedSlivers).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
