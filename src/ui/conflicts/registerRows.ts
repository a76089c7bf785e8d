// The conflicts sheet of the review register (审查台账) exported from the app: the last check of these layers,
// else, for a small project, a check run here and now (as `park-atlas report` does); null = "not run".
import type { ConflictRow } from '../../core/io/xlsx';
import { conflictRecords } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import { hasSubjects, lastConflictResult } from './conflictStore';

/**
 * Up to this many features in plans, parcels and parks the check runs on the main thread for the register (the
 * sample park: ~250 features, a few tens of ms); beyond, the register says it was not run unless the panel ran it.
 */
const SYNC_MAX_FEATURES = 5000;

export async function conflictRowsForRegister(layers: readonly ValidatedLayer[]): Promise<ConflictRow[] | null> {
  let result = lastConflictResult(layers);
  if (!result) {
    const features = layers.reduce((n, l) => n + (l.kind === 'plan' || l.kind === 'parcel' || l.kind === 'park' ? l.layer.features.length : 0), 0);
    if (!hasSubjects(layers) || features > SYNC_MAX_FEATURES) return null;
    const { detectConflictsSync } = await import('../../core/overlay/detect');
    result = detectConflictsSync(layers);
  }
  // With the ids of the conflicts' GeoJSON export (the same result, the same order).
  return conflictRecords(result.conflicts);
}
