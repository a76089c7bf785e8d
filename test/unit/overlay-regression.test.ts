// Inputs the random overlay properties (overlay-random.test.ts) once failed on, kept as fixtures with what must hold.
import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as martinez from 'martinez-polygon-clipping';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { geodesicGeometryAreaM2 } from '../../src/core/geodesy/geographiclib';
import { detectConflictsSync } from '../../src/core/overlay/detect';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

const ROOT = 'test/fixtures/overlay';
const M_PER_DEG_LON = 93_453; // at 33°N
const M_PER_DEG_LAT = 110_904;

interface FixtureFeature {
  id: string;
  geometry: Polygon | MultiPolygon;
}

/** The fixture's layer, validated as the app would, and its geometries by feature id as written. */
function loadLayer(name: string): { layer: ValidatedLayer; geometry: (id: string) => Polygon | MultiPolygon } {
  const file = `${ROOT}/${name}`;
  const json = JSON.parse(readFileSync(file, 'utf8')) as { features: FixtureFeature[] };
  const r = validateLayer(json, file);
  if (!r.ok) throw new Error(`${file} did not validate`);
  const geometry = (id: string) => {
    const f = json.features.find((g) => g.id === id);
    if (!f) throw new Error(`${file}: no feature ${id}`);
    return f.geometry;
  };
  return { layer: r.value, geometry };
}

const partsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const areaOf = (polygons: Position[][][]) => polygons.reduce((s, p) => s + geodesicGeometryAreaM2({ type: 'Polygon', coordinates: p }), 0);
const units = (p: Position) => [Math.round(p[0] * 1e8), Math.round(p[1] * 1e8)];
const distanceM = (a: Position, b: Position) => Math.hypot((b[0] - a[0]) * M_PER_DEG_LON, (b[1] - a[1]) * M_PER_DEG_LAT);

/** Vertices of a geometry with the two edges at each (closing vertex left out). */
function corners(g: Polygon | MultiPolygon): Array<{ p: Position; edgesM: number }> {
  const out: Array<{ p: Position; edgesM: number }> = [];
  for (const rings of partsOf(g)) for (const ring of rings) {
    const n = ring.length - 1;
    for (let i = 0; i < n; i++) out.push({ p: ring[i], edgesM: distanceM(ring[(i + n - 1) % n], ring[i]) + distanceM(ring[i], ring[i + 1]) });
  }
  return out;
}

describe('overlay regressions', () => {
  it('shortening a far ring moves a crossing point by at most one unit (Clipper2 clamps crossings to scanbeams)', () => {
    const { layer, geometry } = loadLayer('shortened-ring-scanline.geojson');
    const plan = geometry('PM');
    const farmland = geometry('LU');
    const shortened = detectConflictsSync([layer], { minAreaM2: 0 });
    const unshortened = detectConflictsSync([layer], { minAreaM2: 0, shortenRings: false });
    expect(shortened.stats.ringsReduced).toBe(1); // PM's far part, the case this fixture is about
    expect(shortened.conflicts.map((c) => [c.type, c.plan, c.against])).toEqual([['basic_farmland', 'PM', 'LU']]);
    expect(unshortened.conflicts.map((c) => [c.type, c.plan, c.against])).toEqual([['basic_farmland', 'PM', 'LU']]);
    const [s] = shortened.conflicts;
    const [u] = unshortened.conflicts;

    // Vertex for vertex the same, but for crossing points (not input vertices) a unit (1e-8°) apart at most.
    const inputs = new Set([plan, farmland].flatMap((g) => partsOf(g).flat(2).map((p) => units(p).join())));
    const sCorners = corners(s.geometry);
    const uCorners = corners(u.geometry);
    expect(sCorners.length).toBe(uCorners.length);
    let movedBoundM2 = 0;
    for (const { p, edgesM } of sCorners) {
      const [x, y] = units(p);
      const near = uCorners.filter((q) => Math.abs(units(q.p)[0] - x) <= 1 && Math.abs(units(q.p)[1] - y) <= 1);
      expect(near.length, `a vertex of the unshortened result within a unit of ${p}`).toBeGreaterThan(0);
      const exact = near.find((q) => units(q.p)[0] === x && units(q.p)[1] === y);
      if (exact) continue;
      expect(inputs.has(`${x},${y}`), `input vertex ${p} kept exactly`).toBe(false);
      // Moving one vertex by d changes the area by at most d times half its two edges (the longer of either result's).
      const q = near[0];
      movedBoundM2 += (distanceM(p, q.p) * Math.max(edgesM, q.edgesM)) / 2;
    }
    expect(Math.abs(s.areaM2 - u.areaM2)).toBeLessThanOrEqual(movedBoundM2);

    // Both agree with two independent floating-point clippers' results measured by GeographicLib.
    const pc = areaOf(polygonClipping.intersection(partsOf(plan) as polygonClipping.Geom, partsOf(farmland) as polygonClipping.Geom) as Position[][][]);
    const mz = martinez.intersection(partsOf(plan) as martinez.Geometry, partsOf(farmland) as martinez.Geometry);
    const mzArea = areaOf((mz ?? []) as Position[][][]);
    const crossingsM2 = sCorners.filter(({ p }) => !inputs.has(units(p).join())).reduce((sum, c) => sum + 1.6e-3 * c.edgesM / 2, 0);
    for (const reference of [pc, mzArea]) {
      for (const ours of [s.areaM2, u.areaM2]) expect(Math.abs(ours - reference)).toBeLessThanOrEqual(1e-6 * reference + crossingsM2 + 1e-3);
    }
  });
});
