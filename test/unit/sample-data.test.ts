// The committed sample park (data/sample/) is exactly what data/generate.ts produces, and it is well formed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { generateSample, REVIEW_DATE, sampleCases } from '../../data/generate';

type Area = Polygon | MultiPolygon;
type Layer = FeatureCollection<Area, Record<string, unknown>> & { kind: string; name: string };

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../../data');
const sampleDir = join(dataDir, 'sample');
const generated = generateSample();
const geojsonFiles = Object.keys(generated).filter((f) => f.endsWith('.geojson'));
const layers: Record<string, Layer> = Object.fromEntries(
  geojsonFiles.map((f) => [f, JSON.parse(readFileSync(join(sampleDir, f), 'utf8')) as Layer]),
);
const features = (file: string) => layers[file].features as Feature<Area, Record<string, unknown>>[];
const polygonsOf = (g: Area): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const MU_PER_M2 = 0.0015;

const PLAN_FILES: Record<string, string> = {
  'plan-park_master.geojson': 'park_master',
  'plan-land_use.geojson': 'land_use',
  'plan-urban_master.geojson': 'urban_master',
  'plan-eco_env.geojson': 'eco_env',
  'plan-public_infra.geojson': 'public_infra',
};

const PARCEL_FIELDS = [
  'name', 'enterprise', 'landUse', 'industry', 'industryCode', 'isLeadingIndustry', 'investmentWan', 'floorAreaM2',
  'footprintAreaM2', 'greenAreaM2', 'supportLandM2', 'supportFloorAreaM2', 'revenueWan', 'taxWan', 'landPriceWan',
  'agreedStartDate', 'actualStartDate', 'haltedSince', 'developedAreaM2', 'plannedInvestmentWan', 'investedWan',
  'governmentCaused', 'park',
];

