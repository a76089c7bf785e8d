// `park-atlas conflicts` end to end: in process for the output, as a real process for exit codes and messages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const TYPES = ['basic_farmland', 'eco_red_line', 'outside_construction_zone', 'landuse_mismatch', 'outside_park'];
const SAMPLE = ['park', 'parcels', 'plan-park_master', 'plan-land_use', 'plan-urban_master', 'plan-eco_env', 'plan-public_infra'].map((n) => `data/sample/${n}.geojson`);
const FIX = 'test/fixtures/overlay';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface Row { type: string; plan: string; against: string; areaM2: number; areaMu: number }

/** Type order of DESIGN §6, then plan, then against (code-unit order). */
function inOrder(rows: Row[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1], b = rows[i];
    const ka = [TYPES.indexOf(a.type), a.plan, a.against] as const;
    const kb = [TYPES.indexOf(b.type), b.plan, b.against] as const;
    if (ka[0] !== kb[0] ? ka[0] > kb[0] : ka[1] !== kb[1] ? ka[1] > kb[1] : ka[2] > kb[2]) return false;
  }
  return true;
}

describe('park-atlas conflicts on the sample park', () => {
  it('prints the documented fields, in order, with totals of all five types', async () => {
    const { code, stdout, stderr } = await run(['conflicts', ...SAMPLE]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['conflicts', 'totals', 'droppedSlivers']);
    expect(json.conflicts).toHaveLength(10);
    for (const c of json.conflicts) {
      expect(Object.keys(c)).toEqual(['type', 'plan', 'against', 'areaM2', 'areaMu']);
      expect(c.areaMu).toBeCloseTo(c.areaM2 * 0.0015, 9);
    }
    expect(Object.keys(json.totals)).toEqual(TYPES);
    for (const t of TYPES) {
      const sum = json.conflicts.filter((c: Row) => c.type === t).reduce((s: number, c: Row) => s + c.areaM2, 0);
      expect(json.totals[t]).toBeCloseTo(sum, 6);
      expect(json.totals[t]).toBeGreaterThan(0);
    }
    expect(inOrder(json.conflicts)).toBe(true);
    expect(json.conflicts.filter((c: Row) => c.type === 'outside_park').map((c: Row) => c.plan)).toEqual(['RH-001', 'RH-021', 'RH-168']);
    expect(json.droppedSlivers).toBe(0);
  });

  it('--geojson writes the polygons with the same fields, in the same order', async () => {
    const plain = JSON.parse((await run(['conflicts', ...SAMPLE])).stdout);
    const { code, stdout } = await run(['conflicts', ...SAMPLE, '--geojson']);
    expect(code).toBe(0);
    const fc = JSON.parse(stdout);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: Row }) => f.properties)).toEqual(plain.conflicts);
    // Each polygon carries the conflict's id, numbered in the output's order (the register's conflicts sheet uses it).
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual(plain.conflicts.map((_: Row, i: number) => `C-${String(i + 1).padStart(3, '0')}`));
    expect(fc.totals).toEqual(plain.totals);
    for (const f of fc.features) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    // The farmland conflict of PM-27 reaches two separate pieces of LU-04.
    expect(fc.features[0].properties).toMatchObject({ type: 'basic_farmland', plan: 'PM-27', against: 'LU-04' });
    expect(fc.features[0].geometry.type).toBe('MultiPolygon');
  });
});

