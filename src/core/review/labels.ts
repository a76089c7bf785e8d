// Words of the land-review workflow in both languages, for the workbook, the notices and the CLI.
// Terms follow the glossary (DESIGN §2) and match the UI's labels in src/ui/i18n.ts.
import type { Disposal, IdleBasis } from '../rules/idle';
import type { Op, RuleName } from '../rules/ruleset';
import type { Compliance } from '../rules/control';
import type { LandUse, RelocationStatus, ZoneType } from '../schema/types';
import type { Locale } from '../units';

export type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const RULE_LABELS: Labels<RuleName> = {
  zh: {
    investmentIntensity: '投资强度', plotRatio: '容积率', buildingCoverage: '建筑系数', greenRatio: '绿地率',
    supportLandShare: '行政办公及生活服务设施用地比重', supportFloorShare: '非生产设施建筑面积比重',
    leadingIndustryShare: '主导产业用地占比', largeProject: '大项目（占地）', taxPerMu: '亩均税收',
  },
  en: {
    investmentIntensity: 'Investment intensity', plotRatio: 'Plot ratio', buildingCoverage: 'Building coverage', greenRatio: 'Green ratio',
    supportLandShare: 'Support-facility land share', supportFloorShare: 'Non-production floor share',
    leadingIndustryShare: 'Leading-industry share', largeProject: 'Large project (area)', taxPerMu: 'Tax per mu',
  },
};

/** Unit of each rule's value, for headers and sentences ('' for plain ratios, '%' for shares). */
export const RULE_UNITS: Labels<RuleName> = {
  zh: {
    investmentIntensity: '万元/亩', plotRatio: '', buildingCoverage: '%', greenRatio: '%', supportLandShare: '%',
    supportFloorShare: '%', leadingIndustryShare: '%', largeProject: '亩', taxPerMu: '万元/亩',
  },
  en: {
    investmentIntensity: '10k CNY/mu', plotRatio: '', buildingCoverage: '%', greenRatio: '%', supportLandShare: '%',
    supportFloorShare: '%', leadingIndustryShare: '%', largeProject: 'mu', taxPerMu: '10k CNY/mu',
  },
};

export const OP_SYMBOL: Record<Op, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

export const DISPOSAL_LABELS: Labels<Disposal> = {
  zh: { none: '无需处置', fee: '征收土地闲置费', reclaim: '无偿收回', negotiate: '协商处置（政府原因）' },
  en: { none: 'None', fee: 'Idle-land fee', reclaim: 'Reclaim without compensation', negotiate: 'Negotiated (government cause)' },
};

export const BASIS_LABELS: Labels<IdleBasis> = {
  zh: { not_started: '未按约定日期动工', halted: '已动工但中止开发' },
  en: { not_started: 'Construction not started on the agreed date', halted: 'Development started but halted' },
};

export const FINDING_LABELS: Labels<'idle' | 'not_idle' | 'unknown'> = {
  zh: { idle: '闲置', not_idle: '不闲置', unknown: '无法判定' },
  en: { idle: 'Idle', not_idle: 'Not idle', unknown: 'Cannot be determined' },
};

export const LAND_USE_LABELS: Labels<LandUse> = {
  zh: {
    industrial: '工业用地', warehouse: '物流仓储用地', commercial: '商业服务业用地', residential: '居住用地',
    public: '公共管理与公共服务用地', road: '道路与交通设施用地', green: '绿地', other: '其他用地',
  },
  en: {
    industrial: 'Industrial', warehouse: 'Logistics & warehouse', commercial: 'Commercial', residential: 'Residential',
    public: 'Public administration & services', road: 'Roads & transport', green: 'Green space', other: 'Other',
  },
};

export const ZONE_TYPE_LABELS: Labels<ZoneType> = {
  zh: { built: '建成区', development: '发展区', control: '控制区' },
  en: { built: 'Built zone', development: 'Development zone', control: 'Control zone' },
};

export const RELOCATION_STATUS_LABELS: Labels<RelocationStatus> = {
  zh: { planned: '计划迁并', in_progress: '正在迁并', done: '已完成' },
  en: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
};

export const COMPLIANCE_LABELS: Labels<Compliance> = {
  zh: { pass: '全部合格', fail: '存在不合格项', missing: '数据缺失' },
  en: { pass: 'Passes all', fail: 'Fails some', missing: 'Missing data' },
};

export const YES_NO: Labels<'yes' | 'no'> = { zh: { yes: '是', no: '否' }, en: { yes: 'yes', no: 'no' } };

/** "投资强度 185.2 < 230" / "Investment intensity 185.2 < 230": a failed rule in one line, without its source. */
export function describeShortfall(rule: RuleName, value: number, op: Op, threshold: number, locale: Locale): string {
  const percent = RULE_UNITS.zh[rule] === '%';
  const base = percent ? 1 : rule === 'plotRatio' ? 2 : 1;
  // A value just across the threshold gets the digits that tell them apart (0.999998 ≤ 1, not 1 ≤ 1).
  let digits = base;
  while (digits < base + 6 && trim(percent ? value * 100 : value, digits) === trim(percent ? threshold * 100 : threshold, digits)) digits++;
  const show = (v: number) => (percent ? `${trim(v * 100, digits)}%` : trim(v, digits));
  // The value fails "op threshold", so show the comparison that holds instead.
  const failed: Record<Op, string> = { '>=': '<', '>': '≤', '<=': '>', '<': '≥' };
  const unit = percent ? '' : RULE_UNITS[locale][rule];
  return `${RULE_LABELS[locale][rule]} ${show(value)} ${failed[op]} ${show(threshold)}${unit ? ` ${unit}` : ''}`;
}

/** A number with at most `digits` decimals, trailing zeros dropped (230 not 230.0; 0.82 stays). */
export function trim(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}
