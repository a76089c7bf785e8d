// core's optional phase timers (detect.ts `phaseMs`, read by bench/conflicts.bench.ts): every phase reported, none
// negative, and the result the same as without them.
import { describe, expect, it } from 'vitest';
import { conflictData } from '../../bench/conflictData';
import { detectConflicts, type PhaseMs } from '../../src/core/overlay/detect';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

describe('overlay phase timers', () => {
  const data = conflictData({ planCount: 3000, constraintCount: 750, parkCount: 2 });
  const layers: ValidatedLayer[] = Object.entries(data).map(([name, fc]) => {
    const r = validateLayer(fc, `${name}.geojson`);
    if (!r.ok) throw new Error(`${name} did not validate`);
    return r.value;
  });

  it('times every phase without changing the result', async () => {
    const plain = await detectConflicts(layers, { chunkSize: 500 });
    const phaseMs: PhaseMs = {};
    const timed = await detectConflicts(layers, { chunkSize: 500, phaseMs });
    expect(timed.totals).toEqual(plain.totals);
    expect(timed.conflicts.map((c) => [c.type, c.plan, c.against])).toEqual(plain.conflicts.map((c) => [c.type, c.plan, c.against]));
    expect(plain.stats.clipped).toBeGreaterThan(0);
    const keys = ['roles', 'flatten', 'index', 'pairs', 'exactTests', 'clipInput', 'clip', 'areas', 'output', 'assemble'] as const;
    expect(Object.keys(phaseMs).sort()).toEqual([...keys].sort());
    for (const k of keys) expect(phaseMs[k]).toBeGreaterThanOrEqual(0);
    expect(phaseMs.clip).toBeGreaterThan(0);
    expect(phaseMs.exactTests).toBeGreaterThan(0);
  });
});
