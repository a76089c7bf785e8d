// 五规合一 conflicts (src/core/overlay) on small fixtures: each case folder holds input layers and expected.geojson,
// whose polygons are written by hand and whose areas are GeographicLib's (test/fixtures/overlay/regen.ts).
import { readdirSync, readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { geodesicGeometryAreaM2 } from '../../src/core/geodesy/geographiclib';
import { parseGeoJsonText } from '../../src/core/io/geojson';
import {
  assembleConflicts, chunkTransferables, detectConflicts, detectConflictsSync, overlayInput, prepareOverlay, processTasks,
} from '../../src/core/overlay/detect';
import { CONFLICT_TYPES, type Conflict, type ConflictResult } from '../../src/core/overlay/types';
import type { ValidatedLayer } from '../../src/core/schema/validate';

const ROOT = 'test/fixtures/overlay';
const CASES = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

interface Expected extends FeatureCollection<Polygon | MultiPolygon> {
  description: string;
  droppedSlivers?: number;
  skipped?: Array<{ file: string; id: string; codes: string[] }>;
  warnings?: string[];
  stats?: Record<string, number>;
  toleranceM2?: number;
}

/** A case's layers (ids prefixed when given, to load several cases side by side) and its expected output. */
function loadCase(name: string, idPrefix = ''): { layers: ValidatedLayer[]; expected: Expected } {
  const layers: ValidatedLayer[] = [];
  for (const file of readdirSync(`${ROOT}/${name}`).filter((f) => f.endsWith('.geojson') && f !== 'expected.geojson').sort()) {
    let text = readFileSync(`${ROOT}/${name}/${file}`, 'utf8');
    if (idPrefix) text = text.replace(/"(id|park)":"([^"]+)"/g, `"$1":"${idPrefix}$2"`);
    const r = parseGeoJsonText(text, file);
    if (!r.ok) throw new Error(`${name}/${file} did not load`);
    r.value.layer.name = file;
    layers.push(r.value);
  }
  return { layers, expected: JSON.parse(readFileSync(`${ROOT}/${name}/expected.geojson`, 'utf8')) as Expected };
}

