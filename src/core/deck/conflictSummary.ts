// The conflicts slide's figures from a 五规合一 result: count and area per type (DESIGN §6 totals), with the result
// itself for the slide's map.
import type { ConflictResult } from '../overlay/types';
import { CONFLICT_TYPES } from '../overlay/types';
import type { ConflictSummary } from './types';

export function conflictSummary(result: ConflictResult): ConflictSummary {
  const countByType: ConflictSummary['countByType'] = {};
  for (const t of CONFLICT_TYPES) countByType[t] = 0;
  for (const c of result.conflicts) countByType[c.type] = (countByType[c.type] ?? 0) + 1;
  return { countByType, areaM2ByType: { ...result.totals }, result };
}
