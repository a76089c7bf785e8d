// The review workbook (审查台账) as XLSX, written with exceljs into bytes (Node and browser alike).
// Sheets are first built as plain data (`registerSheets`, testable and reusable), then written by `writeRegisterXlsx`.
// Every figure comes from evaluate() and the review queue; this file formats, it never computes a metric.
import ExcelJS from 'exceljs';
import type { IsoDate } from '../dates';
import type { Evaluation, ParcelResult } from '../evaluate';
import type { ParcelMetrics } from '../metrics/parcel';
import type { RuleCheck } from '../rules/control';
import { DEVELOPED_SHARE_MARK, IDLE_FEE_RATE, INVESTED_SHARE_MARK, RECLAIM_YEARS } from '../rules/idle';
import { CONTROL_RULES, DEFAULT_RULESET, rulesForPark, type Op, type RuleName, type Rules, type RuleSet } from '../rules/ruleset';
import type { ValidatedLayer } from '../schema/validate';
import { m2ToHa, squareMeters, type Locale } from '../units';
import type { ConflictRecord } from '../overlay/types';
import { caseViewOf, parcelRecordIndex } from '../review/case';
import { articleList, articlesOf, REGULATION_NAME } from '../review/clauses';
import { DECISION_LABELS, NEGOTIATION_LABELS, decisionIndex, type Decision, type DecisionState } from '../review/decisions';
import {
  BASIS_LABELS, COMPLIANCE_LABELS, DISPOSAL_LABELS, FINDING_LABELS, LAND_USE_LABELS, OP_SYMBOL, RELOCATION_STATUS_LABELS,
  RULE_LABELS, RULE_UNITS, YES_NO, describeShortfall,
} from '../review/labels';
import { GROUP_LABELS, INEFFICIENT_RULES, REVIEW_GROUPS, buildReviewQueue, describeReason, type ReviewItem } from '../review/queue';

/**
 * One 五规合一 conflict as the register lists it: the overlay's ConflictRecord (conflictRecords in
 * src/core/overlay/types.ts), its id that of the conflicts' GeoJSON export; an area may be missing.
 */
export type ConflictRow = Pick<ConflictRecord, 'id' | 'type' | 'plan' | 'against'> & { areaM2: number | null; areaMu: number | null };

export interface RegisterOptions {
  evaluation: Evaluation;
  /** The layers evaluated (for the dates and prices of each parcel). */
  layers: readonly ValidatedLayer[];
  /** The rules evaluate used; default the preset. */
  ruleSet?: RuleSet;
  decisions?: DecisionState;
  /** null/undefined: conflict detection was not run (the sheet says so). */
  conflicts?: readonly ConflictRow[] | null;
  /** Headers and words; default Chinese. */
  locale?: Locale;
  /** Time written into the workbook's properties; default now. */
  now?: Date;
}

export type ColumnKind = 'text' | 'int' | 'm2' | 'mu' | 'ha' | 'wan' | 'perMu' | 'ratio' | 'percent' | 'date' | 'year' | 'days';

export interface ColumnModel {
  header: string;
  kind: ColumnKind;
  /** Wrap long text in this column (its width is capped). */
  wrap?: boolean;
}

/** A cell: text, a number (formatted by its column unless it carries its own format), a date, or empty. */
export type CellModel = string | number | null | { date: IsoDate } | { number: number; numFmt: string };

export interface SheetModel {
  /** Stable key, whatever the language. */
  key: 'summary' | 'queue' | 'parcels' | 'idle' | 'inefficient' | 'relocation' | 'conflicts' | 'rules';
  name: string;
  columns: ColumnModel[];
  rows: CellModel[][];
  /** A line under the header when there is something to say instead of (or about) the rows. */
  note?: string;
  /** Columns kept in view when scrolling right. */
  freezeColumns: number;
}

export const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  m2: '#,##0',
  mu: '#,##0.00',
  ha: '#,##0.0000',
  wan: '#,##0.00',
  perMu: '#,##0.0',
  ratio: '0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  year: '0',
  days: '0',
};

type Words = Record<Locale, string>;
const w = (zh: string, en: string): Words => ({ zh, en });

const SHEET_NAMES: Record<SheetModel['key'], Words> = {
  summary: w('摘要', 'Summary'),
  queue: w('复核清单', 'Review queue'),
  parcels: w('宗地', 'Parcels'),
  idle: w('闲置土地台账', 'Idle land register'),
  inefficient: w('低效用地', 'Inefficient land'),
  relocation: w('村庄迁并', 'Village relocation'),
  conflicts: w('规划冲突', 'Plan conflicts'),
  rules: w('规则', 'Rules'),
};

const CONFLICT_TYPE_LABELS: Record<string, Words> = {
  basic_farmland: w('占用永久基本农田', 'Permanent basic farmland'),
  eco_red_line: w('占用生态保护红线', 'Ecological red line'),
  outside_construction_zone: w('位于限制/禁止建设区', 'Outside the construction zone'),
  landuse_mismatch: w('与城市总体规划用地性质不符', 'Land use differs from the city plan'),
  outside_park: w('超出园区边界', 'Outside the park'),
};

// ---- text safety ----