const parts = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Signed shoelace in degrees² (counter-clockwise positive). */
function shoelace(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

/** Area (m², GeographicLib) of the symmetric difference of two geometries, by an independent clipper. */
function xorAreaM2(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const x = polygonClipping.xor(parts(a) as polygonClipping.Geom, parts(b) as polygonClipping.Geom);
  return x.reduce((sum, p) => sum + geodesicGeometryAreaM2({ type: 'Polygon', coordinates: p as Position[][] }), 0);
}

describe.each(CASES)('overlay fixture %s', (name) => {
  const { layers, expected } = loadCase(name);
  const result = detectConflictsSync(layers);

  it('finds exactly the expected conflicts, in type, plan, against order', () => {
    const key = (c: { type: string; plan: string; against: string }) => `${c.type} ${c.plan} ${c.against}`;
    expect(result.conflicts.map(key)).toEqual(expected.features.map((f) => key(f.properties as { type: string; plan: string; against: string })));
  });

  it('gives each conflict GeographicLib’s area of the expected polygon, and that polygon', () => {
    const tolerance = expected.toleranceM2 ?? 0;
    expected.features.forEach((f: Feature<Polygon | MultiPolygon>, i) => {
      const c = result.conflicts[i];
      const ref = f.properties!.geographiclibM2 as number;
      expect(Math.abs(c.areaM2 - ref), `${f.id} area`).toBeLessThanOrEqual(Math.max(1e-6 * ref, 1e-3) + tolerance);
      expect(c.areaMu).toBeCloseTo(c.areaM2 * 0.0015, 9);
      expect(c.geometry.type, `${f.id} geometry type`).toBe(f.geometry.type);
      expect(xorAreaM2(c.geometry, f.geometry), `${f.id} symmetric difference`).toBeLessThanOrEqual(1e-3 + tolerance);
      // RFC 7946: outer rings counter-clockwise, holes clockwise, rings closed.
      for (const rings of parts(c.geometry)) {
        rings.forEach((ring, k) => {
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(Math.sign(shoelace(ring)), `${f.id} ring ${k} orientation`).toBe(k === 0 ? 1 : -1);
        });
      }
    });
  });

  it('totals each type over its conflicts, with all five types present', () => {
    expect(Object.keys(result.totals)).toEqual([...CONFLICT_TYPES]);
    for (const t of CONFLICT_TYPES) {
      const sum = result.conflicts.filter((c) => c.type === t).reduce((s, c) => s + c.areaM2, 0);
      expect(result.totals[t]).toBe(sum);
    }
  });

  it('counts slivers, reports unusable features and warns as expected', () => {
    expect(result.droppedSlivers).toBe(expected.droppedSlivers ?? 0);
    expect(result.skipped).toEqual(expected.skipped ?? []);
    expect([...new Set(result.problems.map((p) => p.code))].sort()).toEqual([...(expected.warnings ?? [])].sort());
    expect(result.problems.every((p) => p.severity === 'warning')).toBe(true);
    for (const [k, v] of Object.entries(expected.stats ?? {})) expect(result.stats[k as keyof typeof result.stats], k).toBe(v);
  });
});

describe('overlay options and entry points', () => {
  it('keeps a 2 m² overlap at the default minimum and drops it as a sliver at 5 m²', () => {
    const { layers } = loadCase('touching-and-slivers');
    const strict = detectConflictsSync(layers, { minAreaM2: 5 });
    expect(strict.conflicts).toEqual([]);
    expect(strict.droppedSlivers).toBe(2);
    const loose = detectConflictsSync(layers, { minAreaM2: 0.1 });
    expect(loose.conflicts.map((c) => c.against)).toEqual(['LU-SLIVER', 'LU-THIN']);
    expect(loose.conflicts[0].areaM2).toBeGreaterThan(0.4);
    expect(loose.conflicts[0].areaM2).toBeLessThan(0.6);
    // Touching edges and corners are never counted, whatever the minimum.
    expect(detectConflictsSync(layers, { minAreaM2: 0 }).conflicts.map((c) => c.against)).toEqual(['LU-SLIVER', 'LU-THIN']);
  });

  it('tells where a parcel without a known park is, by file and id', () => {
    const { layers } = loadCase('outside-park');
    const result = detectConflictsSync(layers);
    const missing = result.problems.find((p) => p.code === 'conflict-park-missing')!;
    expect(missing).toMatchObject({ file: 'parcels.geojson', featureId: 'P-NOPARK', field: 'park', severity: 'warning' });
    expect(result.problems.find((p) => p.code === 'conflict-park-unknown')!.message.en).toContain('"PARK-9" is not loaded');
  });

  it('reports a park with a self-intersecting boundary by id, and its parcels as not checked for that reason', () => {
    const { layers } = loadCase('outside-park');
    const parkFile = JSON.parse(readFileSync(`${ROOT}/outside-park/park.geojson`, 'utf8'));
    parkFile.features[0].geometry.coordinates[0] = [[114, 33], [114.01, 33.01], [114.01, 33], [114, 33.01], [114, 33]];
    const broken = parseGeoJsonText(JSON.stringify(parkFile), 'park.geojson');
    if (!broken.ok) throw new Error('park did not load');
    broken.value.layer.name = 'park.geojson';
    const result = detectConflictsSync([broken.value, ...layers.filter((l) => l.kind !== 'park')]);
    expect(result.conflicts).toEqual([]);
    expect(result.skipped).toEqual([{ file: 'park.geojson', id: 'PARK-1', codes: ['ring-self-intersection'] }]);
    expect(result.problems.filter((p) => p.code === 'conflict-park-unusable').map((p) => p.featureId)).toEqual(['P-IN', 'P-EDGE', 'P-OUT', 'P-TOUCH-OUT', 'P-TOUCH-IN']);
  });

  const everything = () => CASES.filter((n) => n !== 'invalid-ring').flatMap((n) => loadCase(n, `${n}/`).layers);
  const same = (a: ConflictResult, b: ConflictResult) => {
    const strip = (c: Conflict) => ({ ...c });
    expect(a.conflicts.map(strip)).toEqual(b.conflicts.map(strip));
    expect(a.totals).toEqual(b.totals);
    expect(a.droppedSlivers).toBe(b.droppedSlivers);
    expect(a.stats).toEqual(b.stats);
  };

  it('gives the same result in flat chunks of any size (as workers return them) as in one call', () => {
    const layers = everything();
    const whole = detectConflictsSync(layers);
    expect(whole.conflicts.length).toBeGreaterThan(15);
    const prepared = prepareOverlay(layers, { sharedMemory: true });
    expect(prepared.geometries.xy.buffer).toBeInstanceOf(SharedArrayBuffer);
    const input = overlayInput(prepared);
    const total = input.tasks.subject.length;
    for (const size of [1, 3, 7, total]) {
      const chunks = [];
      for (let start = 0; start < total; start += size) {
        const chunk = processTasks(input, start, start + size, { flat: true });
        expect(chunk.geometries).toBeNull();
        // Every array crosses by transfer, none by copy.
        expect(chunkTransferables(chunk)).toHaveLength(7);
        chunks.push(structuredClone(chunk));
      }
      same(assembleConflicts(prepared, chunks.reverse()), whole);
    }
  });

  it('from flat chunks, builds a conflict’s GeoJSON once, on first access; JSON, structured clones and spreads carry it', () => {
    const { layers } = loadCase('eco-red-line');
    const prepared = prepareOverlay(layers);
    const result = assembleConflicts(prepared, [processTasks(prepared, 0, prepared.tasks.subject.length, { flat: true })]);
    expect(result.conflicts.map((c) => c.geometry)).toEqual(detectConflictsSync(layers).conflicts.map((c) => c.geometry));
    const first = result.conflicts[0];
    const g = first.geometry;
    expect(first.geometry).toBe(g);
    expect(Object.keys(first)).toEqual(['type', 'plan', 'against', 'areaM2', 'areaMu', 'geometry']);
    const second = result.conflicts[1];
    expect(JSON.parse(JSON.stringify(second)).geometry.type).toBe('MultiPolygon');
    expect(structuredClone(result).conflicts[1].geometry).toEqual(second.geometry);
    expect({ ...result.conflicts[0] }.geometry).toBe(g);
  });

  it('reports progress chunk by chunk and stops when aborted', async () => {
    const layers = everything();
    const progress: Array<[number, number]> = [];
    const result = await detectConflicts(layers, { chunkSize: 5, onProgress: (d, t) => progress.push([d, t]) });
    same(result, detectConflictsSync(layers));
    const total = progress[0][1];
    expect(progress.map((p) => p[0])).toEqual(Array.from({ length: Math.ceil(total / 5) }, (_, i) => Math.min(total, 5 * (i + 1))));
    const controller = new AbortController();
    const run = detectConflicts(layers, {
      chunkSize: 5,
      signal: controller.signal,
      onProgress: (done) => { if (done >= 10) controller.abort(); },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(detectConflicts(layers, { signal: aborted.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('finds nothing, and says so without error, when there is nothing to check', () => {
    const result = detectConflictsSync([]);
    expect(result.conflicts).toEqual([]);
    expect(Object.values(result.totals)).toEqual([0, 0, 0, 0, 0]);
    expect(result.stats.candidatePairs).toBe(0);
  });
});
