// One pass over a project's layers: areas → metrics → rules → idle → zone and park figures.
// The CLI prints, and the app shows, exactly what this returns (DESIGN §1).
import { addDays, todayIso, type IsoDate } from './dates';
import { geometryAreaM2 } from './geodesy/area';
import { aggregate, summariseRelocation, type AreaFigures, type ParcelForAggregate, type RelocationForAggregate, type RelocationSummary } from './metrics/aggregate';
import { interiorPoint, region, regionAt, type Region } from './metrics/assign';
import { parcelMetrics, type ParcelMetrics } from './metrics/parcel';
import { checkParcel, check, complianceOf, flagsOf, type Compliance, type Flag, type RuleCheck } from './rules/control';
import { determineIdle, type IdleResult } from './rules/idle';
import { DEFAULT_RULESET, rulesForPark, type RuleSet } from './rules/ruleset';
import type { ParcelRecord, ParkRecord, RelocationRecord, ZoneRecord } from './schema/fields';
import { problem, type Problem } from './schema/problems';
import type { ValidatedLayer } from './schema/validate';
import type { AreaGeometry, LandUse, ParkClass, RelocationStatus, ZoneType } from './schema/types';

export interface EvaluateOptions {
  rules?: RuleSet;
  /** Review date R (DESIGN §5.2); default today. */
  reviewDate?: IsoDate;
  /** Days before the one-year mark in which a parcel counts as approaching idle. */
  approachingDays?: number;
}

export const DEFAULT_APPROACHING_DAYS = 90;

export interface ParcelResult extends ParcelMetrics {
  id: string;
  file: string;
  name: string | null;
  enterprise: string | null;
  landUse: LandUse | null;
  park: string | null;
  zone: string | null;
  checks: RuleCheck[];
  flags: Flag[];
  /** Against the control indicators only (a large-project review is not a shortfall). */
  compliance: Compliance;
  idle: IdleResult;
  /** Not idle yet, its first anniversary within the horizon after R. */
  approaching: boolean;
  /** Construction started by R. */
  started: boolean;
}

export interface ZoneResult extends AreaFigures {
  id: string;
  name: string | null;
  zoneType: ZoneType | null;
  park: string | null;
  checks: RuleCheck[];
  flags: Flag[];
}

export interface ParkResult extends AreaFigures {
  id: string;
  name: string | null;
  parkClass: ParkClass | null;
  leadingIndustries: string[] | null;
  checks: RuleCheck[];
  flags: Flag[];
}

export interface VillageResult {
  id: string;
  village: string | null;
  status: RelocationStatus | null;
  households: number | null;
  population: number | null;
  resettlementUnits: number | null;
  targetYear: number | null;
  park: string | null;
  zone: string | null;
  areaM2: number | null;
  areaMu: number | null;
}

export interface Evaluation {
  reviewDate: IsoDate;
  /** The horizon of `approaching`, in days after the review date. */
  approachingDays: number;
  rulesId: string;
  parcels: ParcelResult[];
  zones: ZoneResult[];
  parks: ParkResult[];
  relocation: RelocationSummary & { villages: VillageResult[] };
  /** Things the user should know that do not stop the evaluation (e.g. a rule that could not be evaluated). */
  warnings: Problem[];
}

interface Located<R> {
  record: R;
  file: string;
  geometry: AreaGeometry | null;
  areaM2: number | null;
}

function collect<K extends ValidatedLayer['kind']>(layers: readonly ValidatedLayer[], kind: K) {
  const out: Located<ValidatedLayer<K>['records'][number]>[] = [];
  for (const l of layers) {
    if (l.kind !== kind) continue;
    const invalid = new Set(l.invalidIds);
    l.layer.features.forEach((f, i) => {
      const record = l.records[i] as ValidatedLayer<K>['records'][number];
      const ok = !invalid.has(record.id);
      const geometry = ok ? f.geometry : null;
      out.push({ record, file: l.layer.name ?? kind, geometry, areaM2: geometry ? geometryAreaM2(geometry) : null });
    });
  }
  return out;
}

function leadingOf(p: ParcelRecord, park: ParkRecord | undefined): boolean | null {
  if (p.isLeadingIndustry !== null) return p.isLeadingIndustry;
  if (p.industry === null || !park?.leadingIndustries) return null;
  return park.leadingIndustries.includes(p.industry);
}

