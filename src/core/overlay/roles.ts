// Which features take part in which conflict type (DESIGN §6), read from validated layers.
import type { ParcelRecord, PlanRecord } from '../schema/fields';
import { problem, type Problem } from '../schema/problems';
import { GB50137_CLASSES, type AreaGeometry } from '../schema/types';
import type { ValidatedLayer } from '../schema/validate';
import type { SkippedFeature } from './types';

/** Type codes in tasks: 1–5 in the order of CONFLICT_TYPES. */
export const TYPE_BASIC_FARMLAND = 1;
export const TYPE_ECO_RED_LINE = 2;
export const TYPE_OUTSIDE_CONSTRUCTION_ZONE = 3;
export const TYPE_LANDUSE_MISMATCH = 4;
export const TYPE_OUTSIDE_PARK = 5;

type GbClass = (typeof GB50137_CLASSES)[number];

/**
 * The GB 50137-2011 major class of a plan class: "M", "M1", "m2" → "M"; null when missing, "unknown" when the
 * value is not a GB 50137 code (e.g. a Chinese name).
 */
export function gbMajorClass(planClass: string | null | undefined): GbClass | null | 'unknown' {
  if (planClass === null || planClass === undefined || planClass.trim() === '') return null;
  const m = /^\s*([A-Za-z])\d{0,3}\s*$/.exec(planClass);
  if (!m) return 'unknown';
  const c = m[1].toUpperCase() as GbClass;
  return (GB50137_CLASSES as readonly string[]).includes(c) ? c : 'unknown';
}

/** A feature taking part, with where it came from. */
export interface Participant {
  id: string;
  file: string;
  featureIndex: number;
  geometry: AreaGeometry;
}

export interface Roles {
  /** Park-plan construction land (every GB 50137 class but E; no class counts as construction). */
  construction: Participant[];
  /** Per construction feature: 1 when its class is M (industrial), for landuse_mismatch. */
  constructionIsM: boolean[];
  /** Constraints of types 1–4, each with its type code. */
  constraints: Participant[];
  constraintType: number[];
  /** Parcels with a known park, and the index of that park in `parks`. */
  parcels: Participant[];
  parcelPark: number[];
  parks: Participant[];
  skipped: SkippedFeature[];
  problems: Problem[];
}