describe('park-atlas conflicts on fixtures', () => {
  it('orders by type, then plan, then against, whatever the order of the input', async () => {
    // Park plan PM-1 (M, 0–10) and PM-2 (G, 20–30) against: LU-R/LU-X as in their own fixture; ECO-1 (10–40, with a
    // hole at 12–18) touches PM-1 and holds PM-2 whole; ECO-2's lower part overlaps PM-1; UM-R (class R, 5–25) lies
    // over PM-1, an M block, and over PM-2, which is not M.
    const files = ['outside-construction-zone/land-use', 'landuse-mismatch/urban', 'eco-red-line/eco', 'outside-construction-zone/park-plan']
      .map((n) => `${FIX}/${n}.geojson`);
    const { code, stdout, stderr } = await run(['conflicts', ...files]);
    expect(code).toBe(0);
    const rows: Row[] = JSON.parse(stdout).conflicts;
    expect(rows.map((r) => `${r.type} ${r.plan} ${r.against}`)).toEqual([
      'eco_red_line PM-1 ECO-2',
      'eco_red_line PM-2 ECO-1',
      'outside_construction_zone PM-1 LU-R',
      'outside_construction_zone PM-1 LU-X',
      'outside_construction_zone PM-2 LU-R',
      'outside_construction_zone PM-2 LU-X',
      'landuse_mismatch PM-1 UM-R',
    ]);
    expect(inOrder(rows)).toBe(true);
    // The city plan's class "居住用地" is not a GB 50137 code: said on stderr, by file and feature.
    expect(stderr).toContain(`${FIX}/landuse-mismatch/urban.geojson, feature "UM-X" (#4), field planClass: warning: city-plan class "居住用地" is not a GB 50137 code`);
  });

  it('--min-area decides which small overlaps are slivers', async () => {
    const files = ['park-plan', 'land-use'].map((n) => `${FIX}/touching-and-slivers/${n}.geojson`);
    const byDefault = JSON.parse((await run(['conflicts', ...files])).stdout);
    expect(byDefault.conflicts.map((c: Row) => c.against)).toEqual(['LU-THIN']);
    expect(byDefault.droppedSlivers).toBe(1);
    const strict = JSON.parse((await run(['conflicts', ...files, '--min-area', '5'])).stdout);
    expect(strict.conflicts).toEqual([]);
    expect(strict.droppedSlivers).toBe(2);
    expect(strict.totals.basic_farmland).toBe(0);
    const loose = JSON.parse((await run(['conflicts', ...files, '--min-area=0.1'])).stdout);
    expect(loose.conflicts.map((c: Row) => c.against)).toEqual(['LU-SLIVER', 'LU-THIN']);
    expect(loose.droppedSlivers).toBe(0);
  });

  it('says so when there is nothing to check', async () => {
    const { code, stdout, stderr } = await run(['conflicts', `${FIX}/eco-red-line/eco.geojson`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).conflicts).toEqual([]);
    expect(stderr).toContain('nothing to check');
  });
});

describe('park-atlas conflicts, bad input and usage (real process)', () => {
  const bin = 'bin/park-atlas.mjs';
  const tmp = mkdtempSync(join(tmpdir(), 'pa-conflicts-'));
  const spawn = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });

  it('exits 1 naming the file and the feature of a self-intersecting ring, without a stack trace', () => {
    const file = `${FIX}/invalid-ring/park-plan.geojson`;
    const r = spawn(['conflicts', file, `${FIX}/invalid-ring/land-use.geojson`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}, feature "PM-BOW" (#1): error: ring crosses or touches itself`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 for a missing file and for a file that is not JSON', () => {
    expect(spawn(['conflicts', join(tmp, 'nope.geojson')]).status).toBe(1);
    const file = join(tmp, 'broken.geojson');
    writeFileSync(file, '{"type":"FeatureCollection","kind":"plan","features":[');
    const r = spawn(['conflicts', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: error: is not valid JSON`);
  });

  it('exits 2 for bad usage', () => {
    const plan = `${FIX}/basic-farmland/park-plan.geojson`;
    for (const args of [['conflicts'], ['conflicts', plan, '--min-area', '-1'], ['conflicts', plan, '--min-area', 'abc'], ['conflicts', plan, '--min-area'], ['conflicts', plan, '--bogus']]) {
      const r = spawn(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(spawn(['conflicts', plan, '--min-area', '-1']).stderr).toContain('--min-area must be an area in m², a number ≥ 0, found -1');
  });

  it('lists the command in the usage text', () => {
    const r = spawn(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('conflicts FILE... [--min-area M2] [--geojson]');
  });

  it('prints the same JSON as a real process as in process', async () => {
    const files = ['park-plan', 'land-use'].map((n) => `${FIX}/basic-farmland/${n}.geojson`);
    const r = spawn(['conflicts', ...files]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse((await run(['conflicts', ...files])).stdout));
    expect(readFileSync(files[0], 'utf8')).toContain('PM-NOCLASS');
  });
});
