// The figures a slide can show, read from core's Evaluation (DESIGN §1: the UI computes none). A KPI card names a
// figure and a scope; resolveFigure returns its value, unit, label and, where policy gives one, the rule it is held
// against or the target it is measured towards.
import { check } from '../rules/control';
import type { Evaluation, ParkResult, VillageResult, ZoneResult } from '../evaluate';
import { CONFLICT_TYPES, type ConflictType } from '../overlay/types';
import { DEFAULT_RULESET, rulesForPark, type Op, type RuleSet } from '../rules/ruleset';
import { LAND_USES } from '../schema/types';
import { m2ToMu, type SquareMeters } from '../units';
import { bi, CONFLICT_TYPE, DISPOSAL, LAND_USE, RELOCATION_STATUS, ZONE_TYPE, type Bilingual } from './labels';
import { DEFAULT_RELOCATION_TARGETS, targetsForPark, type RelocationTargets, type TargetKey } from './relocation';
import type { ChartKind, ConflictSummary, FigureKey, KpiRef } from './types';

export type FigureUnit =
  | 'mu' | 'wanPerMu' | 'ratio' | 'percent' | 'wan' | 'parcels' | 'villages' | 'people' | 'households' | 'units'
  | 'conflicts' | 'year' | 'status';

type ScopeKind = 'park' | 'zone' | 'village' | 'project';

interface FigureDef {
  label: Bilingual;
  unit: FigureUnit;
  /** Decimals shown. */
  digits: number;
  /** Scopes the figure exists for. */
  scopes: ScopeKind[];
}

const AREA: ScopeKind[] = ['park', 'zone'];
const conflictDefs = Object.fromEntries(
  CONFLICT_TYPES.map((t) => [`conflictArea.${t}`, { label: CONFLICT_TYPE[t], unit: 'mu', digits: 1, scopes: ['project'] } satisfies FigureDef]),
) as Record<`conflictArea.${ConflictType}`, FigureDef>;

