// How the panels write core's figures: units and digits per metric, for zh and en (src/core/units.ts does the
// formatting). Nothing here computes a figure; it only chooses how a value core returned is written.
import type { RuleCheck } from '../../core/rules/control';
import type { Op, RuleName } from '../../core/rules/ruleset';
import { formatArea, formatNumber, formatPercent, formatWan, MISSING, unitLabel } from '../../core/units';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';

export type MetricKey =
  | 'investmentIntensity' | 'plotRatio' | 'buildingCoverage' | 'greenRatio' | 'supportLandShare' | 'supportFloorShare'
  | 'taxPerMu' | 'revenuePerMu' | 'leadingIndustryShare' | 'builtCoverage';

type Kind = 'wanPerMu' | 'ratio' | 'percent' | 'mu';

const METRIC_KIND: Record<MetricKey | 'largeProject', Kind> = {
  investmentIntensity: 'wanPerMu',
  plotRatio: 'ratio',
  buildingCoverage: 'percent',
  greenRatio: 'percent',
  supportLandShare: 'percent',
  supportFloorShare: 'percent',
  taxPerMu: 'wanPerMu',
  revenuePerMu: 'wanPerMu',
  leadingIndustryShare: 'percent',
  builtCoverage: 'percent',
  largeProject: 'mu',
};

/** A metric's value in its unit: 万元/亩 with 1 decimal, ratios with 2, shares as % with 1. */
export function formatMetric(key: MetricKey | RuleName, value: number | null | undefined, lang: Lang): string {
  switch (METRIC_KIND[key]) {
    case 'wanPerMu': return value === null || value === undefined ? MISSING : `${formatNumber(value, lang, key === 'investmentIntensity' ? 1 : 2)} ${unitLabel('wanPerMu', lang)}`;
    case 'ratio': return formatNumber(value, lang, 2);
    case 'percent': return formatPercent(value, lang, 1);
    case 'mu': return value === null || value === undefined ? MISSING : `${formatNumber(value, lang, 1)} ${unitLabel('mu', lang)}`;
  }
}

export const OP_SIGN: Record<Op, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** "≥ 230 万元/亩", "> 1.00", "≤ 7.0%". */
export function formatThreshold(c: Pick<RuleCheck, 'rule' | 'op' | 'threshold'>, lang: Lang): string {
  if (c.op === null || c.threshold === null) return MISSING;
  return `${OP_SIGN[c.op]} ${formatMetric(c.rule, c.threshold, lang)}`;
}

export function metricLabel(key: MetricKey | RuleName, lang: Lang): string {
  return t(lang, `metric.${key}` as MessageKey);
}

export const areaMuHa = (m2: number | null | undefined, lang: Lang) => `${formatArea(m2, 'mu', lang)} · ${formatArea(m2, 'ha', lang)}`;
export { formatArea, formatNumber, formatPercent, formatWan, MISSING };

/** A property's name for people: the glossary label for known fields, else the key as it is in the file. */
export function fieldLabel(key: string, lang: Lang): string {
  return tMaybe(lang, `field.${key}`, key);
}

/** A property value as plain text (React renders it as text, never HTML). Enumerations are translated. */
export function propertyText(key: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return MISSING;
  if (typeof value === 'boolean') return t(lang, value ? 'bool.true' : 'bool.false');
  if (typeof value === 'string') {
    const enumKey = ENUM_PREFIX[key];
    return enumKey ? tMaybe(lang, `${enumKey}.${value}`, value) : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : MISSING;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(lang === 'zh' ? '、' : ', ');
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const ENUM_PREFIX: Record<string, string> = {
  landUse: 'landUse',
  zoneType: 'zoneType',
  status: 'relocationStatus',
  parkClass: 'parkClass',
  planClass: 'planClass',
};
