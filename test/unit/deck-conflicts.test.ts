// The conflicts slide's figures equal the overlay's result (count per type, totals in m²).
import { describe, expect, it } from 'vitest';
import { conflictSummary } from '../../src/core/deck/conflictSummary';
import { detectConflictsSync } from '../../src/core/overlay/detect';
import { CONFLICT_TYPES } from '../../src/core/overlay/types';
import { loadLayers } from '../fixtures/review/sample';

const ALL = ['park', 'zones', 'parcels', 'relocation', 'plan-land_use', 'plan-urban_master', 'plan-park_master', 'plan-eco_env', 'plan-public_infra'].map((n) => `data/sample/${n}.geojson`);

describe('conflict summary for the deck', () => {
  it('counts each type and carries the totals', () => {
    const result = detectConflictsSync(loadLayers(ALL));
    const s = conflictSummary(result);
    for (const t of CONFLICT_TYPES) {
      expect(s.countByType[t]).toBe(result.conflicts.filter((c) => c.type === t).length);
      expect(s.areaM2ByType[t]).toBe(result.totals[t]);
    }
    expect(Object.values(s.countByType).reduce((a, b) => a + (b ?? 0), 0)).toBe(result.conflicts.length);
    expect(result.conflicts.length).toBeGreaterThan(0);
  });
});