/** Every figure a KPI card can show. */
export const FIGURES: Record<FigureKey, FigureDef> = {
  area: { label: bi('总面积', 'Total area'), unit: 'mu', digits: 0, scopes: AREA },
  parcelCount: { label: bi('宗地', 'Parcels'), unit: 'parcels', digits: 0, scopes: AREA },
  parcelArea: { label: bi('宗地面积', 'Parcel area'), unit: 'mu', digits: 0, scopes: AREA },
  industrialArea: { label: bi('工业用地', 'Industrial land'), unit: 'mu', digits: 0, scopes: AREA },
  builtCoverage: { label: bi('建成率', 'Built coverage'), unit: 'percent', digits: 1, scopes: AREA },
  leadingIndustryShare: { label: bi('主导产业用地占比', 'Leading-industry share'), unit: 'percent', digits: 1, scopes: AREA },
  investmentIntensity: { label: bi('投资强度（面积加权）', 'Investment intensity (area-weighted)'), unit: 'wanPerMu', digits: 1, scopes: AREA },
  intensityFailCount: { label: bi('投资强度不达标宗地', 'Parcels below intensity'), unit: 'parcels', digits: 0, scopes: AREA },
  plotRatio: { label: bi('容积率（面积加权）', 'Plot ratio (area-weighted)'), unit: 'ratio', digits: 2, scopes: AREA },
  buildingCoverage: { label: bi('建筑系数（面积加权）', 'Building coverage (area-weighted)'), unit: 'percent', digits: 1, scopes: AREA },
  idleCount: { label: bi('闲置土地', 'Idle parcels'), unit: 'parcels', digits: 0, scopes: AREA },
  idleArea: { label: bi('闲置面积', 'Idle area'), unit: 'mu', digits: 1, scopes: AREA },
  idleFee: { label: bi('应征闲置费', 'Idle-land fees due'), unit: 'wan', digits: 1, scopes: AREA },
  reclaimCount: { label: bi('应无偿收回', 'To reclaim'), unit: 'parcels', digits: 0, scopes: AREA },
  feeCount: { label: bi('应征收闲置费', 'Fee due'), unit: 'parcels', digits: 0, scopes: AREA },
  negotiateCount: { label: bi('协商处置', 'Negotiated'), unit: 'parcels', digits: 0, scopes: AREA },
  approachingCount: { label: bi('90天内将满1年', 'Idle within 90 days'), unit: 'parcels', digits: 0, scopes: AREA },
  villages: { label: bi('迁并村庄', 'Villages to relocate'), unit: 'villages', digits: 0, scopes: AREA },
  villagesDone: { label: bi('已完成迁并', 'Villages relocated'), unit: 'villages', digits: 0, scopes: AREA },
  peopleMoved: { label: bi('已安置群众', 'People resettled'), unit: 'people', digits: 0, scopes: AREA },
  unitsDone: { label: bi('已建安置房', 'Resettlement units built'), unit: 'units', digits: 0, scopes: AREA },
  landFreed: { label: bi('已腾出土地', 'Land freed'), unit: 'mu', digits: 1, scopes: AREA },
  largeProjectCount: { label: bi('300亩以上项目', 'Projects ≥ 300 mu'), unit: 'parcels', digits: 0, scopes: AREA },
  largeProjectArea: { label: bi('300亩以上项目占地', 'Area of projects ≥ 300 mu'), unit: 'mu', digits: 1, scopes: AREA },
  ...conflictDefs,
  conflictCount: { label: bi('冲突图斑', 'Conflict polygons'), unit: 'conflicts', digits: 0, scopes: ['project'] },
  'village.households': { label: bi('户数', 'Households'), unit: 'households', digits: 0, scopes: ['village'] },
  'village.population': { label: bi('人口', 'Population'), unit: 'people', digits: 0, scopes: ['village'] },
  'village.units': { label: bi('安置房', 'Resettlement units'), unit: 'units', digits: 0, scopes: ['village'] },
  'village.landFreed': { label: bi('腾退土地', 'Land freed'), unit: 'mu', digits: 1, scopes: ['village'] },
  'village.status': { label: bi('状态', 'Status'), unit: 'status', digits: 0, scopes: ['village'] },
  'village.targetYear': { label: bi('目标年份', 'Target year'), unit: 'year', digits: 0, scopes: ['village'] },
};

export const FIGURE_KEYS = Object.keys(FIGURES) as FigureKey[];
export const isFigureKey = (k: unknown): k is FigureKey => typeof k === 'string' && k in FIGURES;

export interface FigureContext {
  evaluation: Evaluation;
  /** The deck's park: the scope of a KPI whose scope is null. */
  parkId: string | null;
  rules?: RuleSet;
  /** 五规合一 conflicts, when computed; absent → conflict figures are "not computed". */
  conflicts?: ConflictSummary | null;
  relocationTargets?: RelocationTargets;
}

export interface FigureCheck {
  op: Op;
  threshold: number;
  status: 'pass' | 'fail' | 'missing';
  source: string;
}

export interface FigureTarget {
  value: number;
  approximate: boolean;
  /** value ÷ target, null when the value is missing. */
  share: number | null;
  scope: 'city' | 'park';
  year: number | null;
  name: Bilingual;
  source: string;
}

export interface ResolvedFigure {
  figure: FigureKey;
  /** The scope's id (park, zone or village), null for project-wide figures. */
  scope: string | null;
  label: Bilingual;
  value: number | null;
  unit: FigureUnit;
  digits: number;
  /** The rule the value is held against (park-level rules of seed 000), when one applies. */
  check: FigureCheck | null;
  /** The target the value counts towards (village relocation), when one applies. */
  target: FigureTarget | null;
  /** A category instead of a number (a village's status). */
  code: string | null;
  /** Why there is no value: the overlay was not run, a datum is missing, or the scope does not exist. */
  note: 'not_computed' | 'missing' | 'no_scope' | null;
}

type Scope = { kind: 'park'; r: ParkResult } | { kind: 'zone'; r: ZoneResult } | { kind: 'village'; r: VillageResult } | { kind: 'project' };