/** Characters XML 1.0 cannot carry (a workbook holding one will not open). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A cell holds at most 32 767 characters. */
const MAX_CELL_TEXT = 32_767;
/** Text a spreadsheet could take for a formula when a user edits or re-imports it (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes any text safe for a cell: characters XML cannot hold become U+FFFD, line ends become LF, and text that starts
 * like a formula (= + - @ tab CR) gets a leading apostrophe, so it reads as text here and in any CSV saved from the sheet.
 */
export function guardText(text: string): string {
  // XML reads a bare CR as LF anyway: say so in what is written, after the formula check saw the original start.
  let t = text.replace(XML_INVALID, '\uFFFD').replace(/\r\n?/g, '\n');
  if (FORMULA_START.test(text)) t = `'${t}`;
  return t.length > MAX_CELL_TEXT ? `${t.slice(0, MAX_CELL_TEXT - 1)}…` : t;
}

// ---- helpers ----

const num = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
const date = (v: IsoDate | null | undefined): CellModel => (v ? { date: v } : null);

function findingOf(isIdle: boolean | null, locale: Locale): string {
  return FINDING_LABELS[locale][isIdle === null ? 'unknown' : isIdle ? 'idle' : 'not_idle'];
}

function decisionText(d: Decision | null, locale: Locale): string | null {
  if (!d) return null;
  return d.negotiation ? `${DECISION_LABELS[locale][d.kind]}（${NEGOTIATION_LABELS[locale][d.negotiation]}）` : d.kind === 'not_idle' && d.reason ? `${DECISION_LABELS[locale][d.kind]}：${d.reason}` : DECISION_LABELS[locale][d.kind];
}

/** A threshold as a number whose format shows the comparison, e.g. "≥ 230" or "> 1.00". */
function thresholdCell(c: RuleCheck | undefined): CellModel {
  if (!c || c.threshold === null || c.op === null) return null;
  return { number: c.threshold, numFmt: `"${OP_SYMBOL[c.op]} "${ruleFormat(c.rule)}` };
}

function ruleFormat(rule: RuleName): string {
  if (RULE_UNITS.zh[rule] === '%') return '0.0%';
  if (rule === 'plotRatio') return '0.00';
  return '#,##0.0';
}

function ruleKind(rule: RuleName): ColumnKind {
  if (RULE_UNITS.zh[rule] === '%') return 'percent';
  if (rule === 'plotRatio') return 'ratio';
  if (rule === 'largeProject') return 'mu';
  return 'perMu';
}

function unitHeader(label: string, unit: string, locale: Locale): string {
  if (!unit || unit === '%') return label;
  return locale === 'zh' ? `${label}(${unit})` : `${label} (${unit})`;
}

// ---- sheets ----