export function evaluate(layers: readonly ValidatedLayer[], options: EvaluateOptions = {}): Evaluation {
  const ruleSet = options.rules ?? DEFAULT_RULESET;
  const reviewDate = options.reviewDate ?? todayIso();
  const approachingDays = options.approachingDays ?? DEFAULT_APPROACHING_DAYS;
  const horizonEnd = addDays(reviewDate, approachingDays);
  const warnings: Problem[] = [];

  const parks = collect(layers, 'park') as Located<ParkRecord>[];
  const zones = collect(layers, 'zone') as Located<ZoneRecord>[];
  const parcels = collect(layers, 'parcel') as Located<ParcelRecord>[];
  const villages = collect(layers, 'relocation') as Located<RelocationRecord>[];

  const parkById = new Map(parks.map((p) => [p.record.id, p.record]));
  const parkRegions: Region[] = parks.filter((p) => p.geometry).map((p) => region(p.record.id, p.geometry!));
  const zoneRegions: Region[] = zones.filter((z) => z.geometry).map((z) => region(z.record.id, z.geometry!));

  /** The park a feature belongs to: its `park` property, else the park boundary containing it. */
  const locate = (ownPark: string | null, geometry: AreaGeometry | null) => {
    const point = geometry ? interiorPoint(geometry) : null;
    const zone = point ? regionAt(point[0], point[1], zoneRegions) : null;
    const park = ownPark ?? (point ? regionAt(point[0], point[1], parkRegions) : null);
    return { park, zone };
  };

  const parcelResults: ParcelResult[] = [];
  const forAggregate: Array<ParcelForAggregate & { park: string | null; zone: string | null }> = [];
  for (const { record: p, file, geometry, areaM2 } of parcels) {
    const { park, zone } = locate(p.park, geometry);
    const parkRecord = park !== null ? parkById.get(park) : undefined;
    if (park !== null && !parkRecord && parks.length > 0) {
      warnings.push(problem('warning', 'park-unknown', { file, featureId: p.id, field: 'park' }, `refers to park "${park}", which is not among the loaded parks`, `所属园区 "${park}" 不在已加载的园区中`));
    }
    const parkClass = parkRecord?.parkClass ?? null;
    const rules = rulesForPark(ruleSet, parkRecord ? park : null);
    const metrics = parcelMetrics(p, areaM2);
    const checks = checkParcel(p, metrics, rules, parkClass);
    if (checks.some((c) => c.status === 'not_evaluated' && c.reason === 'no_park_class')) {
      const why = parkRecord ? `park "${park}" has no parkClass` : park ? `park "${park}" is not loaded` : 'the parcel has no park';
      const whyZh = parkRecord ? `园区 "${park}" 未标明 parkClass` : park ? `园区 "${park}" 未加载` : '宗地未标明所属园区';
      warnings.push(problem('warning', 'intensity-not-evaluated', { file, featureId: p.id }, `investment intensity not evaluated: ${why}`, `未评价投资强度: ${whyZh}`));
    }
    const idle = determineIdle(p, areaM2, reviewDate);
    const approaching = idle.isIdle === false && idle.idleOn !== null && idle.idleOn > reviewDate && idle.idleOn <= horizonEnd;
    const started = p.actualStartDate !== null && p.actualStartDate <= reviewDate;
    parcelResults.push({ id: p.id, file, name: p.name, enterprise: p.enterprise, landUse: p.landUse, park, zone, ...metrics, checks, flags: flagsOf(checks), compliance: complianceOf(checks), idle, approaching, started });
    forAggregate.push({
      record: p, metrics, idle, approaching, started, park, zone,
      largeProject: checks.some((c) => c.rule === 'largeProject' && c.status === 'fail'),
      leading: leadingOf(p, parkRecord),
    });
  }

  const villageResults: VillageResult[] = [];
  const villagesFor: Array<RelocationForAggregate & { park: string | null; zone: string | null }> = [];
  for (const { record: r, geometry, areaM2 } of villages) {
    const { park, zone } = locate(r.park, geometry);
    villagesFor.push({ record: r, areaM2, park, zone });
    villageResults.push({
      id: r.id, village: r.village, status: r.status, households: r.households, population: r.population,
      resettlementUnits: r.resettlementUnits, targetYear: r.targetYear, park, zone, areaM2,
      areaMu: areaM2 === null ? null : areaM2 * 0.0015,
    });
  }

  const leadingCheck = (figures: AreaFigures, parkId: string | null): RuleCheck[] => {
    const rule = rulesForPark(ruleSet, parkId).leadingIndustryShare;
    return rule.enabled === false ? [] : [check('leadingIndustryShare', figures.leadingIndustryShare, rule, rule.source)];
  };

  const zoneResults: ZoneResult[] = zones.map(({ record: z, areaM2 }) => {
    const figures = aggregate(areaM2, forAggregate.filter((p) => p.zone === z.id), villagesFor.filter((v) => v.zone === z.id));
    const checks = leadingCheck(figures, z.park);
    return { id: z.id, name: z.name, zoneType: z.zoneType, park: z.park, ...figures, checks, flags: flagsOf(checks) };
  });
  const parkResults: ParkResult[] = parks.map(({ record: k, areaM2 }) => {
    const figures = aggregate(areaM2, forAggregate.filter((p) => p.park === k.id), villagesFor.filter((v) => v.park === k.id));
    const checks = leadingCheck(figures, k.id);
    return { id: k.id, name: k.name, parkClass: k.parkClass, leadingIndustries: k.leadingIndustries, ...figures, checks, flags: flagsOf(checks) };
  });

  return {
    reviewDate,
    approachingDays,
    rulesId: ruleSet.id,
    parcels: parcelResults,
    zones: zoneResults,
    parks: parkResults,
    relocation: { ...summariseRelocation(villagesFor), villages: villageResults },
    warnings,
  };
}