function findScope(ctx: FigureContext, id: string | null, kinds: ScopeKind[]): Scope | null {
  if (kinds.includes('project')) return { kind: 'project' };
  const ev = ctx.evaluation;
  const want = id ?? ctx.parkId;
  if (want === null) return null;
  if (kinds.includes('park')) {
    const park = ev.parks.find((p) => p.id === want);
    if (park) return { kind: 'park', r: park };
  }
  if (kinds.includes('zone')) {
    const zone = ev.zones.find((z) => z.id === want);
    if (zone) return { kind: 'zone', r: zone };
  }
  if (kinds.includes('village')) {
    const v = ev.relocation.villages.find((x) => x.id === want);
    if (v) return { kind: 'village', r: v };
  }
  return null;
}

const muOf = (m2: number | null): number | null => (m2 === null ? null : m2ToMu(m2 as SquareMeters));

/** The park whose rules apply to a park or zone scope. */
function parkOf(ctx: FigureContext, s: Scope): ParkResult | null {
  if (s.kind === 'park') return s.r;
  if (s.kind === 'zone') return ctx.evaluation.parks.find((p) => p.id === (s.r.park ?? ctx.parkId)) ?? null;
  return null;
}

const TARGET_OF: Partial<Record<FigureKey, TargetKey>> = { landFreed: 'landFreedMu', unitsDone: 'resettlementUnits', peopleMoved: 'peopleMoved' };

