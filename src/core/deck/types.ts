// A slide deck for meetings (issue 8): plain JSON-serialisable objects, stored with the project. A slide holds a
// map view and references to figures; the figures themselves are read from core's Evaluation when the slide is shown,
// so a stored deck never carries stale numbers.
import type { ConflictResult, ConflictType } from '../overlay/types';
import type { PlanType } from '../schema/types';
import type { Bilingual } from './labels';

export const DECK_VERSION = 1;
/** At most this many KPI cards per slide (they must be readable from the back of a room). */
export const MAX_KPIS = 4;

export type SlideKind =
  | 'overview' | 'zones' | 'landUse' | 'efficiency' | 'idle' | 'relocation' | 'conflicts' | 'largeProjects'
  | 'village' | 'custom';
export const SLIDE_KINDS: readonly SlideKind[] = ['overview', 'zones', 'landUse', 'efficiency', 'idle', 'relocation', 'conflicts', 'largeProjects', 'village', 'custom'];

/** Layer kinds a slide can show; `idle` is the layer derived from core's idle findings. */
export type SlideLayerKind = 'park' | 'zone' | 'parcel' | 'relocation' | 'plan' | 'idle' | 'generic';
export const SLIDE_LAYER_KINDS: readonly SlideLayerKind[] = ['park', 'zone', 'parcel', 'relocation', 'plan', 'idle', 'generic'];

/**
 * What the camera frames: every feature of some layer kinds (only those of one park when `park` is set: that park's
 * boundary, and the zones, parcels and villages core assigns to it), or some features by id.
 */
export type FitTarget = { layerKinds: SlideLayerKind[]; park?: string } | { featureIds: string[] };

export type SlideCamera =
  | { type: 'fit'; target: FitTarget; pitch: number; bearing: number }
  | { type: 'view'; center: [number, number]; zoom: number; pitch: number; bearing: number };

export type ParcelMetric = 'investmentIntensity' | 'plotRatio' | 'buildingCoverage' | 'greenRatio' | 'taxPerMu' | 'idleYears';
export const PARCEL_METRICS: readonly ParcelMetric[] = ['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'taxPerMu', 'idleYears'];
export type ClassMethodName = 'quantile' | 'equalInterval' | 'threshold';

/** How parcels are painted: their land use, pass/fail, a metric in classes, the highlighted ones, or faded under an overlay. */
export type ParcelStyle =
  | { by: 'landUse' }
  | { by: 'compliance' }
  | { by: 'metric'; metric: ParcelMetric; method: ClassMethodName }
  | { by: 'highlight' }
  | { by: 'faded' };

/** Parcels raised in 3D by their plot ratio (core's figure) or their floor area (the data). */
export type ExtrudeBy = 'plotRatio' | 'floorArea';

export interface SlideMap {
  camera: SlideCamera;
  /** Layers shown: those of these kinds, and those with these ids; every other layer is hidden. */
  layers: { kinds: SlideLayerKind[]; ids: string[] };
  /** Plan layers shown only when their plan type is listed (null: every plan layer of a shown kind). */
  planTypes: PlanType[] | null;
  parcelStyle: ParcelStyle;
  extrude: ExtrudeBy | null;
  /** Features outlined on the map. */
  highlight: string[];
}

export type FigureKey =
  | 'area' | 'parcelCount' | 'parcelArea' | 'industrialArea' | 'builtCoverage' | 'leadingIndustryShare'
  | 'investmentIntensity' | 'intensityFailCount' | 'plotRatio' | 'buildingCoverage'
  | 'idleCount' | 'idleArea' | 'idleFee' | 'reclaimCount' | 'feeCount' | 'negotiateCount' | 'approachingCount'
  | 'villages' | 'villagesDone' | 'peopleMoved' | 'unitsDone' | 'landFreed'
  | 'largeProjectCount' | 'largeProjectArea'
  | `conflictArea.${ConflictType}` | 'conflictCount'
  | 'village.households' | 'village.population' | 'village.units' | 'village.landFreed' | 'village.status' | 'village.targetYear';

/** A KPI card: a figure of a scope (park, zone or village id; null = the deck's park). */
export interface KpiRef {
  figure: FigureKey;
  scope: string | null;
}

export type ChartKind = 'landUse' | 'zoneAreas' | 'idleByDisposal' | 'relocationByStatus' | 'conflictsByType';
export const CHART_KINDS: readonly ChartKind[] = ['landUse', 'zoneAreas', 'idleByDisposal', 'relocationByStatus', 'conflictsByType'];

export interface Slide {
  /** Stable within the deck (reordering keeps it). */
  id: string;
  kind: SlideKind;
  title: Bilingual;
  /** A second line under the title (e.g. the rule and its source). */
  subtitle: Bilingual | null;
  /** Speaker notes: plain text, never shown on the slide itself. */
  notes: string;
  map: SlideMap;
  kpis: KpiRef[];
  chart: ChartKind | null;
  /** The village a `village` slide is about. */
  village: string | null;
}

export interface Deck {
  version: typeof DECK_VERSION;
  /** The park the default figures are about (null when the project has no park layer). */
  parkId: string | null;
  slides: Slide[];
}

/** 五规合一 conflicts as a summary (DESIGN §6), handed to the slides when the overlay has been computed. */
export interface ConflictSummary {
  countByType: Partial<Record<ConflictType, number>>;
  areaM2ByType: Partial<Record<ConflictType, number>>;
  /** The check's result itself, polygons included, so the conflicts slide can draw where they are (absent: figures only). */
  result?: ConflictResult;
}