/** The workbook's sheets as plain data, in order. */
export function registerSheets(o: RegisterOptions): SheetModel[] {
  const locale = o.locale ?? 'zh';
  const L = (words: Words) => words[locale];
  const e = o.evaluation;
  const ruleSet = o.ruleSet ?? DEFAULT_RULESET;
  const records = parcelRecordIndex(o.layers);
  const decisions = o.decisions ? decisionIndex(o.decisions) : new Map<string, Decision>();
  const queue = buildReviewQueue(e, { decisions: o.decisions, includeUndetermined: true });
  const itemById = new Map<string, ReviewItem>(queue.items.map((i) => [i.parcelId, i]));
  const parkName = new Map(e.parks.map((p) => [p.id, p.name ?? p.id]));
  const zoneName = new Map(e.zones.map((z) => [z.id, z.name ?? z.id]));
  const park = (id: string | null) => (id === null ? null : parkName.get(id) ?? id);
  const zone = (id: string | null) => (id === null ? null : zoneName.get(id) ?? id);
  const muHeader = L(w('面积(亩)', 'Area (mu)'));
  const wanHeader = (zh: string, en: string) => L(w(`${zh}(万元)`, `${en} (10k CNY)`));
  const group = (id: string) => {
    const item = itemById.get(id);
    return item ? GROUP_LABELS[locale][item.group] : null;
  };

  // Summary: the review date, the rules, the queue by group, each park's idle figures and relocation.
  const summaryRows: CellModel[][] = [];
  const line = (label: string, value: CellModel, unit = '') => summaryRows.push([label, value, unit || null]);
  line(L(w('审查基准日', 'Review date')), { date: e.reviewDate });
  line(L(w('规则', 'Rules')), null, `${ruleSet.name[locale]} (${ruleSet.id})`);
  line(L(w('临近期限', 'Approaching horizon')), e.approachingDays, L(w('天', 'days')));
  line(L(w('宗地', 'Parcels')), e.parcels.length, L(w('宗', 'parcels')));
  for (const g of REVIEW_GROUPS) {
    const t = queue.groups[g];
    line(`${L(w('复核', 'Queue'))} · ${GROUP_LABELS[locale][g]}`, t.count, L(w('宗', 'parcels')));
    line(`${L(w('复核', 'Queue'))} · ${GROUP_LABELS[locale][g]} · ${L(w('面积', 'area'))}`, { number: t.areaMu, numFmt: NUMBER_FORMATS.mu! }, L(w('亩', 'mu')));
  }
  for (const p of e.parks) {
    const name = p.name ?? p.id;
    line(`${name} · ${L(w('面积', 'area'))}`, p.areaMu === null ? null : { number: p.areaMu, numFmt: NUMBER_FORMATS.mu! }, L(w('亩', 'mu')));
    line(`${name} · ${L(w('闲置土地', 'idle land'))}`, p.idle.idleCount, L(w('宗', 'parcels')));
    line(`${name} · ${L(w('闲置土地面积', 'idle area'))}`, { number: p.idle.idleAreaMu, numFmt: NUMBER_FORMATS.mu! }, L(w('亩', 'mu')));
    line(`${name} · ${L(w('应征闲置费合计', 'idle-land fees due'))}`, { number: p.idle.feeWan, numFmt: NUMBER_FORMATS.wan! }, L(w('万元', '10k CNY')));
    if (p.idle.feeUnknownCount) line(`${name} · ${L(w('地价缺失、闲置费未计入', 'fees not counted (no land price)'))}`, p.idle.feeUnknownCount, L(w('宗', 'parcels')));
  }
  const rel = e.relocation.total;
  line(L(w('村庄迁并 · 村庄', 'Relocation · villages')), rel.villages, L(w('个', 'villages')));
  line(L(w('村庄迁并 · 户数', 'Relocation · households')), rel.households, L(w('户', 'households')));
  line(L(w('村庄迁并 · 人口', 'Relocation · population')), rel.population, L(w('人', 'people')));
  line(L(w('村庄迁并 · 安置房', 'Relocation · resettlement units')), rel.resettlementUnits, L(w('套', 'units')));
  line(L(w('村庄迁并 · 腾退土地', 'Relocation · land freed')), { number: rel.areaMu, numFmt: NUMBER_FORMATS.mu! }, L(w('亩', 'mu')));
  if (rel.incomplete) line(L(w('村庄迁并 · 数据不全未计入合计', 'Relocation · villages with missing figures')), rel.incomplete, L(w('个', 'villages')));
  if (o.conflicts) line(L(w('规划冲突', 'Plan conflicts')), o.conflicts.length, L(w('处', 'conflicts')));
  else line(L(w('规划冲突检测', 'Plan conflict detection')), null, L(w('未运行', 'not run')));
  const summary: SheetModel = {
    key: 'summary', name: L(SHEET_NAMES.summary), freezeColumns: 1, rows: summaryRows,
    columns: [{ header: L(w('项目', 'Item')), kind: 'text' }, { header: L(w('数值', 'Value')), kind: 'text' }, { header: L(w('单位 / 说明', 'Unit / note')), kind: 'text', wrap: true }],
  };

  // Review queue, most urgent first.
  const queueSheet: SheetModel = {
    key: 'queue', name: L(SHEET_NAMES.queue), freezeColumns: 3,
    columns: [
      { header: L(w('序号', 'No.')), kind: 'int' },
      { header: L(w('复核分组', 'Group')), kind: 'text', wrap: true },
      { header: L(w('宗地编号', 'Parcel')), kind: 'text' },
      { header: L(w('宗地名称', 'Name')), kind: 'text', wrap: true },
      { header: L(w('企业名称', 'Enterprise')), kind: 'text', wrap: true },
      { header: L(w('园区', 'Park')), kind: 'text', wrap: true },
      { header: L(w('功能区', 'Zone')), kind: 'text' },
      { header: muHeader, kind: 'mu' },
      { header: L(w('期限日期', 'Due date')), kind: 'date' },
      { header: L(w('距期限(天)', 'Days to due')), kind: 'days' },
      { header: L(w('原因', 'Reasons')), kind: 'text', wrap: true },
      { header: L(w('处置决定', 'Decision')), kind: 'text', wrap: true },
      { header: L(w('决定日期', 'Decision date')), kind: 'date' },
      { header: L(w('文号', 'Reference')), kind: 'text', wrap: true },
    ],
    rows: queue.items.map((i, n) => [
      n + 1, GROUP_LABELS[locale][i.group], i.parcelId, i.name, i.enterprise, park(i.park), zone(i.zone), num(i.areaMu),
      date(i.dueOn), i.daysUntilDue, i.reasons.map((r) => describeReason(r, locale)).join('\n'),
      decisionText(i.decision, locale), date(i.decision?.date), i.decision?.reference || null,
    ]),
  };
  if (queue.items.length === 0) queueSheet.note = L(w('没有需要复核的宗地', 'No parcel needs review'));

  // Every parcel with its metrics, flags and idle finding.
  const parcelsSheet: SheetModel = {
    key: 'parcels', name: L(SHEET_NAMES.parcels), freezeColumns: 1,
    columns: [
      { header: L(w('宗地编号', 'Parcel')), kind: 'text' },
      { header: L(w('宗地名称', 'Name')), kind: 'text', wrap: true },
      { header: L(w('企业名称', 'Enterprise')), kind: 'text', wrap: true },
      { header: L(w('用地性质', 'Land use')), kind: 'text', wrap: true },
      { header: L(w('园区', 'Park')), kind: 'text', wrap: true },
      { header: L(w('功能区', 'Zone')), kind: 'text' },
      { header: L(w('面积(平方米)', 'Area (m²)')), kind: 'm2' },
      { header: muHeader, kind: 'mu' },
      { header: L(w('面积(公顷)', 'Area (ha)')), kind: 'ha' },
      ...(['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu'] as const)
        .map((r) => ({ header: unitHeader(RULE_LABELS[locale][r], RULE_UNITS[locale][r], locale), kind: ruleKind(r) })),
      { header: unitHeader(L(w('亩均营业收入', 'Revenue per mu')), RULE_UNITS[locale].taxPerMu, locale), kind: 'perMu' as const },
      { header: L(w('合规情况', 'Compliance')), kind: 'text', wrap: true },
      { header: L(w('不合格项', 'Failed rules')), kind: 'text', wrap: true },
      { header: L(w('已开工', 'Started')), kind: 'text' },
      { header: L(w('闲置认定', 'Idle finding')), kind: 'text', wrap: true },
      { header: L(w('处置方式', 'Disposal')), kind: 'text', wrap: true },
      { header: L(w('闲置年数', 'Whole years idle')), kind: 'int' },
      { header: wanHeader('闲置费', 'Idle-land fee'), kind: 'wan' },
      { header: L(w('复核分组', 'Review group')), kind: 'text', wrap: true },
      { header: L(w('来源文件', 'File')), kind: 'text', wrap: true },
    ],
    rows: e.parcels.map((p) => [
      p.id, p.name, p.enterprise, p.landUse ? LAND_USE_LABELS[locale][p.landUse] : null, park(p.park), zone(p.zone),
      num(p.areaM2), num(p.areaMu), num(p.areaHa),
      num(p.investmentIntensity), num(p.plotRatio), num(p.buildingCoverage), num(p.greenRatio), num(p.supportLandShare),
      num(p.supportFloorShare), num(p.taxPerMu), num(p.revenuePerMu),
      p.checks.length ? COMPLIANCE_LABELS[locale][p.compliance] : null,
      p.flags.map((f) => describeShortfall(f.rule, f.value, f.op, f.threshold, locale)).join('\n') || null,
      YES_NO[locale][p.started ? 'yes' : 'no'],
      findingOf(p.idle.isIdle, locale),
      p.idle.disposal ? DISPOSAL_LABELS[locale][p.idle.disposal] : null,
      p.idle.idleYears, num(p.idle.feeWan), group(p.id), p.file,
    ]),
  };

  // Idle-land register: every idle parcel, and every parcel the bureau has decided on.
  const idleParcels = e.parcels.filter((p) => p.idle.isIdle === true || decisions.has(p.id));
  const idleSheet: SheetModel = {
    key: 'idle', name: L(SHEET_NAMES.idle), freezeColumns: 2,
    columns: [
      { header: L(w('序号', 'No.')), kind: 'int' },
      { header: L(w('宗地编号', 'Parcel')), kind: 'text' },
      { header: L(w('宗地名称', 'Name')), kind: 'text', wrap: true },
      { header: L(w('企业名称', 'Enterprise')), kind: 'text', wrap: true },
      { header: L(w('园区', 'Park')), kind: 'text', wrap: true },
      { header: L(w('功能区', 'Zone')), kind: 'text' },
      { header: muHeader, kind: 'mu' },
      { header: L(w('约定开工日期', 'Agreed start')), kind: 'date' },
      { header: L(w('实际开工日期', 'Actual start')), kind: 'date' },
      { header: L(w('停工日期', 'Halted since')), kind: 'date' },
      { header: L(w('闲置认定', 'Finding')), kind: 'text', wrap: true },
      { header: L(w('认定情形', 'Basis')), kind: 'text', wrap: true },
      { header: L(w('闲置起算日', 'Idle since')), kind: 'date' },
      { header: L(w('满一年日期', 'One full year on')), kind: 'date' },
      { header: L(w('满两年日期', 'Two full years on')), kind: 'date' },
      { header: L(w('闲置年数', 'Whole years idle')), kind: 'int' },
      { header: L(w('处置方式', 'Disposal')), kind: 'text', wrap: true },
      { header: wanHeader('土地价款', 'Land price'), kind: 'wan' },
      { header: wanHeader('闲置费', 'Idle-land fee'), kind: 'wan' },
      { header: L(w('法规条款', 'Clause')), kind: 'text', wrap: true },
      { header: L(w('处置决定', 'Decision')), kind: 'text', wrap: true },
      { header: L(w('决定日期', 'Decision date')), kind: 'date' },
      { header: L(w('文号', 'Reference')), kind: 'text', wrap: true },
      { header: L(w('审核人', 'Reviewer')), kind: 'text', wrap: true },
      { header: L(w('备注', 'Note')), kind: 'text', wrap: true },
    ],
    rows: idleParcels.map((p, n) => {
      const c = caseViewOf(p, e.reviewDate, records, o.decisions);
      const d = c.determination;
      const dec = decisions.get(p.id) ?? null;
      const articles = articlesOf(d.clause, d.disposal);
      return [
        n + 1, p.id, p.name, p.enterprise, park(p.park), zone(p.zone), num(p.areaMu),
        date(c.facts.agreedStartDate), date(c.facts.actualStartDate), date(c.facts.haltedSince),
        findingOf(d.isIdle, locale), d.basis ? BASIS_LABELS[locale][d.basis] : null,
        date(d.since), date(d.idleOn), date(d.reclaimOn), d.idleYears,
        d.disposal ? DISPOSAL_LABELS[locale][d.disposal] : null, num(c.facts.landPriceWan), num(d.feeWan),
        articles.length ? articleList(articles, locale) : null,
        decisionText(dec, locale), date(dec?.date), dec?.reference || null, dec?.reviewer ?? null, dec?.note || null,
      ];
    }),
  };
  idleSheet.note = idleParcels.length === 0
    ? L(w('审查基准日无闲置土地', 'No idle land at the review date'))
    : undefined;

  // Inefficient land: each parcel failing intensity, plot ratio, tax per 亩 or coverage, with value and threshold.
  const inefficientItems = queue.items.filter((i) => i.inefficient);
  const byId = new Map(e.parcels.map((p) => [p.id, p]));
  const inefficientSheet: SheetModel = {
    key: 'inefficient', name: L(SHEET_NAMES.inefficient), freezeColumns: 1,
    columns: [
      { header: L(w('宗地编号', 'Parcel')), kind: 'text' },
      { header: L(w('宗地名称', 'Name')), kind: 'text', wrap: true },
      { header: L(w('企业名称', 'Enterprise')), kind: 'text', wrap: true },
      { header: L(w('园区', 'Park')), kind: 'text', wrap: true },
      { header: L(w('功能区', 'Zone')), kind: 'text' },
      { header: muHeader, kind: 'mu' },
      ...INEFFICIENT_RULES.flatMap((r) => [
        { header: unitHeader(RULE_LABELS[locale][r], RULE_UNITS[locale][r], locale), kind: ruleKind(r) },
        { header: L(w(`${RULE_LABELS.zh[r]}标准`, `${RULE_LABELS.en[r]} threshold`)), kind: ruleKind(r) },
      ]),
      { header: L(w('不合格项数', 'Rules failed')), kind: 'int' },
      { header: L(w('不合格项', 'Failed rules')), kind: 'text', wrap: true },
      { header: L(w('闲置认定', 'Idle finding')), kind: 'text', wrap: true },
    ],
    rows: inefficientItems.map((i) => {
      const p = byId.get(i.parcelId) as ParcelResult;
      const failed = i.reasons.filter((r) => r.kind === 'rule');
      return [
        p.id, p.name, p.enterprise, park(p.park), zone(p.zone), num(p.areaMu),
        ...INEFFICIENT_RULES.flatMap((r) => {
          const c = p.checks.find((x) => x.rule === r);
          return [num(p[r as keyof ParcelMetrics] as number | null), thresholdCell(c)];
        }),
        failed.length, failed.map((r) => describeReason(r, locale)).join('\n'), findingOf(p.idle.isIdle, locale),
      ];
    }),
  };
  if (inefficientItems.length === 0) inefficientSheet.note = L(w('没有低效用地', 'No inefficient land'));

  const relocationSheet: SheetModel = {
    key: 'relocation', name: L(SHEET_NAMES.relocation), freezeColumns: 2,
    columns: [
      { header: L(w('编号', 'ID')), kind: 'text' },
      { header: L(w('村庄', 'Village')), kind: 'text', wrap: true },
      { header: L(w('状态', 'Status')), kind: 'text', wrap: true },
      { header: L(w('目标年份', 'Target year')), kind: 'year' },
      { header: L(w('户数', 'Households')), kind: 'int' },
      { header: L(w('人口', 'Population')), kind: 'int' },
      { header: L(w('安置房(套)', 'Resettlement units')), kind: 'int' },
      { header: muHeader, kind: 'mu' },
      { header: L(w('园区', 'Park')), kind: 'text', wrap: true },
      { header: L(w('功能区', 'Zone')), kind: 'text' },
    ],
    rows: e.relocation.villages.map((v) => [
      v.id, v.village, v.status ? RELOCATION_STATUS_LABELS[locale][v.status] : null, v.targetYear, v.households,
      v.population, v.resettlementUnits, num(v.areaMu), park(v.park), zone(v.zone),
    ]),
  };
  if (e.relocation.villages.length === 0) relocationSheet.note = L(w('未加载村庄迁并图层', 'No relocation layer loaded'));

  // Issue 6 §5: id, type, plan, against, 亩, 公顷; m² last, the figure of `park-atlas conflicts`.
  const conflictsSheet: SheetModel = {
    key: 'conflicts', name: L(SHEET_NAMES.conflicts), freezeColumns: 1,
    columns: [
      { header: L(w('编号', 'ID')), kind: 'text' },
      { header: L(w('冲突类型', 'Type')), kind: 'text', wrap: true },
      { header: L(w('规划要素', 'Plan feature')), kind: 'text' },
      { header: L(w('冲突对象', 'Against')), kind: 'text' },
      { header: muHeader, kind: 'mu' },
      { header: L(w('面积(公顷)', 'Area (ha)')), kind: 'ha' },
      { header: L(w('面积(平方米)', 'Area (m²)')), kind: 'm2' },
    ],
    rows: (o.conflicts ?? []).map((c) => [
      c.id, CONFLICT_TYPE_LABELS[c.type]?.[locale] ?? c.type, c.plan, c.against, num(c.areaMu),
      c.areaM2 === null ? null : num(m2ToHa(squareMeters(c.areaM2))), num(c.areaM2),
    ]),
  };
  if (!o.conflicts) conflictsSheet.note = L(w('未运行五规合一冲突检测（未加载规划图层或未执行检测）', 'Five-plans conflict detection was not run'));
  else if (o.conflicts.length === 0) conflictsSheet.note = L(w('未发现规划冲突', 'No conflicts found'));

  return [summary, queueSheet, parcelsSheet, idleSheet, inefficientSheet, relocationSheet, conflictsSheet, rulesSheet(ruleSet, e.approachingDays, locale)];
}

