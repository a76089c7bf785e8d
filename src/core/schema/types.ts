// Layer kinds and their properties (DESIGN §3). Plain serialisable objects: they cross to workers.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export type LayerKind = 'park' | 'zone' | 'parcel' | 'relocation' | 'plan';
export const LAYER_KINDS: readonly LayerKind[] = ['park', 'zone', 'parcel', 'relocation', 'plan'];

export type ParkClass = 'central' | 'county';
export type ZoneType = 'built' | 'development' | 'control';
export type LandUse = 'industrial' | 'warehouse' | 'commercial' | 'residential' | 'public' | 'road' | 'green' | 'other';
export const LAND_USES: readonly LandUse[] = ['industrial', 'warehouse', 'commercial', 'residential', 'public', 'road', 'green', 'other'];
export type RelocationStatus = 'planned' | 'in_progress' | 'done';
export const RELOCATION_STATUSES: readonly RelocationStatus[] = ['planned', 'in_progress', 'done'];
export type PlanType = 'park_master' | 'land_use' | 'urban_master' | 'eco_env' | 'public_infra';
export const PLAN_TYPES: readonly PlanType[] = ['park_master', 'land_use', 'urban_master', 'eco_env', 'public_infra'];
export const LAND_USE_PLAN_CLASSES = ['basic_farmland', 'permitted_construction', 'conditional_construction', 'restricted', 'prohibited'] as const;
/** GB 50137-2011 major classes of urban land. */
export const GB50137_CLASSES = ['M', 'W', 'R', 'A', 'B', 'S', 'U', 'G', 'E'] as const;

/** Unknown properties are kept untouched (DESIGN §3), hence the index signature. */
interface Open {
  [key: string]: unknown;
}

export interface ParkProperties extends Open {
  name?: string | null;
  parkClass?: ParkClass | null;
  leadingIndustries?: string[] | null;
  stars?: number | null;
}

export interface ZoneProperties extends Open {
  zoneType?: ZoneType | null;
  park?: string | null;
}

export interface ParcelProperties extends Open {
  name?: string | null;
  enterprise?: string | null;
  landUse?: LandUse | null;
  industry?: string | null;
  industryCode?: string | null;
  isLeadingIndustry?: boolean | null;
  investmentWan?: number | null;
  floorAreaM2?: number | null;
  footprintAreaM2?: number | null;
  greenAreaM2?: number | null;
  supportLandM2?: number | null;
  supportFloorAreaM2?: number | null;
  revenueWan?: number | null;
  taxWan?: number | null;
  landPriceWan?: number | null;
  agreedStartDate?: string | null;
  actualStartDate?: string | null;
  haltedSince?: string | null;
  developedAreaM2?: number | null;
  plannedInvestmentWan?: number | null;
  investedWan?: number | null;
  governmentCaused?: boolean | null;
  park?: string | null;
}

export interface RelocationProperties extends Open {
  village?: string | null;
  households?: number | null;
  population?: number | null;
  status?: RelocationStatus | null;
  targetYear?: number | null;
  resettlementUnits?: number | null;
  park?: string | null;
}

export interface PlanProperties extends Open {
  planType?: PlanType | null;
  planClass?: string | null;
}

export interface KindProperties {
  park: ParkProperties;
  zone: ZoneProperties;
  parcel: ParcelProperties;
  relocation: RelocationProperties;
  plan: PlanProperties;
}

export type AreaGeometry = Polygon | MultiPolygon;
export type LayerFeature<K extends LayerKind = LayerKind> = Feature<AreaGeometry, KindProperties[K]>;

/** A layer: a FeatureCollection with a top-level `kind` (RFC 7946 §6.1 foreign member). */
export interface Layer<K extends LayerKind = LayerKind> extends FeatureCollection<AreaGeometry, KindProperties[K]> {
  kind: K;
  /** Display name (file name or title). */
  name?: string;
}

export type ParkFeature = LayerFeature<'park'>;
export type ZoneFeature = LayerFeature<'zone'>;
export type ParcelFeature = LayerFeature<'parcel'>;
export type RelocationFeature = LayerFeature<'relocation'>;
export type PlanFeature = LayerFeature<'plan'>;