/** One KPI card's figure, from the evaluation. */
export function resolveFigure(ref: KpiRef, ctx: FigureContext): ResolvedFigure {
  const def = FIGURES[ref.figure];
  const base: ResolvedFigure = {
    figure: ref.figure, scope: ref.scope ?? (def.scopes.includes('project') ? null : ctx.parkId), label: def.label, value: null, unit: def.unit,
    digits: def.digits, check: null, target: null, code: null, note: null,
  };
  const scope = findScope(ctx, ref.scope, def.scopes);
  if (!scope) return { ...base, note: 'no_scope' };
  const rules = ctx.rules ?? DEFAULT_RULESET;

  if (scope.kind === 'project') {
    const c = ctx.conflicts;
    if (!c) return { ...base, note: 'not_computed' };
    if (ref.figure === 'conflictCount') return { ...base, value: CONFLICT_TYPES.reduce((n, t) => n + (c.countByType[t] ?? 0), 0) };
    const type = ref.figure.slice('conflictArea.'.length) as ConflictType;
    return { ...base, value: muOf(c.areaM2ByType[type] ?? 0) };
  }

  if (scope.kind === 'village') {
    const v = scope.r;
    const label = bi(`${v.village ?? v.id} ${def.label.zh}`, `${v.village ?? v.id}: ${def.label.en}`);
    const value: number | null =
      ref.figure === 'village.households' ? v.households
        : ref.figure === 'village.population' ? v.population
          : ref.figure === 'village.units' ? v.resettlementUnits
            : ref.figure === 'village.landFreed' ? v.areaMu
              : ref.figure === 'village.targetYear' ? v.targetYear
                : null;
    if (ref.figure === 'village.status') return { ...base, scope: v.id, label, code: v.status, note: v.status === null ? 'missing' : null };
    return { ...base, scope: v.id, label, value, note: value === null ? 'missing' : null };
  }

  const r = scope.r;
  let label = def.label;
  if (scope.kind === 'zone') {
    const z = scope.r;
    const zoneName = z.zoneType ? ZONE_TYPE[z.zoneType] : bi(z.name ?? z.id, z.name ?? z.id);
    label = ref.figure === 'area' ? bi(`${zoneName.zh}面积`, `${zoneName.en} area`) : bi(`${zoneName.zh} ${def.label.zh}`, `${zoneName.en}: ${def.label.en}`);
  }
  const out: ResolvedFigure = { ...base, scope: r.id, label };
  const done = r.relocation.byStatus.done;
  switch (ref.figure) {
    case 'area': out.value = r.areaMu; break;
    case 'parcelCount': out.value = r.parcelCount; break;
    case 'parcelArea': out.value = muOf(r.parcelAreaM2); break;
    case 'industrialArea': out.value = muOf(r.industrialAreaM2); break;
    case 'builtCoverage': out.value = r.builtCoverage; break;
    case 'leadingIndustryShare': {
      out.value = r.leadingIndustryShare;
      const c = r.checks.find((x) => x.rule === 'leadingIndustryShare');
      if (c && c.op !== null && c.threshold !== null && (c.status === 'pass' || c.status === 'fail' || c.status === 'missing')) {
        out.check = { op: c.op, threshold: c.threshold, status: c.status, source: c.source };
      }
      break;
    }
    case 'investmentIntensity': {
      out.value = r.investmentIntensity;
      // Seed 000 sets the intensity for a park as a whole (中心城区 ≥ 230, 县属 ≥ 216), by the park's class.
      const park = parkOf(ctx, scope);
      const rule = rulesForPark(rules, park?.id ?? null).investmentIntensity;
      if (park?.parkClass && rule.enabled !== false) {
        const c = check('investmentIntensity', r.investmentIntensity, rule.byParkClass[park.parkClass], rule.source);
        out.check = { op: c.op!, threshold: c.threshold!, status: c.status === 'fail' ? 'fail' : c.status === 'pass' ? 'pass' : 'missing', source: rule.source };
      }
      break;
    }
    case 'intensityFailCount':
      out.value = ctx.evaluation.parcels.filter((p) => (scope.kind === 'park' ? p.park : p.zone) === r.id && p.flags.some((f) => f.rule === 'investmentIntensity')).length;
      break;
    case 'plotRatio': {
      out.value = r.plotRatio;
      const rule = rulesForPark(rules, parkOf(ctx, scope)?.id ?? null).plotRatio;
      if (rule.enabled !== false) {
        const c = check('plotRatio', r.plotRatio, rule, rule.source);
        out.check = { op: rule.op, threshold: rule.value, status: c.status === 'fail' ? 'fail' : c.status === 'pass' ? 'pass' : 'missing', source: rule.source };
      }
      break;
    }
    case 'buildingCoverage': out.value = r.buildingCoverage; break;
    case 'idleCount': out.value = r.idle.idleCount; break;
    case 'idleArea': out.value = r.idle.idleAreaMu; break;
    case 'idleFee': out.value = r.idle.feeWan; break;
    case 'reclaimCount': out.value = r.idle.byDisposal.reclaim.count; break;
    case 'feeCount': out.value = r.idle.byDisposal.fee.count; break;
    case 'negotiateCount': out.value = r.idle.byDisposal.negotiate.count; break;
    case 'approachingCount': out.value = r.idle.approachingCount; break;
    case 'villages': out.value = r.relocation.total.villages; break;
    case 'villagesDone': out.value = done.villages; break;
    case 'peopleMoved': out.value = done.population; break;
    case 'unitsDone': out.value = done.resettlementUnits; break;
    case 'landFreed': out.value = done.areaMu; break;
    case 'largeProjectCount': out.value = r.largeProjects.count; break;
    case 'largeProjectArea': out.value = muOf(r.largeProjects.areaM2); break;
    default: return { ...base, note: 'no_scope' };
  }
  const targetKey = TARGET_OF[ref.figure];
  if (targetKey && scope.kind === 'park') {
    const inForce = targetsForPark(ctx.relocationTargets ?? DEFAULT_RELOCATION_TARGETS, r.id);
    const t = inForce.targets[targetKey];
    out.target = {
      value: t.value, approximate: t.approximate, share: out.value === null ? null : out.value / t.value,
      scope: inForce.scope, year: inForce.year, name: inForce.name, source: inForce.sources[targetKey],
    };
  }
  if (out.value === null && out.note === null) out.note = 'missing';
  return out;
}

// ---------------------------------------------------------------- charts

export type ChartGroup = 'landUse' | 'zoneType' | 'disposal' | 'relocationStatus' | 'conflictType';