/**
 * The rules sheet's "equals": a full-width ＝ (U+FF1D), like ≥ and ≤ not a formula start, so guardText leaves it alone
 * (an ASCII "=" would print as '= after the apostrophe that guards user text).
 */
const EQUALS = '＝';

/** Every threshold in force with its source, per-park overrides, and the idle-land and inefficient-land rules. */
function rulesSheet(ruleSet: RuleSet, approachingDays: number, locale: Locale): SheetModel {
  const L = (words: Words) => words[locale];
  const rows: CellModel[][] = [];
  const allParks = L(w('全部园区', 'All parks'));
  const yes = YES_NO[locale].yes;
  const no = YES_NO[locale].no;
  const thresholdRow = (scope: string, rule: RuleName, condition: string | null, op: Op, value: number, enabled: boolean, source: string) => {
    const unit = RULE_UNITS[locale][rule];
    rows.push([RULE_LABELS[locale][rule], scope, condition, OP_SYMBOL[op], { number: value, numFmt: ruleFormat(rule) }, unit === '%' ? null : unit || null, enabled ? yes : no, source]);
  };
  const addRules = (scope: string, rules: Rules, only?: ReadonlySet<RuleName>) => {
    for (const name of [...CONTROL_RULES, 'leadingIndustryShare', 'largeProject'] as RuleName[]) {
      if (only && !only.has(name)) continue;
      const r = rules[name];
      const enabled = r.enabled !== false;
      if (name === 'investmentIntensity') {
        const ii = rules.investmentIntensity;
        thresholdRow(scope, name, L(w('中心城区产业集聚区', 'Central-city park')), ii.byParkClass.central.op, ii.byParkClass.central.value, enabled, ii.source);
        thresholdRow(scope, name, L(w('县域产业集聚区', 'County park')), ii.byParkClass.county.op, ii.byParkClass.county.value, enabled, ii.source);
      } else if (name === 'plotRatio') {
        const pr = rules.plotRatio;
        const byCode = pr.byIndustryCode;
        thresholdRow(scope, name, byCode ? L(w('无行业代码或代码不在表中', 'No industry code in the table')) : null, pr.op, pr.value, enabled, pr.source);
        if (byCode) {
          for (const code of Object.keys(byCode.values).sort()) thresholdRow(scope, name, L(w(`行业代码 ${code}`, `Industry code ${code}`)), byCode.op, byCode.values[code], enabled, byCode.source);
        }
      } else {
        const s = r as Rules['buildingCoverage'];
        thresholdRow(scope, name, null, s.op, s.value, enabled, s.source);
      }
    }
  };
  addRules(allParks, ruleSet.rules);
  for (const parkId of Object.keys(ruleSet.parks).sort()) {
    const own = rulesForPark(ruleSet, parkId);
    const changed = new Set((Object.keys(own) as RuleName[]).filter((k) => JSON.stringify(own[k]) !== JSON.stringify(ruleSet.rules[k])));
    if (changed.size) addRules(parkId, own, changed);
  }
  const regulation = REGULATION_NAME[locale];
  const fixed = (label: string, op: string | null, value: CellModel, unit: string | null, source: string, condition: string | null = null) => rows.push([label, allParks, condition, op, value, unit, yes, source]);
  fixed(L(w('闲置土地：未动工开发', 'Idle land: not started')), '≥', 1, L(w('年', 'years')), `${regulation}${locale === 'zh' ? '第二条' : ', Art. 2'}`);
  fixed(L(w('闲置土地：中止开发且开发面积比例', 'Idle land: halted, developed share')), '<', { number: DEVELOPED_SHARE_MARK, numFmt: '0.0%' }, null, `${regulation}${locale === 'zh' ? '第二条' : ', Art. 2'}`);
  fixed(L(w('闲置土地：中止开发且投资比例', 'Idle land: halted, invested share')), '<', { number: INVESTED_SHARE_MARK, numFmt: '0.0%' }, null, `${regulation}${locale === 'zh' ? '第二条' : ', Art. 2'}`);
  fixed(L(w('土地闲置费（占土地价款）', 'Idle-land fee (share of land price)')), EQUALS, { number: IDLE_FEE_RATE, numFmt: '0%' }, null, `${regulation}${locale === 'zh' ? '第十四条（一）' : ', Art. 14(1)'}`);
  fixed(L(w('无偿收回：闲置满', 'Reclaim: idle for')), '≥', RECLAIM_YEARS, L(w('年', 'years')), `${regulation}${locale === 'zh' ? '第十四条（二）' : ', Art. 14(2)'}`);
  fixed(L(w('政府原因：协议处置', 'Government cause: negotiated disposal')), null, null, null, `${regulation}${locale === 'zh' ? '第八条、第十二条' : ', Art. 8, 12'}`);
  fixed(L(w('临近期限（满一年、满两年之前）', 'Approaching (before the one- and two-year marks)')), '≤', approachingDays, L(w('天', 'days')), L(w('本次审查设置', 'Setting of this review')));
  fixed(L(w('低效用地', 'Inefficient land')), null, null, null,
    L(w('seed 003 豫政〔2015〕42号 三(二) 低效工业用地退出；seed 000 三(三)2 盘活低效利用土地', 'seed 003 (Henan 2015 No. 42) III(2) exit of inefficient industrial land; seed 000 III(3)2')),
    L(w(`下列任一项不合格：${INEFFICIENT_RULES.map((r) => RULE_LABELS.zh[r]).join('、')}`, `fails any of: ${INEFFICIENT_RULES.map((r) => RULE_LABELS.en[r]).join(', ')}`)));
  return {
    key: 'rules', name: L(SHEET_NAMES.rules), freezeColumns: 1,
    note: undefined,
    columns: [
      { header: L(w('指标', 'Rule')), kind: 'text', wrap: true },
      { header: L(w('适用范围', 'Scope')), kind: 'text' },
      { header: L(w('条件', 'Condition')), kind: 'text', wrap: true },
      { header: L(w('比较', 'Op')), kind: 'text' },
      { header: L(w('控制值', 'Threshold')), kind: 'text' },
      { header: L(w('单位', 'Unit')), kind: 'text' },
      { header: L(w('启用', 'Enabled')), kind: 'text' },
      { header: L(w('依据', 'Source')), kind: 'text', wrap: true },
    ],
    rows,
  };
}

