// 五规合一 conflicts (DESIGN §6): the types the overlay returns. Plain serialisable objects: they cross to workers.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Problem } from '../schema/problems';
import type { Mu, SquareMeters } from '../units';

/** The five conflict types, in the order of DESIGN §6 (the order of the CLI's output). */
export const CONFLICT_TYPES = ['basic_farmland', 'eco_red_line', 'outside_construction_zone', 'landuse_mismatch', 'outside_park'] as const;
export type ConflictType = (typeof CONFLICT_TYPES)[number];

/** 冲突图斑: one pair of features (`plan`, `against`) and the whole of their intersection (or difference). */
export interface Conflict {
  type: ConflictType;
  /** Id of the park-plan feature; of the parcel for `outside_park`. */
  plan: string;
  /** Id of the feature it collides with (the constraint; the park for `outside_park`). */
  against: string;
  areaM2: SquareMeters;
  areaMu: Mu;
  /** In longitude/latitude; outer rings counter-clockwise, holes clockwise (RFC 7946). */
  geometry: Polygon | MultiPolygon;
}

/** A conflict's figures without its polygon, with its id: a row of the register, a feature of the GeoJSON export. */
export interface ConflictRecord {
  /** `conflictId` of its place in the result. */
  id: string;
  type: ConflictType;
  plan: string;
  against: string;
  areaM2: SquareMeters;
  areaMu: Mu;
}

/**
 * The id of the conflict at `index` (0-based) of a result, in the result's order (DESIGN §10: type, plan, against):
 * C-001, C-002, … The same id in the GeoJSON export, the CLI's `--geojson`, the map and the register's sheet; a
 * sequence, because (plan, against) can repeat when two files use the same feature ids.
 */
export const conflictId = (index: number): string => `C-${String(index + 1).padStart(3, '0')}`;

/** The conflicts of a result as records with their ids, in the result's order. */
export function conflictRecords(conflicts: readonly Conflict[]): ConflictRecord[] {
  return conflicts.map((c, i) => ({ id: conflictId(i), type: c.type, plan: c.plan, against: c.against, areaM2: c.areaM2, areaMu: c.areaMu }));
}

/** A feature left out of the check because its geometry cannot be used (e.g. a self-intersecting ring). */
export interface SkippedFeature {
  file: string;
  id: string;
  /** The validation codes that made it unusable, e.g. `ring-self-intersection`. */
  codes: string[];
}

/** How each candidate pair was settled: where the work went, for benchmarks and the curious. */
export interface OverlayStats {
  /** Pairs whose bounding boxes overlap (or parcel–own-park pairs), i.e. tasks. */
  candidatePairs: number;
  /** Settled without clipping as empty: boundaries apart and no overlap (∩), or the parcel inside its park (−). */
  empty: number;
  /** Settled without clipping as the whole plan feature (inside the other) or the whole parcel (outside its park). */
  planWhole: number;
  /** Settled without clipping as the whole other feature (inside the plan feature). */
  againstWhole: number;
  /** Settled by containment of some parts (multipolygons, holes) without clipping. */
  partsByContainment: number;
  /** Pairs sent to the polygon clipper. */
  clipped: number;
  /** Clipped pairs whose result had no area (edges or corners touching). */
  clippedEmpty: number;
  /** Rings shortened to the neighbourhood of the other feature before clipping. */
  ringsReduced: number;
}

export interface ConflictResult {
  /** Ordered by type (DESIGN §6 order), then `plan`, then `against`. */
  conflicts: Conflict[];
  /** Σ areaM2 per type over `conflicts`; every type present (0 when none). */
  totals: Record<ConflictType, number>;
  /** Polygonal results below the minimum area, dropped. */
  droppedSlivers: number;
  minAreaM2: number;
  /** Features not checked because their geometry is unusable. */
  skipped: SkippedFeature[];
  /** Warnings (features left out of a type, classes not understood) and errors (a pair the clipper failed on). */
  problems: Problem[];
  stats: OverlayStats;
}

/** Default `--min-area` (DESIGN §6): results below 1 m² are slivers. */
export const DEFAULT_MIN_AREA_M2 = 1;
