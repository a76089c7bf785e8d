// Policy thresholds as data (DESIGN §5): a versioned rules file with sources, overridable per park.
import defaultPresetJson from './presets/national-2008-zhumadian-2014.json';
import type { ParkClass } from '../schema/types';

export type Op = '>=' | '>' | '<=' | '<';
export const OPS: readonly Op[] = ['>=', '>', '<=', '<'];

export type RuleName =
  | 'investmentIntensity' | 'plotRatio' | 'buildingCoverage' | 'greenRatio' | 'supportLandShare'
  | 'supportFloorShare' | 'leadingIndustryShare' | 'largeProject' | 'taxPerMu';

/** Rules applied to industrial parcels only (DESIGN §5). */
export const CONTROL_RULES = ['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu'] as const;

export interface Threshold {
  op: Op;
  value: number;
}
export interface SimpleRule extends Threshold {
  source: string;
  enabled?: boolean;
  unit?: string;
}
export interface Rules {
  investmentIntensity: { byParkClass: Record<ParkClass, Threshold>; source: string; enabled?: boolean; unit?: string };
  plotRatio: SimpleRule & { byIndustryCode?: { op: Op; values: Record<string, number>; source: string } };
  buildingCoverage: SimpleRule;
  greenRatio: SimpleRule;
  supportLandShare: SimpleRule;
  supportFloorShare: SimpleRule;
  leadingIndustryShare: SimpleRule;
  largeProject: SimpleRule;
  taxPerMu: SimpleRule;
}

/** A rules file; `parks` holds per-park overrides of any part of `rules`. */
export interface RuleSet {
  id: string;
  version: number;
  name: { zh: string; en: string };
  rules: Rules;
  parks: Record<string, DeepPartial<Rules>>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const DEFAULT_RULESET: RuleSet = defaultPresetJson as RuleSet;

// Values within this relative distance of a threshold count as equal to it (noise of dividing floats).
const EPS = 1e-9;

/** Does `value op threshold` hold? "≥ X" and "≤ X" pass at X; "> X" and "< X" fail at X (DESIGN §5). */
export function passes(value: number, t: Threshold): boolean {
  const e = EPS * Math.max(1, Math.abs(t.value));
  switch (t.op) {
    case '>=': return value >= t.value - e;
    case '>': return value > t.value + e;
    case '<=': return value <= t.value + e;
    case '<': return value < t.value - e;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(patch) || !isPlainObject(base)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : v;
  return out as T;
}

/** The rules in force for one park: the set's rules with that park's overrides applied. */
export function rulesForPark(set: RuleSet, parkId: string | null): Rules {
  const override = parkId ? set.parks[parkId] : undefined;
  return override ? deepMerge(set.rules, override) : set.rules;
}

/** Checks a rules file (partial files are completed from the default preset); returns the set or the reasons it is unusable. */
export function readRuleSet(json: unknown, base: RuleSet = DEFAULT_RULESET): { ok: true; value: RuleSet } | { ok: false; errors: string[] } {
  if (!isPlainObject(json)) return { ok: false, errors: ['a rules file must be a JSON object'] };
  const set = deepMerge(base, json) as RuleSet;
  const errors: string[] = [];
  const checkThreshold = (path: string, t: unknown) => {
    if (!isPlainObject(t)) return errors.push(`${path} must be an object with "op" and "value"`);
    if (!OPS.includes(t.op as Op)) errors.push(`${path}.op must be one of ${OPS.join(' ')}, found ${JSON.stringify(t.op)}`);
    if (typeof t.value !== 'number' || !Number.isFinite(t.value)) errors.push(`${path}.value must be a number, found ${JSON.stringify(t.value)}`);
  };
  const checkRules = (prefix: string, rules: Rules) => {
    if (!isPlainObject(rules)) return errors.push(`${prefix} must be an object`);
    for (const name of Object.keys(rules) as RuleName[]) {
      const r = rules[name] as unknown as Record<string, unknown>;
      if (!isPlainObject(r)) { errors.push(`${prefix}.${name} must be an object`); continue; }
      if (typeof r.source !== 'string' || r.source.trim() === '') errors.push(`${prefix}.${name}.source must name where the threshold comes from`);
      if (name === 'investmentIntensity') {
        const by = r.byParkClass as Record<string, unknown>;
        if (!isPlainObject(by)) errors.push(`${prefix}.investmentIntensity.byParkClass must be an object`);
        else for (const c of ['central', 'county']) checkThreshold(`${prefix}.investmentIntensity.byParkClass.${c}`, by[c]);
      } else {
        checkThreshold(`${prefix}.${name}`, r);
      }
    }
    const byCode = rules.plotRatio?.byIndustryCode as Record<string, unknown> | undefined;
    if (byCode !== undefined) {
      if (!OPS.includes(byCode.op as Op)) errors.push(`${prefix}.plotRatio.byIndustryCode.op must be one of ${OPS.join(' ')}`);
      if (!isPlainObject(byCode.values) || Object.values(byCode.values).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        errors.push(`${prefix}.plotRatio.byIndustryCode.values must map two-digit codes to numbers`);
      }
    }
  };
  checkRules('rules', set.rules);
  if (!isPlainObject(set.parks)) errors.push('parks must be an object keyed by park id');
  else for (const parkId of Object.keys(set.parks)) checkRules(`parks.${parkId}`, rulesForPark(set, parkId));
  return errors.length ? { ok: false, errors } : { ok: true, value: set };
}
