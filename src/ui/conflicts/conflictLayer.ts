// Core's conflicts as a map layer (kind `conflict`: hatched per type, src/map/layerStyle.ts) and as the GeoJSON
// the user downloads. Plain reshaping of core's result; nothing is measured here.
import type { Feature, FeatureCollection } from 'geojson';
import { CONFLICT_TYPES, conflictId, type Conflict, type ConflictResult } from '../../core/overlay/types';
import type { DerivedLayer, FeatureRef } from '../../map/types';

export const CONFLICT_LAYER_ID = 'derived-conflicts';

/** The map feature of conflict i of a result (its index in core's order): the conflict's id, as exported. */
export const conflictFeatureId = (index: number): string => conflictId(index);

export const conflictRef = (index: number): FeatureRef => ({ layerId: CONFLICT_LAYER_ID, featureId: conflictFeatureId(index) });

/** The fields of `park-atlas conflicts` (DESIGN §10), the same in the map layer and the download. */
const properties = (c: Conflict) => ({ type: c.type, plan: c.plan, against: c.against, areaM2: c.areaM2, areaMu: c.areaMu });

/** The conflict polygons, drawn right above `above` (the project's topmost layer), so parcels never hide them. */
export function buildConflictLayer(result: ConflictResult, above: string): DerivedLayer | null {
  if (result.conflicts.length === 0) return null;
  const features: Feature[] = result.conflicts.map((c, i) => ({ type: 'Feature', id: conflictFeatureId(i), properties: properties(c), geometry: c.geometry }));
  return { id: CONFLICT_LAYER_ID, kind: 'conflict', data: { type: 'FeatureCollection', features }, visible: true, above, pickAs: CONFLICT_LAYER_ID };
}

/**
 * The conflict polygons as `park-atlas conflicts --geojson` writes them: the same ids and properties in the same
 * order, with the totals, slivers and minimum area as foreign members (RFC 7946 §6.1), so nothing of the result is lost.
 */
export function conflictsGeoJson(result: ConflictResult): FeatureCollection & Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    totals: Object.fromEntries(CONFLICT_TYPES.map((t) => [t, result.totals[t]])),
    droppedSlivers: result.droppedSlivers,
    minAreaM2: result.minAreaM2,
    features: result.conflicts.map((c, i) => ({ type: 'Feature', id: conflictId(i), properties: properties(c), geometry: c.geometry })),
  };
}