// ---- writing ----

/** Display width of text in units of a Latin digit: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    n += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1;
  }
  return n;
}

/** Roughly how a number shows with a format, to size the column so it never shows ####. */
function formattedWidth(v: number, fmt: string | undefined): number {
  const decimals = fmt ? ((/0\.(0+)/.exec(fmt)?.[1].length) ?? 0) : 2;
  const percent = fmt?.includes('%') ? 100 : 1;
  const grouped = fmt?.includes('#,##') ?? false;
  const body = (v * percent).toFixed(decimals);
  const withGroups = grouped ? body.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : body;
  const literal = fmt ? ((/"([^"]*)"/.exec(fmt)?.[1].length) ?? 0) : 0;
  return withGroups.length + literal + (percent === 100 ? 1 : 0);
}

function cellWidth(cell: CellModel, column: ColumnModel): number {
  if (cell === null) return 0;
  if (typeof cell === 'string') return Math.max(...cell.split('\n').map(displayWidth));
  if (typeof cell === 'number') return formattedWidth(cell, NUMBER_FORMATS[column.kind]);
  if ('date' in cell) return 10;
  return formattedWidth(cell.number, cell.numFmt);
}

// Widths in digit widths of the default font (Excel's column unit). Wrapped text is narrowed as far as a sheet
// needs to print legibly with its width on one landscape page; the rows grow taller instead.
const MAX_WIDTH = { wrap: 48, plain: 60 };
/** The caps tried for wrapped text, widest first: the first that fits the page at a legible scale is used. */
const WRAP_CAPS = [48, 40, 32, 24, 16] as const;
const MIN_WIDTH = 6;
/** Headers wrap to at most this width (5 CJK characters), so a long name does not make a number column wide. */
const HEADER_WRAP_WIDTH = 10;