describe('sample park data (data/sample)', () => {
  it('is exactly what the generator produces', () => {
    expect(readdirSync(sampleDir).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, text] of Object.entries(generated)) {
      expect(readFileSync(join(sampleDir, file), 'utf8') === text, `${file} differs from the generator; run npx tsx data/generate.ts`).toBe(true);
    }
  });

  it('has a manifest listing every layer file with its kind, plans at the bottom and the park on top', () => {
    const index = JSON.parse(generated['index.json']) as { name: { zh: string; en: string }; center: number[]; reviewDate: string; layers: { file: string; kind: string; title: { zh: string; en: string } }[] };
    expect(index.reviewDate).toBe(REVIEW_DATE);
    expect(index.center).toHaveLength(2);
    expect(index.layers.map((l) => l.file).sort()).toEqual([...geojsonFiles].sort());
    for (const l of index.layers) {
      expect(layers[l.file].kind).toBe(l.kind);
      expect(l.title.zh && l.title.en).toBeTruthy();
    }
    const kinds = index.layers.map((l) => l.kind);
    expect(kinds.lastIndexOf('plan')).toBeLessThan(kinds.indexOf('zone'));
    expect(kinds[kinds.length - 1]).toBe('park');
  });

  it('writes one feature per line with 7-decimal lon/lat near 114°E 33°N', () => {
    for (const file of geojsonFiles) {
      const text = generated[file];
      const lines = text.trimEnd().split('\n');
      expect(lines).toHaveLength(layers[file].features.length + 2);
      for (const m of text.matchAll(/\[(-?\d+\.\d+),(-?\d+\.\d+)\]/g)) {
        expect(m[1].split('.')[1]).toHaveLength(7);
        expect(m[2].split('.')[1]).toHaveLength(7);
        expect(Math.abs(Number(m[1]) - 114)).toBeLessThan(0.05);
        expect(Math.abs(Number(m[2]) - 33)).toBeLessThan(0.05);
      }
    }
  });

  it('has the counts the sample promises', () => {
    expect(features('park.geojson')).toHaveLength(1);
    expect(features('zones.geojson').map((f) => f.properties.zoneType).sort()).toEqual(['built', 'control', 'development']);
    const parcels = features('parcels.geojson');
    expect(parcels.length).toBeGreaterThanOrEqual(150);
    const large = parcels.filter((f) => turf.area(f) * MU_PER_M2 >= 300);
    expect(large.length).toBeGreaterThanOrEqual(2);
    const villages = features('relocation.geojson');
    expect(villages.length).toBeGreaterThanOrEqual(4);
    for (const s of ['planned', 'in_progress', 'done']) expect(villages.some((v) => v.properties.status === s), s).toBe(true);
    for (const [file, planType] of Object.entries(PLAN_FILES)) {
      expect(layers[file].kind).toBe('plan');
      for (const f of features(file)) {
        expect(f.properties.planType).toBe(planType);
        expect(typeof f.properties.planClass).toBe('string');
      }
    }
    const classes = (file: string) => new Set(features(file).map((f) => f.properties.planClass));
    for (const c of ['M', 'W', 'R', 'A', 'B', 'S', 'U', 'G', 'E']) expect(classes('plan-park_master.geojson').has(c), c).toBe(true);
    for (const c of ['basic_farmland', 'permitted_construction', 'conditional_construction', 'restricted', 'prohibited']) {
      expect(classes('plan-land_use.geojson').has(c), c).toBe(true);
    }
    expect([...classes('plan-eco_env.geojson')]).toEqual(['eco_red_line']);
  });

  it('gives every feature a unique string id, as GeoJSON id and properties.id', () => {
    const seen = new Set<string>();
    for (const file of geojsonFiles) {
      for (const f of features(file)) {
        expect(typeof f.id).toBe('string');
        expect(f.properties.id).toBe(f.id);
        expect(seen.has(f.id as string), `duplicate id ${f.id}`).toBe(false);
        seen.add(f.id as string);
      }
    }
  });

  it('has valid simple polygons: closed rings of ≥ 4 positions, no self-intersection, RFC 7946 winding', () => {
    for (const file of geojsonFiles) {
      for (const f of features(file)) {
        expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
        for (const poly of polygonsOf(f.geometry)) {
          poly.forEach((ring, k) => {
            expect(ring.length, `${f.id}`).toBeGreaterThanOrEqual(4);
            expect(ring[ring.length - 1], `${f.id} ring not closed`).toEqual(ring[0]);
            expect(turf.booleanClockwise(ring), `${f.id} ring ${k} winding`).toBe(k > 0);
          });
        }
        expect(turf.kinks(f).features, `${f.id} self-intersects`).toHaveLength(0);
      }
    }
  });

  it('has zones that do not overlap and together cover the park', () => {
    const zones = features('zones.geojson');
    for (let i = 0; i < zones.length; i++) {
      for (let j = i + 1; j < zones.length; j++) {
        const x = turf.intersect(turf.featureCollection([zones[i], zones[j]]));
        expect(x ? turf.area(x) : 0, `${zones[i].id} ∩ ${zones[j].id}`).toBeLessThan(0.01);
      }
    }
    const parkArea = turf.area(features('park.geojson')[0]);
    const zoneArea = zones.reduce((s, z) => s + turf.area(z), 0);
    expect(Math.abs(zoneArea - parkArea)).toBeLessThan(1);
  });

  it('keeps parcels inside the park except the few meant to stick out', () => {
    const park = features('park.geojson')[0];
    const outside = features('parcels.geojson').filter((p) => {
      const d = turf.difference(turf.featureCollection([p, park]));
      return d !== null && turf.area(d) > 1;
    });
    expect(outside.length).toBeGreaterThanOrEqual(2);
    expect(outside.length).toBeLessThanOrEqual(3);
    for (const p of outside) {
      const d = turf.difference(turf.featureCollection([p, park]))!;
      expect(turf.area(d) / turf.area(p)).toBeLessThan(0.5);
    }
  });

  it('gives parcels every property, with null (never NaN) for unknowns and ISO dates', () => {
    const parcels = features('parcels.geojson');
    let withMissingNumber = 0;
    for (const f of parcels) {
      const p = f.properties;
      for (const k of PARCEL_FIELDS) expect(k in p, `${f.id}.${k}`).toBe(true);
      expect(p.park).toBe('PARK-RH');
      for (const k of ['agreedStartDate', 'actualStartDate', 'haltedSince']) {
        const v = p[k];
        expect(v === null || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)), `${f.id}.${k} = ${String(v)}`).toBe(true);
      }
      const numeric = PARCEL_FIELDS.filter((k) => /(Wan|M2)$/.test(k));
      for (const k of numeric) expect(p[k] === null || Number.isFinite(p[k]), `${f.id}.${k}`).toBe(true);
      if (numeric.some((k) => p[k] === null)) withMissingNumber++;
      if (p.industryCode !== null) expect(p.industryCode).toMatch(/^\d{2}$/);
    }
    const share = withMissingNumber / parcels.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.12);
    expect(parcels.some((f) => f.properties.agreedStartDate === '2024-02-29')).toBe(true);
  });

  it('has intentional cases for every rule and idle outcome, all listed in data/README.md', () => {
    const cases = sampleCases();
    const flags = new Set(cases.flatMap((c) => c.expected.flags));
    for (const rule of ['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'largeProject']) {
      expect(flags.has(rule as never), rule).toBe(true);
    }
    const idle = cases.map((c) => c.expected.idle);
    for (const disposal of ['fee', 'reclaim', 'negotiate']) {
      for (const basis of ['not_started', 'halted']) {
        expect(idle.some((i) => i.disposal === disposal && i.basis === basis), `${disposal} via ${basis}`).toBe(true);
      }
    }
    expect(idle.some((i) => i.isIdle === null)).toBe(true);
    expect(idle.some((i) => i.disposal === 'fee' && i.feeWan === null)).toBe(true);
    const approaching = idle.filter((i) => i.isIdle === false && i.idleOn !== null && i.idleOn > REVIEW_DATE && i.idleOn <= '2026-09-28');
    expect(approaching.length).toBeGreaterThanOrEqual(1);
    const readme = readFileSync(join(dataDir, 'README.md'), 'utf8');
    for (const c of cases) expect(readme.includes(`| ${c.id} | ${c.key} |`), `README row for ${c.id} (${c.key})`).toBe(true);
  });
});
