// The two features a conflict is about, found in the loaded layers by the roles DESIGN §6 gives each type (a
// lookup by id, not a computation): ids may repeat across layers, so the layer kind and plan type narrow it.
import type { Feature } from 'geojson';
import type { ConflictType } from '../../core/overlay/types';
import type { ParcelRecord, ParkRecord, PlanRecord } from '../../core/schema/fields';
import type { LayerKind, PlanType } from '../../core/schema/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { LoadedLayer } from '../data/loadProject';

export type Side = 'plan' | 'against';

/** Where the feature on each side of a conflict type lives. */
const ROLES: Record<ConflictType, Record<Side, { kind: LayerKind; planType: PlanType | null }>> = {
  basic_farmland: { plan: { kind: 'plan', planType: 'park_master' }, against: { kind: 'plan', planType: 'land_use' } },
  eco_red_line: { plan: { kind: 'plan', planType: 'park_master' }, against: { kind: 'plan', planType: 'eco_env' } },
  outside_construction_zone: { plan: { kind: 'plan', planType: 'park_master' }, against: { kind: 'plan', planType: 'land_use' } },
  landuse_mismatch: { plan: { kind: 'plan', planType: 'park_master' }, against: { kind: 'plan', planType: 'urban_master' } },
  outside_park: { plan: { kind: 'parcel', planType: null }, against: { kind: 'park', planType: null } },
};

export interface InvolvedFeature {
  side: Side;
  id: string;
  kind: LayerKind;
  /** null when the feature is not in the loaded layers (e.g. the layer was removed since the check). */
  layer: LoadedLayer | null;
  feature: Feature | null;
  planType: PlanType | null;
  /** The class that put it in the check: planClass of a plan, landUse of a parcel, parkClass of a park. */
  featureClass: string | null;
  name: string | null;
}

export function findInvolved(layers: readonly LoadedLayer[], type: ConflictType, side: Side, id: string): InvolvedFeature {
  const role = ROLES[type][side];
  for (const layer of layers) {
    const v = layer.validated;
    if (!v || v.kind !== role.kind) continue;
    const features = v.layer.features;
    for (let i = 0; i < features.length; i++) {
      if (String(features[i].id) !== id) continue;
      const record = v.records[i] as PlanRecord | ParcelRecord | ParkRecord;
      if (role.planType !== null && (record as PlanRecord).planType !== role.planType) continue;
      const featureClass = v.kind === 'plan' ? (record as PlanRecord).planClass : v.kind === 'parcel' ? (record as ParcelRecord).landUse : (record as ParkRecord).parkClass;
      return { side, id, kind: role.kind, layer, feature: features[i] as Feature, planType: role.planType, featureClass, name: record.name };
    }
  }
  return { side, id, kind: role.kind, layer: null, feature: null, planType: role.planType, featureClass: null, name: null };
}

/** What a conflict type needs loaded, by the roles above: the sides no layer provides (empty: the type is checked). */
export function missingInputs(layers: readonly ValidatedLayer[], type: ConflictType): Array<{ kind: LayerKind; planType: PlanType | null }> {
  const present = (kind: LayerKind, planType: PlanType | null) =>
    layers.some((l) => l.kind === kind && l.records.length > 0 && (planType === null || l.records.some((r) => (r as PlanRecord).planType === planType)));
  return (['plan', 'against'] as const).map((side) => ROLES[type][side]).filter((role) => !present(role.kind, role.planType));
}