/** The longest piece of a text a line cannot break in: runs of ASCII (broken after a space, - or /); CJK breaks anywhere. */
function unbreakableWidth(text: string): number {
  let n = 0;
  for (const run of text.match(/[\x21-\x7e]+/g) ?? []) for (const piece of run.split(/(?<=[-/])/)) n = Math.max(n, piece.length);
  return n;
}

/**
 * Column widths of a sheet: the widest value, wrapped text capped at `wrapCap`, headers allowed to wrap; never
 * narrower than a formatted number or a word that cannot break.
 */
export function columnWidths(sheet: SheetModel, wrapCap: number = MAX_WIDTH.wrap): number[] {
  return sheet.columns.map((col, j) => {
    let content = 0;
    let unbreakable = unbreakableWidth(col.header);
    for (const row of sheet.rows) {
      const cell = row[j] ?? null;
      content = Math.max(content, cellWidth(cell, col));
      if (col.wrap && typeof cell === 'string') unbreakable = Math.max(unbreakable, unbreakableWidth(cell));
    }
    if (col.wrap) content = Math.min(content, wrapCap);
    const wanted = Math.max(MIN_WIDTH, content + 2, Math.min(displayWidth(col.header), HEADER_WRAP_WIDTH) + 2, unbreakable + 2);
    return Math.min(MAX_WIDTH.plain, wanted);
  });
}

