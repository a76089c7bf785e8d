// `park-atlas conflicts` (DESIGN §10): 五规合一 conflicts between the park plan and the other plans, and parcels
// outside their park, as JSON (or the conflict polygons as GeoJSON) on stdout.
import { detectConflicts } from '../../core/overlay/detect';
import { CONFLICT_TYPES, conflictId, DEFAULT_MIN_AREA_M2, type ConflictResult } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import { printProblems, readLayers, UsageError, type Command, type Parsed } from '../common';

/** `--min-area M2` (default 1 m²): a number ≥ 0; bad usage otherwise. */
export function minAreaOption(parsed: Parsed): number {
  const raw = parsed.options.get('--min-area');
  if (typeof raw !== 'string') return DEFAULT_MIN_AREA_M2;
  if (!/^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw)) throw new UsageError(`--min-area must be an area in m², a number ≥ 0, found ${raw}`);
  return Number(raw);
}

/** The stable JSON of DESIGN §10: conflicts in order, totals of all five types, slivers dropped. */
export function conflictsJson(result: ConflictResult) {
  return {
    conflicts: result.conflicts.map((c) => ({ type: c.type, plan: c.plan, against: c.against, areaM2: c.areaM2, areaMu: c.areaMu })),
    totals: Object.fromEntries(CONFLICT_TYPES.map((t) => [t, result.totals[t]])),
    droppedSlivers: result.droppedSlivers,
  };
}

/**
 * The conflict polygons as a FeatureCollection in lon/lat, the same fields as properties, in the same order; each
 * feature's `id` is the conflict's id (conflictId), the one the register's conflicts sheet lists.
 */
export function conflictsGeoJson(result: ConflictResult) {
  return {
    type: 'FeatureCollection',
    // Foreign members (RFC 7946 §6.1): the figures of the JSON output, so nothing is lost by asking for polygons.
    totals: Object.fromEntries(CONFLICT_TYPES.map((t) => [t, result.totals[t]])),
    droppedSlivers: result.droppedSlivers,
    features: result.conflicts.map((c, i) => ({
      type: 'Feature',
      id: conflictId(i),
      properties: { type: c.type, plan: c.plan, against: c.against, areaM2: c.areaM2, areaMu: c.areaMu },
      geometry: c.geometry,
    })),
  };
}

/** Whether any layer holds something to check: park-plan features or parcels. */
function hasSubjects(layers: readonly ValidatedLayer[]): boolean {
  return layers.some((l) => l.kind === 'parcel' || (l.kind === 'plan' && l.records.some((r) => 'planType' in r && r.planType === 'park_master')));
}

export const conflictsCommand: Command = {
  usage: `  conflicts FILE... [--min-area M2] [--geojson]
      五规合一 conflicts: park-plan construction land on basic farmland, ecological red lines and
      restricted/prohibited zones, park-plan industry (M) where the city plan has another class, and
      parcels outside their park; each with its area (m², 亩). Results under --min-area (default 1 m²)
      are dropped and counted. --geojson writes the conflict polygons instead. Exit 1 also when a pair
      could not be clipped (the others are still printed).`,
  valueOptions: ['--min-area'],
  flagOptions: ['--geojson'],
  async run(parsed, locale, io) {
    if (parsed.files.length === 0) throw new UsageError('conflicts needs at least one GeoJSON FILE');
    const minAreaM2 = minAreaOption(parsed);
    const layers = await readLayers(parsed.files, locale, io);
    if (!layers) return 1;
    if (!hasSubjects(layers)) {
      io.stderr(locale === 'zh'
        ? '警告: 没有产业集聚区总体规划 (planType park_master) 要素或宗地，无可检查的冲突'
        : 'warning: no park-plan (planType park_master) features and no parcels: nothing to check');
    }
    const result = await detectConflicts(layers, { minAreaM2 });
    printProblems(result.problems, locale, io);
    io.stdout(JSON.stringify(parsed.options.has('--geojson') ? conflictsGeoJson(result) : conflictsJson(result), null, 2));
    return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
  },
};
