// The sample park's intentional 五规合一 conflicts (data/README.md, "Conflicts" table) are exactly what the
// overlay finds, with the areas the table gives (its figures are spherical approximations, hence 0.5%).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geodesicGeometryAreaM2 } from '../../src/core/geodesy/geographiclib';
import { parseGeoJsonText } from '../../src/core/io/geojson';
import { detectConflictsSync } from '../../src/core/overlay/detect';
import type { ValidatedLayer } from '../../src/core/schema/validate';

const DIR = 'data/sample';

function sampleLayers(): ValidatedLayer[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.geojson')).sort().map((f) => {
    const r = parseGeoJsonText(readFileSync(`${DIR}/${f}`, 'utf8'), f);
    if (!r.ok) throw new Error(`${f} did not load`);
    return r.value;
  });
}

/** Rows of the README's conflict table: type, plan, against, approximate m². */
function readmeConflicts(): Array<{ type: string; plan: string; against: string; approxM2: number }> {
  const readme = readFileSync('data/README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Conflicts'), readme.indexOf('\n## ', readme.indexOf('## Conflicts') + 3));
  const rows: Array<{ type: string; plan: string; against: string; approxM2: number }> = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const plan = /^[A-Z]+-\d+/.exec(cells[2] ?? '');
    const against = /^[A-Z]+-[A-Z0-9]+/.exec(cells[3] ?? '');
    if (cells.length < 6 || !/^[a-z_]+$/.test(cells[1]) || !plan || !against) continue;
    rows.push({
      type: cells[1],
      plan: plan[0],
      against: against[0],
      approxM2: Number(cells[4].replace(/\s/g, '')),
    });
  }
  return rows;
}

describe('conflicts of the sample park', () => {
  const expected = readmeConflicts();
  const result = detectConflictsSync(sampleLayers());

  it('reads the README table (10 intentional conflicts of all five types)', () => {
    expect(expected).toHaveLength(10);
    expect(new Set(expected.map((e) => e.type)).size).toBe(5);
  });

  it('finds the intentional conflicts, and no other', () => {
    const key = (c: { type: string; plan: string; against: string }) => `${c.type} ${c.plan} ${c.against}`;
    expect(result.conflicts.map(key).sort()).toEqual(expected.map(key).sort());
    for (const [plan, against] of [['PM-27', 'LU-04'], ['PM-29', 'ECO-01'], ['PM-20', 'LU-02'], ['PM-24', 'LU-02'], ['PM-05', 'UM-05']]) {
      expect(result.conflicts.some((c) => c.plan === plan && c.against === against), `${plan} × ${against}`).toBe(true);
    }
    for (const parcel of ['RH-001', 'RH-021', 'RH-168']) {
      expect(result.conflicts.some((c) => c.type === 'outside_park' && c.plan === parcel && c.against === 'PARK-RH'), parcel).toBe(true);
    }
  });

  it('gives the areas of the README, and GeographicLib’s area of each conflict polygon', () => {
    for (const e of expected) {
      const c = result.conflicts.find((x) => x.type === e.type && x.plan === e.plan && x.against === e.against)!;
      expect(Math.abs(c.areaM2 - e.approxM2) / e.approxM2, `${e.plan} × ${e.against}`).toBeLessThan(0.005);
      const ref = geodesicGeometryAreaM2(c.geometry);
      expect(Math.abs(c.areaM2 - ref)).toBeLessThanOrEqual(Math.max(1e-6 * ref, 1e-3));
    }
  });

  it('has no slivers, nothing skipped and nothing to warn about', () => {
    expect(result.droppedSlivers).toBe(0);
    expect(result.skipped).toEqual([]);
    expect(result.problems).toEqual([]);
  });
});
