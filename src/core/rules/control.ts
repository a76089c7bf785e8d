// Control-indicator checks of one parcel against the rules in force (DESIGN §5, §5.1).
import type { ParcelMetrics } from '../metrics/parcel';
import type { ParcelRecord } from '../schema/fields';
import type { ParkClass } from '../schema/types';
import { passes, type Op, type RuleName, type Rules, type Threshold } from './ruleset';

export type CheckStatus = 'pass' | 'fail' | 'missing' | 'not_evaluated';

export interface RuleCheck {
  rule: RuleName;
  status: CheckStatus;
  value: number | null;
  threshold: number | null;
  op: Op | null;
  source: string;
  /** Why a check was not evaluated or is missing, in English (UI translates by code). */
  reason?: 'no_park_class' | 'missing_input';
}

/** A failed check: rule, value, threshold and source (DESIGN §10). */
export interface Flag {
  rule: RuleName;
  value: number;
  threshold: number;
  op: Op;
  source: string;
}

export function check(rule: RuleName, value: number | null, t: Threshold, source: string): RuleCheck {
  if (value === null) return { rule, status: 'missing', value: null, threshold: t.value, op: t.op, source, reason: 'missing_input' };
  return { rule, status: passes(value, t) ? 'pass' : 'fail', value, threshold: t.value, op: t.op, source };
}

/** The plot-ratio minimum: by two-digit industry code where the national table has it, else the seed's > 1.0. */
export function plotRatioThreshold(rules: Rules, industryCode: string | null): { t: Threshold; source: string } {
  const byCode = rules.plotRatio.byIndustryCode;
  if (industryCode !== null && byCode && byCode.values[industryCode] !== undefined) {
    return { t: { op: byCode.op, value: byCode.values[industryCode] }, source: byCode.source };
  }
  return { t: { op: rules.plotRatio.op, value: rules.plotRatio.value }, source: rules.plotRatio.source };
}

const enabled = (r: { enabled?: boolean }) => r.enabled !== false;

/** Every check that applies to this parcel, in a fixed order. Control indicators apply to industrial land only; largeProject to all. */
export function checkParcel(p: ParcelRecord, m: ParcelMetrics, rules: Rules, parkClass: ParkClass | null): RuleCheck[] {
  const out: RuleCheck[] = [];
  if (p.landUse === 'industrial') {
    const ii = rules.investmentIntensity;
    if (enabled(ii)) {
      if (parkClass === null) {
        out.push({ rule: 'investmentIntensity', status: 'not_evaluated', value: m.investmentIntensity, threshold: null, op: null, source: ii.source, reason: 'no_park_class' });
      } else {
        out.push(check('investmentIntensity', m.investmentIntensity, ii.byParkClass[parkClass], ii.source));
      }
    }
    if (enabled(rules.plotRatio)) {
      const { t, source } = plotRatioThreshold(rules, p.industryCode);
      out.push(check('plotRatio', m.plotRatio, t, source));
    }
    for (const name of ['buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu'] as const) {
      const r = rules[name];
      if (enabled(r)) out.push(check(name, m[name], r, r.source));
    }
  }
  if (enabled(rules.largeProject)) out.push(check('largeProject', m.areaMu, rules.largeProject, rules.largeProject.source));
  return out;
}

export function flagsOf(checks: readonly RuleCheck[]): Flag[] {
  const flags: Flag[] = [];
  for (const c of checks) {
    if (c.status === 'fail') flags.push({ rule: c.rule, value: c.value as number, threshold: c.threshold as number, op: c.op as Op, source: c.source });
  }
  return flags;
}

export type Compliance = 'pass' | 'fail' | 'missing';

/** Rules that call for a review rather than say a parcel falls short (seed 000 三(三)2: 重点检查 300 亩以上项目). */
export const REVIEW_RULES: ReadonlySet<RuleName> = new Set<RuleName>(['largeProject']);

/** A parcel's standing against the control indicators: fails one, else lacks data for one, else passes all. */
export function complianceOf(checks: readonly RuleCheck[]): Compliance {
  let missing = false;
  for (const c of checks) {
    if (REVIEW_RULES.has(c.rule)) continue;
    if (c.status === 'fail') return 'fail';
    if (c.status === 'missing' || c.status === 'not_evaluated') missing = true;
  }
  return missing ? 'missing' : 'pass';
}
