// `park-atlas metrics` end to end: in-process for the golden output, and as a real process for exit codes and startup.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { geodesicRingAreaM2 } from '../../src/core/geodesy/geographiclib';
import { main } from '../../src/cli/main';

const DIR = 'test/fixtures/metrics/small-park';
const FILES = ['park', 'zones', 'parcels', 'relocation'].map((n) => `${DIR}/${n}.geojson`);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}


/** Deep equality, numbers within 1e-9 relative: a golden file should not break on the last bits of a float. */
function expectSameFigures(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const k of Object.keys(expected)) expectSameFigures((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe('park-atlas metrics on the small-park fixture', () => {
  let code = -1, stdout = '', stderr = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  beforeAll(async () => {
    ({ code, stdout, stderr } = await run(['metrics', ...FILES, '--review-date', '2026-06-30']));
    json = JSON.parse(stdout);
  });
  const parcel = (id: string) => json.parcels.find((p: { id: string }) => p.id === id);

  it('exits 0, warns about nothing, and matches the reviewed golden output', () => {
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const golden = `${DIR}/expected.json`;
    if (process.env.REGEN === 'true') writeFileSync(golden, `${stdout}\n`);
    expectSameFigures(json, JSON.parse(readFileSync(golden, 'utf8')));
  });

  it('has the documented fields, in order', () => {
    expect(Object.keys(json)).toEqual(['reviewDate', 'parcels', 'zones', 'parks', 'relocation']);
    expect(Object.keys(json.parcels[0])).toEqual(['id', 'areaM2', 'areaMu', 'areaHa', 'investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu', 'revenuePerMu', 'flags', 'idle']);
    expect(Object.keys(json.parcels[0].idle)).toEqual(['isIdle', 'basis', 'since', 'idleYears', 'idleOn', 'reclaimOn', 'disposal', 'feeWan', 'clause']);
    expect(Object.keys(json.parcels[0].flags[0])).toEqual(['rule', 'value', 'threshold', 'source']);
  });

  it('computes areas on the ellipsoid, as GeographicLib does', () => {
    const parcels = JSON.parse(readFileSync(`${DIR}/parcels.geojson`, 'utf8'));
    for (const f of parcels.features) {
      const ref = geodesicRingAreaM2(f.geometry.coordinates[0]);
      const p = parcel(f.id);
      expect(Math.abs(p.areaM2 - ref)).toBeLessThan(Math.max(1e-6 * ref, 0.001));
      expect(p.areaMu).toBeCloseTo(p.areaM2 * 0.0015, 9);
      expect(p.areaHa).toBeCloseTo(p.areaM2 / 10000, 9);
    }
  });

  it('derives each parcel metric from its inputs', () => {
    const a = parcel('A');
    expect(a.investmentIntensity).toBeCloseTo(4000 / a.areaMu, 9);
    expect(a.plotRatio).toBeCloseTo(18000 / a.areaM2, 9);
    expect(a.buildingCoverage).toBeCloseTo(9000 / a.areaM2, 9);
    expect(a.greenRatio).toBeCloseTo(3000 / a.areaM2, 9);
    expect(a.supportLandShare).toBeCloseTo(1000 / a.areaM2, 9);
    expect(a.supportFloorShare).toBeCloseTo(1500 / 18000, 9);
    expect(a.taxPerMu).toBeCloseTo(500 / a.areaMu, 9);
    expect(a.revenuePerMu).toBeCloseTo(20000 / a.areaMu, 9);
    // A (about 62 亩, 4000 万元, floor 18000 m²) fails intensity, plot ratio (industry 35: ≥ 0.7? no — 0.43) and coverage (0.22).
    expect(a.flags.map((f: { rule: string }) => f.rule)).toEqual(['investmentIntensity', 'plotRatio', 'buildingCoverage']);
    expect(a.flags[1]).toMatchObject({ threshold: 0.7 });
    const c = parcel('C');
    expect([c.investmentIntensity, c.plotRatio, c.taxPerMu]).toEqual([null, null, null]);
  });

  it('finds idle land: C not started for a year (fee 20% of 800), D halted two years (reclaim)', () => {
    expect(parcel('C').idle).toMatchObject({ isIdle: true, basis: 'not_started', since: '2025-03-01', idleYears: 1, disposal: 'fee', feeWan: 160 });
    expect(parcel('D').idle).toMatchObject({ isIdle: true, basis: 'halted', since: '2024-01-10', idleYears: 2, idleOn: '2025-01-10', reclaimOn: '2026-01-10', disposal: 'reclaim', feeWan: 0 });
    expect(parcel('A').idle).toMatchObject({ isIdle: false, disposal: 'none', basis: null });
  });

  it('aggregates zones and the park with area-weighted figures', () => {
    const built = json.zones.find((z: { id: string }) => z.id === 'Z-BUILT');
    const a = parcel('A'), b = parcel('B'), c = parcel('C'), d = parcel('D');
    expect(built.parcelCount).toBe(3);
    expect(built.investmentIntensity).toBeCloseTo((4000 + 12000) / (a.areaMu + b.areaMu), 9);
    // Only A is of a leading industry; C's industry (食品加工) is not among the park's leading industries.
    expect(built.leadingIndustryShare).toBeCloseTo(a.areaM2 / (a.areaM2 + b.areaM2 + c.areaM2), 9);
    expect(built.flags).toEqual([expect.objectContaining({ rule: 'leadingIndustryShare', threshold: 0.7 })]);
    const park = json.parks[0];
    expect(park.largeProjects).toEqual({ count: 1, areaM2: d.areaM2, ids: ['D'] });
    expect(park.idle.byDisposal.fee).toMatchObject({ count: 1, feeWan: 160 });
    expect(park.idle.byDisposal.reclaim).toMatchObject({ count: 1, areaM2: d.areaM2 });
    expect(park.builtCoverage).toBeCloseTo((a.areaM2 + b.areaM2 + d.areaM2) / park.areaM2, 9);
  });

  it('totals relocation by status, leaving unknown figures out rather than counting them as 0', () => {
    expect(json.relocation.total).toMatchObject({ villages: 2, households: 200, population: 430, resettlementUnits: 240, incomplete: 1 });
    expect(json.relocation.byStatus.planned).toMatchObject({ villages: 1, households: 80, population: null });
    expect(json.relocation.byStatus.in_progress).toMatchObject({ villages: 0, households: 0 });
  });
});

describe('park-atlas metrics, bad input and usage (real process)', () => {
  const bin = 'bin/park-atlas.mjs';
  const tmp = mkdtempSync(join(tmpdir(), 'pa-cli-'));
  const spawn = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });

  it('exits 1 naming the file and the feature for a broken feature, without a stack trace', () => {
    const parcels = JSON.parse(readFileSync(`${DIR}/parcels.geojson`, 'utf8'));
    parcels.features[1].geometry.coordinates[0] = [[114, 33], [114.002, 33.002], [114.002, 33], [114, 33.002], [114, 33]];
    const file = join(tmp, 'broken.geojson');
    writeFileSync(file, JSON.stringify(parcels));
    const r = spawn(['metrics', file, '--review-date', '2026-06-30']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}, feature "B" (#2): error: ring crosses or touches itself`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 for a file that is not JSON, naming line and column', () => {
    const file = join(tmp, 'truncated.geojson');
    writeFileSync(file, '{"type":"FeatureCollection",\n"features":[');
    const r = spawn(['metrics', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: is not valid JSON at line 2`));
  });

  it('exits 1 for a missing file and for a layer whose kind cannot be told', () => {
    expect(spawn(['metrics', join(tmp, 'nope.geojson')]).status).toBe(1);
    const file = join(tmp, 'nokind.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { foo: 1 }, geometry: null }] }));
    const r = spawn(['metrics', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('has no top-level "kind"');
  });

  it('exits 2 for bad usage', () => {
    expect(spawn([]).status).toBe(2);
    expect(spawn(['frobnicate']).status).toBe(2);
    expect(spawn(['metrics']).status).toBe(2);
    expect(spawn(['metrics', FILES[0], '--review-date', '2026-02-30']).status).toBe(2);
    expect(spawn(['metrics', FILES[0], '--bogus']).status).toBe(2);
  });

  it('warns on stderr, naming the parcel, when intensity cannot be evaluated', () => {
    const r = spawn(['metrics', `${DIR}/parcels.geojson`, '--review-date', '2026-06-30']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${DIR}/parcels.geojson, feature "A": warning: investment intensity not evaluated: park "P1" is not loaded`);
    expect(JSON.parse(r.stdout).parcels).toHaveLength(4);
  });

  it('applies a rules file given with --rules', () => {
    const rules = join(tmp, 'rules.json');
    writeFileSync(rules, JSON.stringify({ rules: { investmentIntensity: { byParkClass: { central: { op: '>=', value: 50 } } } } }));
    const r = spawn(['metrics', ...FILES, '--review-date', '2026-06-30', '--rules', rules]);
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout).parcels.find((p: { id: string }) => p.id === 'A');
    expect(a.flags.map((f: { rule: string }) => f.rule)).toEqual(['plotRatio', 'buildingCoverage']);
  });

  it('runs as `npx park-atlas` in the repository', () => {
    const out = execFileSync('npx', ['--no-install', 'park-atlas', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe('0.1.0');
  });
});