export type Paper = 'a4' | 'a3';
/** Printable width of a landscape page at 96 dpi, less margins of 0.4 in on each side. */
const PRINTABLE_PX: Record<Paper, number> = { a4: (11.69 - 0.8) * 96, a3: (16.54 - 0.8) * 96 };
/**
 * The least print scale accepted on each paper before trying the next (11 pt text at 0.85 is about 9.4 pt). Margin
 * is kept for LibreOffice without Calibri's metric twin (Carlito), whose wider fallback font prints ~25% smaller.
 */
const MIN_SCALE: Record<Paper, number> = { a4: 0.85, a3: 0.8 };

/** The print scale of columns fitted to the width of a landscape page: a column of width w is 7w + 5 px at 100 %. */
export function printScale(widths: readonly number[], paper: Paper): number {
  return Math.min(1, PRINTABLE_PX[paper] / widths.reduce((sum, w) => sum + 7 * w + 5, 0));
}

/**
 * How a sheet prints: landscape, its width fitted to one page; A4 when it fits there at a legible scale, else A3,
 * with wrapped text as wide as that allows (the narrowest cap on A3 when nothing fits better).
 */
export function printLayout(sheet: SheetModel): { paper: Paper; widths: number[]; scale: number } {
  for (const paper of ['a4', 'a3'] as const) {
    for (const cap of WRAP_CAPS) {
      const widths = columnWidths(sheet, cap);
      const scale = printScale(widths, paper);
      if (scale >= MIN_SCALE[paper]) return { paper, widths, scale };
    }
  }
  const widths = columnWidths(sheet, WRAP_CAPS[WRAP_CAPS.length - 1]);
  return { paper: 'a3', widths, scale: printScale(widths, 'a3') };
}