export interface ResolvedChart {
  kind: ChartKind;
  title: Bilingual;
  unit: FigureUnit;
  digits: number;
  /** The category family of the bars (for their colours). */
  group: ChartGroup;
  bars: { code: string; label: Bilingual; value: number | null }[];
  note: 'not_computed' | 'no_scope' | null;
}

export const CHART_TITLES: Record<ChartKind, Bilingual> = {
  landUse: bi('各类用地面积（亩）', 'Area by land use (mu)'),
  zoneAreas: bi('各功能分区面积（亩）', 'Area by zone (mu)'),
  idleByDisposal: bi('闲置土地面积（亩）', 'Idle land by disposal (mu)'),
  relocationByStatus: bi('迁并人口（人）', 'People by relocation status'),
  conflictsByType: bi('冲突面积（亩）', 'Conflict area by type (mu)'),
};

/** A slide's chart, from the evaluation (scope: the deck's park). */
export function resolveChart(kind: ChartKind, ctx: FigureContext, scopeId: string | null = null): ResolvedChart {
  const title = CHART_TITLES[kind];
  if (kind === 'conflictsByType') {
    const c = ctx.conflicts;
    return {
      kind, title, unit: 'mu', digits: 1, group: 'conflictType', note: c ? null : 'not_computed',
      bars: CONFLICT_TYPES.map((t) => ({ code: t, label: CONFLICT_TYPE[t], value: c ? muOf(c.areaM2ByType[t] ?? 0) : null })),
    };
  }
  const scope = findScope(ctx, scopeId, ['park', 'zone']);
  const empty = (unit: FigureUnit, digits: number, group: ChartGroup): ResolvedChart => ({ kind, title, unit, digits, group, bars: [], note: 'no_scope' });
  if (!scope || (scope.kind !== 'park' && scope.kind !== 'zone')) {
    return empty(kind === 'relocationByStatus' ? 'people' : 'mu', kind === 'relocationByStatus' ? 0 : 1, kind === 'landUse' ? 'landUse' : kind === 'zoneAreas' ? 'zoneType' : kind === 'idleByDisposal' ? 'disposal' : 'relocationStatus');
  }
  const r = scope.r;
  switch (kind) {
    case 'landUse':
      return {
        kind, title, unit: 'mu', digits: 1, group: 'landUse', note: null,
        bars: [...LAND_USES, 'unknown' as const].filter((u) => r.landUseAreaM2[u] > 0).map((u) => ({ code: u, label: LAND_USE[u], value: muOf(r.landUseAreaM2[u]) })),
      };
    case 'zoneAreas': {
      const zones = scope.kind === 'park' ? ctx.evaluation.zones.filter((z) => z.park === r.id || z.park === null) : [scope.r];
      return {
        kind, title, unit: 'mu', digits: 1, group: 'zoneType', note: null,
        bars: zones.map((z) => ({ code: z.zoneType ?? z.id, label: z.zoneType ? ZONE_TYPE[z.zoneType] : bi(z.name ?? z.id, z.name ?? z.id), value: z.areaMu })),
      };
    }
    case 'idleByDisposal':
      return {
        kind, title, unit: 'mu', digits: 1, group: 'disposal', note: null,
        bars: [
          ...(['reclaim', 'fee', 'negotiate'] as const).map((d) => ({ code: d, label: DISPOSAL[d], value: r.idle.byDisposal[d].areaMu })),
          { code: 'approaching', label: DISPOSAL.approaching, value: muOf(r.idle.approachingAreaM2) },
        ],
      };
    case 'relocationByStatus': {
      const statuses = ['done', 'in_progress', 'planned', ...(r.relocation.byStatus.unknown.villages > 0 ? ['unknown' as const] : [])] as const;
      return {
        kind, title, unit: 'people', digits: 0, group: 'relocationStatus', note: null,
        bars: statuses.map((s) => ({ code: s, label: RELOCATION_STATUS[s], value: r.relocation.byStatus[s].population })),
      };
    }
  }
}