/** Sorts the features of validated layers into the roles they play; warns about those left out and why. */
export function readRoles(layers: readonly ValidatedLayer[]): Roles {
  const roles: Roles = {
    construction: [], constructionIsM: [], constraints: [], constraintType: [], parcels: [], parcelPark: [], parks: [],
    skipped: [], problems: [],
  };
  const parkIndex = new Map<string, number>();
  const unusableParks = new Set<string>();
  const pendingParcels: Array<{ p: Participant; park: string | null }> = [];
  for (const layer of layers) {
    const file = layer.layer.name ?? layer.kind;
    if (layer.kind !== 'plan' && layer.kind !== 'parcel' && layer.kind !== 'park') continue;
    const invalid = new Set(layer.invalidIds);
    const features = layer.layer.features;
    for (let i = 0; i < features.length; i++) {
      const f = features[i];
      const id = String(f.id);
      if (invalid.has(id)) {
        const codes = layer.problems.filter((p) => p.severity === 'error' && p.featureId === id).map((p) => p.code);
        roles.skipped.push({ file, id, codes: [...new Set(codes)] });
        if (layer.kind === 'park') unusableParks.add(id);
        continue;
      }
      const p: Participant = { id, file, featureIndex: i, geometry: f.geometry as AreaGeometry };
      const where = { file, featureId: id, featureIndex: i };
      if (layer.kind === 'park') {
        if (!parkIndex.has(id)) parkIndex.set(id, roles.parks.length);
        roles.parks.push(p);
      } else if (layer.kind === 'parcel') {
        pendingParcels.push({ p, park: (layer.records[i] as ParcelRecord).park });
      } else {
        const rec = layer.records[i] as PlanRecord;
        switch (rec.planType) {
          case 'park_master': {
            const c = gbMajorClass(rec.planClass);
            if (c === 'E') break;
            if (c === 'unknown') {
              roles.problems.push(problem('warning', 'conflict-class-unknown', { ...where, field: 'planClass' },
                `park-plan class ${JSON.stringify(rec.planClass)} is not a GB 50137 code; counted as construction land`,
                `产业集聚区规划用地分类 ${JSON.stringify(rec.planClass)} 不是 GB 50137 代码，按建设用地计`));
            }
            roles.construction.push(p);
            roles.constructionIsM.push(c === 'M');
            break;
          }
          case 'land_use':
            if (rec.planClass === 'basic_farmland') addConstraint(roles, p, TYPE_BASIC_FARMLAND);
            else if (rec.planClass === 'restricted' || rec.planClass === 'prohibited') addConstraint(roles, p, TYPE_OUTSIDE_CONSTRUCTION_ZONE);
            else if (rec.planClass !== 'permitted_construction' && rec.planClass !== 'conditional_construction') {
              roles.problems.push(problem('warning', 'conflict-class-unknown', { ...where, field: 'planClass' },
                `land-use plan class ${JSON.stringify(rec.planClass)} is not one of basic_farmland, permitted_construction, conditional_construction, restricted, prohibited; not checked`,
                `土地利用规划分类 ${JSON.stringify(rec.planClass)} 不是 basic_farmland、permitted_construction、conditional_construction、restricted、prohibited 之一，未检查`));
            }
            break;
          case 'eco_env':
            if (rec.planClass === 'eco_red_line') addConstraint(roles, p, TYPE_ECO_RED_LINE);
            else {
              roles.problems.push(problem('warning', 'conflict-class-unknown', { ...where, field: 'planClass' },
                `ecological plan class ${JSON.stringify(rec.planClass)} is not eco_red_line; not checked`,
                `生态环境规划分类 ${JSON.stringify(rec.planClass)} 不是 eco_red_line，未检查`));
            }
            break;
          case 'urban_master': {
            const c = gbMajorClass(rec.planClass);
            if (c === null || c === 'unknown') {
              roles.problems.push(problem('warning', 'conflict-class-unknown', { ...where, field: 'planClass' },
                c === null ? 'city-plan feature has no class; not checked for landuse_mismatch' : `city-plan class ${JSON.stringify(rec.planClass)} is not a GB 50137 code; not checked for landuse_mismatch`,
                c === null ? '城市总体规划要素没有用地分类，未检查用地性质冲突' : `城市总体规划用地分类 ${JSON.stringify(rec.planClass)} 不是 GB 50137 代码，未检查用地性质冲突`));
            } else if (c !== 'M') {
              addConstraint(roles, p, TYPE_LANDUSE_MISMATCH);
            }
            break;
          }
          case 'public_infra':
            break;
          default:
            roles.problems.push(problem('warning', 'conflict-plan-type-missing', { ...where, field: 'planType' },
              'plan feature has no planType; left out of the conflict check', '规划要素没有 planType，未参与冲突检查'));
        }
      }
    }
  }
  for (const { p, park } of pendingParcels) {
    const where = { file: p.file, featureId: p.id, featureIndex: p.featureIndex, field: 'park' };
    const k = park === null ? undefined : parkIndex.get(park);
    if (k === undefined) {
      roles.problems.push(park === null
        ? problem('warning', 'conflict-park-missing', where, 'parcel has no park; not checked for outside_park', '宗地没有所属园区，未检查超出园区范围')
        : unusableParks.has(park)
          ? problem('warning', 'conflict-park-unusable', where, `park ${JSON.stringify(park)} has an unusable boundary; not checked for outside_park`, `所属园区 ${JSON.stringify(park)} 边界不可用，未检查超出园区范围`)
          : problem('warning', 'conflict-park-unknown', where, `park ${JSON.stringify(park)} is not loaded; not checked for outside_park`, `所属园区 ${JSON.stringify(park)} 未加载，未检查超出园区范围`));
      continue;
    }
    roles.parcels.push(p);
    roles.parcelPark.push(k);
  }
  return roles;
}

function addConstraint(roles: Roles, p: Participant, type: number): void {
  roles.constraints.push(p);
  roles.constraintType.push(type);
}