const LINE_HEIGHT_PT = 15;
/** The workbook's default font, named on styled cells too (a font without a name falls back to a serif in LibreOffice). */
const FONT = { name: 'Calibri', family: 2, size: 11 } as const;

function excelDate(iso: IsoDate): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Text for a page header or footer: "&" starts a code there, "&&" prints one. */
const headerText = (text: string) => guardText(text).replace(/&/g, '&&');

function writeSheet(wb: ExcelJS.Workbook, sheet: SheetModel, title: string): void {
  const { paper, widths } = printLayout(sheet);
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: sheet.freezeColumns, ySplit: 1 }],
    pageSetup: {
      // 8 = A3, 9 = A4 (ExcelJS's PaperSize is a const enum, which isolatedModules cannot read). The width fits one
      // page, the header row repeats on every page.
      paperSize: (paper === 'a3' ? 8 : 9) as unknown as ExcelJS.PaperSize,
      orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    // Each printed page says which sheet and which register it belongs to (&A: the sheet's name).
    headerFooter: { oddHeader: `&L&A&R${headerText(title)}`, oddFooter: '&P / &N' },
  });
  ws.columns = sheet.columns.map((col, j) => ({ width: widths[j], style: NUMBER_FORMATS[col.kind] ? { numFmt: NUMBER_FORMATS[col.kind] } : {} }));

  const header = ws.getRow(1);
  let headerLines = 1;
  sheet.columns.forEach((col, j) => {
    const cell = header.getCell(j + 1);
    cell.value = guardText(col.header);
    cell.font = { ...FONT, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF7F8C99' } } };
    headerLines = Math.max(headerLines, Math.ceil(displayWidth(col.header) / Math.max(1, widths[j] - 1)));
  });
  header.height = headerLines * LINE_HEIGHT_PT + 4;

  // One style object per column (and per custom format), shared by its cells: exceljs then resolves each style once
  // instead of once per cell, which is what makes a 100 000-row sheet feasible.
  const TOP = { vertical: 'top' } as const;
  const columnStyles = sheet.columns.map((col) => {
    const numFmt = NUMBER_FORMATS[col.kind];
    return { ...(numFmt ? { numFmt } : {}), alignment: col.wrap ? { vertical: 'top', wrapText: true } : TOP } as Partial<ExcelJS.Style>;
  });
  const formatStyles = new Map<string, Partial<ExcelJS.Style>>();
  const formatStyle = (numFmt: string) => {
    let style = formatStyles.get(numFmt);
    if (!style) formatStyles.set(numFmt, (style = { numFmt, alignment: TOP }));
    return style;
  };
  sheet.rows.forEach((row, i) => {
    const r = ws.getRow(i + 2);
    let lines = 1;
    sheet.columns.forEach((col, j) => {
      const v = row[j] ?? null;
      if (v === null) return;
      const cell = r.getCell(j + 1);
      if (typeof v === 'string') {
        cell.value = guardText(v);
        cell.style = columnStyles[j];
        if (col.wrap) {
          const textLines = v.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / Math.max(1, widths[j] - 1))), 0);
          lines = Math.max(lines, textLines);
        }
      } else if (typeof v === 'number') {
        if (Number.isFinite(v)) cell.value = v;
        cell.style = columnStyles[j];
      } else if ('date' in v) {
        cell.value = excelDate(v.date);
        cell.style = col.kind === 'date' ? columnStyles[j] : formatStyle(NUMBER_FORMATS.date!);
      } else if (Number.isFinite(v.number)) {
        cell.value = v.number;
        cell.style = formatStyle(v.numFmt);
      }
    });
    if (lines > 1) r.height = lines * LINE_HEIGHT_PT + 2;
  });

  const last = sheet.rows.length + 1;
  if (sheet.note) {
    const noteRow = last + 1;
    const cell = ws.getCell(noteRow, 1);
    cell.value = guardText(sheet.note);
    cell.font = { ...FONT, italic: true, color: { argb: 'FF555555' } };
    if (sheet.columns.length > 1) ws.mergeCells(noteRow, 1, noteRow, sheet.columns.length);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: sheet.columns.length } };
}

/** The sheets written into an XLSX workbook. */
export async function writeSheetsXlsx(sheets: readonly SheetModel[], meta: { title: string; now?: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const now = meta.now ?? new Date();
  wb.creator = 'Park Atlas';
  wb.lastModifiedBy = 'Park Atlas';
  wb.title = guardText(meta.title);
  wb.created = now;
  wb.modified = now;
  for (const s of sheets) writeSheet(wb, s, meta.title);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The review workbook (审查台账) as XLSX bytes. */
export async function writeRegisterXlsx(o: RegisterOptions): Promise<Uint8Array> {
  const locale = o.locale ?? 'zh';
  const title = locale === 'zh' ? `园区审查台账 ${o.evaluation.reviewDate}` : `Park review register ${o.evaluation.reviewDate}`;
  return writeSheetsXlsx(registerSheets(o), { title, now: o.now });
}
