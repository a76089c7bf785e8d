// Table and map filters typed by users in Chinese or English ("投资强度 < 230", "idle", "≥ 300 亩", "容积率 <= 1"),
// evaluated against core's results and the feature's own properties. Pure: no DOM; the UI only shows what this decides.
// A missing value never matches a comparison (DESIGN §3: missing is not 0).
import type { Locale } from './units';

export type CompareOp = '>=' | '>' | '<=' | '<' | '=' | '!=';

/** What a number typed after a field means. */
type Dimension = 'area' | 'fraction' | 'wanPerMu' | 'wan' | 'years' | 'count' | 'plain';

interface FieldDef {
  key: string;
  dim: Dimension;
  /** Names users type (lower-cased, spaces removed when matched). */
  names: string[];
  /** Where the value lives: core's result (metric), the idle finding, or the feature's properties. */
  from: 'result' | 'idle' | 'property';
  label: { zh: string; en: string };
}

const FIELDS: FieldDef[] = [
  { key: 'areaM2', dim: 'area', from: 'result', names: ['面积', '用地面积', '宗地面积', '占地', '占地面积', 'area', 'areaM2', 'areaMu', 'areaHa', '亩数'], label: { zh: '面积', en: 'area' } },
  { key: 'investmentIntensity', dim: 'wanPerMu', from: 'result', names: ['投资强度', '固定资产投资强度', 'investmentIntensity', 'intensity', 'investment intensity'], label: { zh: '投资强度', en: 'investment intensity' } },
  { key: 'plotRatio', dim: 'plain', from: 'result', names: ['容积率', 'plotRatio', 'plot ratio', 'far'], label: { zh: '容积率', en: 'plot ratio' } },
  { key: 'buildingCoverage', dim: 'fraction', from: 'result', names: ['建筑系数', 'buildingCoverage', 'building coverage', 'coverage'], label: { zh: '建筑系数', en: 'building coverage' } },
  { key: 'greenRatio', dim: 'fraction', from: 'result', names: ['绿地率', 'greenRatio', 'green ratio'], label: { zh: '绿地率', en: 'green ratio' } },
  { key: 'supportLandShare', dim: 'fraction', from: 'result', names: ['行政办公及生活服务设施用地比重', '配套用地比重', '用地比重', 'supportLandShare', 'support land share'], label: { zh: '行政办公及生活服务设施用地比重', en: 'support-facility land share' } },
  { key: 'supportFloorShare', dim: 'fraction', from: 'result', names: ['非生产设施建筑面积比重', '非生产建筑比重', 'supportFloorShare', 'support floor share', 'non-production floor share'], label: { zh: '非生产设施建筑面积比重', en: 'non-production floor share' } },
  { key: 'taxPerMu', dim: 'wanPerMu', from: 'result', names: ['亩均税收', 'taxPerMu', 'tax per mu'], label: { zh: '亩均税收', en: 'tax per mu' } },
  { key: 'revenuePerMu', dim: 'wanPerMu', from: 'result', names: ['亩均营业收入', '亩均营收', 'revenuePerMu', 'revenue per mu'], label: { zh: '亩均营业收入', en: 'revenue per mu' } },
  { key: 'idleYears', dim: 'years', from: 'idle', names: ['闲置年数', '闲置年限', 'idleYears', 'idle years'], label: { zh: '闲置年数', en: 'idle years' } },
  { key: 'feeWan', dim: 'wan', from: 'idle', names: ['闲置费', '土地闲置费', 'idleFeeWan', 'feeWan', 'idle fee', 'fee'], label: { zh: '土地闲置费', en: 'idle-land fee' } },
  // Properties under their Chinese names (DESIGN §2, §3); any other property is matched by its own key.
  { key: 'investmentWan', dim: 'wan', from: 'property', names: ['投资额', '固定资产投资', '总投资', 'investmentWan', 'investment'], label: { zh: '投资额', en: 'investment' } },
  { key: 'landPriceWan', dim: 'wan', from: 'property', names: ['地价', '土地价款', '出让价款', 'landPriceWan', 'land price'], label: { zh: '地价', en: 'land price' } },
  { key: 'taxWan', dim: 'wan', from: 'property', names: ['税收', 'taxWan', 'tax'], label: { zh: '税收', en: 'tax' } },
  { key: 'revenueWan', dim: 'wan', from: 'property', names: ['营业收入', 'revenueWan', 'revenue'], label: { zh: '营业收入', en: 'revenue' } },
  { key: 'floorAreaM2', dim: 'plain', from: 'property', names: ['建筑面积', 'floorAreaM2', 'floor area'], label: { zh: '建筑面积', en: 'floor area' } },
  { key: 'name', dim: 'plain', from: 'property', names: ['名称', '项目名称', 'name'], label: { zh: '名称', en: 'name' } },
  { key: 'enterprise', dim: 'plain', from: 'property', names: ['企业', '企业名称', '用地单位', 'enterprise'], label: { zh: '企业名称', en: 'enterprise' } },
  { key: 'landUse', dim: 'plain', from: 'property', names: ['用地性质', '用途', '土地用途', 'landUse', 'land use'], label: { zh: '用地性质', en: 'land use' } },
  { key: 'industry', dim: 'plain', from: 'property', names: ['行业', '产业', 'industry'], label: { zh: '行业', en: 'industry' } },
  { key: 'industryCode', dim: 'plain', from: 'property', names: ['行业代码', 'industryCode', 'industry code'], label: { zh: '行业代码', en: 'industry code' } },
  { key: 'households', dim: 'count', from: 'property', names: ['户数', 'households'], label: { zh: '户数', en: 'households' } },
  { key: 'population', dim: 'count', from: 'property', names: ['人口', '人数', 'population'], label: { zh: '人口', en: 'population' } },
  { key: 'resettlementUnits', dim: 'count', from: 'property', names: ['安置房', '安置房套数', 'resettlementUnits', 'resettlement units'], label: { zh: '安置房套数', en: 'resettlement units' } },
  { key: 'status', dim: 'plain', from: 'property', names: ['状态', '迁并状态', 'status'], label: { zh: '状态', en: 'status' } },
];

/** Keyword clauses: a state of the parcel rather than a comparison. */
export type FlagName = 'idle' | 'notIdle' | 'idleUnknown' | 'approaching' | 'fee' | 'reclaim' | 'negotiate' | 'failing' | 'missing' | 'large';

const FLAG_WORDS: Record<FlagName, string[]> = {
  idle: ['idle', '闲置', '闲置土地', '闲置地'],
  notIdle: ['not idle', 'notidle', '非闲置', '未闲置', '不闲置'],
  idleUnknown: ['idle unknown', '无法判定', '闲置无法判定', '闲置未知'],
  approaching: ['approaching', 'approaching idle', '临近闲置', '即将闲置', '临近'],
  fee: ['fee', 'idle fee', '征收闲置费', '征收土地闲置费'],
  reclaim: ['reclaim', 'reclaimed', '无偿收回', '收回'],
  negotiate: ['negotiate', 'negotiated', '协商处置', '协商'],
  failing: ['fails', 'failing', 'flagged', 'non-compliant', 'noncompliant', '不合格', '不达标', '违规', '有问题'],
  missing: ['missing', 'data missing', '缺失', '数据缺失', '数据不全'],
  large: ['large', 'large project', '大项目', '300亩以上'],
};

const FLAG_LABEL: Record<FlagName, { zh: string; en: string }> = {
  idle: { zh: '闲置', en: 'idle' },
  notIdle: { zh: '非闲置', en: 'not idle' },
  idleUnknown: { zh: '闲置无法判定', en: 'idle unknown' },
  approaching: { zh: '临近闲置', en: 'approaching idle' },
  fee: { zh: '征收闲置费', en: 'idle fee' },
  reclaim: { zh: '无偿收回', en: 'reclaim' },
  negotiate: { zh: '协商处置', en: 'negotiate' },
  failing: { zh: '不合格', en: 'fails a rule' },
  missing: { zh: '数据缺失', en: 'data missing' },
  large: { zh: '大项目 (≥ 300 亩)', en: 'large project (≥ 300 mu)' },
};

export type Clause =
  | { kind: 'compare'; field: string; from: FieldDef['from']; op: CompareOp; value: number; label: { zh: string; en: string } }
  | { kind: 'equals'; field: string; from: FieldDef['from']; negate: boolean; value: string; label: { zh: string; en: string } }
  | { kind: 'flag'; flag: FlagName }
  | { kind: 'text'; text: string };

export interface FilterError {
  code: 'empty-clause' | 'unknown-field' | 'no-value' | 'bad-number' | 'unit-mismatch' | 'unknown-unit';
  /** The clause as typed. */
  clause: string;
  message: { zh: string; en: string };
}

export type ParsedFilter = { ok: true; clauses: Clause[] } | { ok: false; error: FilterError };

/** One row to filter: a feature's id and properties, and core's result for it (parcel, zone or park), if any. */
export interface FilterRow {
  id: string;
  properties: Readonly<Record<string, unknown>> | null;
  result?: object | null;
}

const SQM_PER_MU = 10000 / 15;

// "且" / "并且" / "and" / "&&" / "," / "，" / ";" join clauses (all must hold).
const SPLIT = /\s*(?:,|;|&&|并且|而且|且)\s*|\s+and\s+/i;

// Operators, longest first; Chinese words too.
const OPS: Array<[string, CompareOp]> = [
  ['大于等于', '>='], ['小于等于', '<='], ['不小于', '>='], ['不低于', '>='], ['不少于', '>='], ['不大于', '<='], ['不高于', '<='], ['不超过', '<='],
  ['大于', '>'], ['高于', '>'], ['超过', '>'], ['小于', '<'], ['低于', '<'], ['不等于', '!='], ['等于', '='],
  ['>=', '>='], ['=>', '>='], ['<=', '<='], ['=<', '<='], ['!=', '!='], ['<>', '!='], ['==', '='],
  ['≥', '>='], ['⩾', '>='], ['≤', '<='], ['⩽', '<='], ['≠', '!='], ['>', '>'], ['<', '<'], ['=', '='],
];

const UNITS: Array<[RegExp, 'mu' | 'ha' | 'm2' | 'percent' | 'wanPerMu' | 'wan' | 'years']> = [
  [/^(?:万元\/亩|万\/亩|10k\s*cny\/mu|wan\/mu)$/i, 'wanPerMu'],
  [/^(?:亩|mu)$/i, 'mu'],
  [/^(?:公顷|ha|hectares?)$/i, 'ha'],
  [/^(?:平方米|平米|m²|m2|sqm|square\s*met(?:er|re)s?)$/i, 'm2'],
  [/^(?:%|percent|百分之)$/i, 'percent'],
  [/^(?:万元|万|wan|10k\s*cny)$/i, 'wan'],
  [/^(?:年|years?|y)$/i, 'years'],
];

const norm = (s: string) => s.normalize('NFKC').trim();
const squash = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '');

const NAME_INDEX = new Map<string, FieldDef>();
for (const f of FIELDS) for (const n of [f.key, ...f.names]) NAME_INDEX.set(squash(n), f);
const FLAG_INDEX = new Map<string, FlagName>();
for (const [flag, words] of Object.entries(FLAG_WORDS) as Array<[FlagName, string[]]>) for (const w of words) FLAG_INDEX.set(squash(w), flag);

function err(code: FilterError['code'], clause: string, zh: string, en: string): { ok: false; error: FilterError } {
  return { ok: false, error: { code, clause, message: { zh, en } } };
}

/** The field a name refers to: a known metric or property (Chinese or English), else the raw property key itself. */
function fieldFor(name: string): FieldDef | null {
  const known = NAME_INDEX.get(squash(name));
  if (known) return known;
  if (/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(name)) return { key: name, dim: 'plain', from: 'property', names: [name], label: { zh: name, en: name } };
  return null;
}

function findOp(clause: string): { at: number; text: string; op: CompareOp } | null {
  let best: { at: number; text: string; op: CompareOp } | null = null;
  for (const [text, op] of OPS) {
    const at = clause.indexOf(text);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && text.length > best.text.length)) best = { at, text, op };
  }
  return best;
}

function parseClause(raw: string): { ok: true; clause: Clause } | { ok: false; error: FilterError } {
  const clause = norm(raw);
  const flag = FLAG_INDEX.get(squash(clause));
  if (flag) return { ok: true, clause: { kind: 'flag', flag } };
  const found = findOp(clause);
  if (!found) {
    // A bare word searches the text of the row (id, name, enterprise and every other text property).
    return { ok: true, clause: { kind: 'text', text: clause.replace(/^["'“”‘’]|["'“”‘’]$/g, '') } };
  }
  const left = clause.slice(0, found.at).trim();
  const right = clause.slice(found.at + found.text.length).trim();
  if (right === '') {
    return err('no-value', raw.trim(), `“${raw.trim()}”：运算符 ${found.text} 后缺少数值`, `"${raw.trim()}": a value is missing after ${found.text}`);
  }
  // Number with an optional unit: "300 亩", "30%", "1.5", "20 公顷".
  const m = /^([-+]?\d+(?:\.\d+)?|[-+]?\.\d+)\s*(.*)$/.exec(right);
  const fieldName = left;
  let field: FieldDef | null = null;
  if (fieldName !== '') {
    field = fieldFor(fieldName);
    if (!field) {
      return err('unknown-field', raw.trim(), `“${fieldName}”不是可筛选的字段（例如：投资强度、容积率、面积、闲置）`, `"${fieldName}" is not a field that can be filtered (e.g. investmentIntensity, plotRatio, area, idle)`);
    }
  }
  if (!m) {
    if (!field) return err('bad-number', raw.trim(), `“${right}”不是数字`, `"${right}" is not a number`);
    if (found.op !== '=' && found.op !== '!=') {
      return err('bad-number', raw.trim(), `“${right}”不是数字：${found.text} 只能与数字比较`, `"${right}" is not a number: ${found.text} compares numbers only`);
    }
    const value = right.replace(/^["'“”‘’]|["'“”‘’]$/g, '');
    return { ok: true, clause: { kind: 'equals', field: field.key, from: field.from, negate: found.op === '!=', value, label: field.label } };
  }
  let value = Number(m[1]);
  const unitText = m[2].trim();
  let unit: (typeof UNITS)[number][1] | null = null;
  if (unitText !== '') {
    const u = UNITS.find(([re]) => re.test(unitText));
    if (!u) return err('unknown-unit', raw.trim(), `无法识别单位“${unitText}”（可用：亩、公顷、平方米、%、万元、万元/亩、年）`, `unknown unit "${unitText}" (use mu, ha, m², %, 10k CNY, 10k CNY/mu, years)`);
    unit = u[1];
  }
  if (!field) {
    // "≥ 300 亩": the unit names the field.
    if (unit === 'mu' || unit === 'ha' || unit === 'm2') field = NAME_INDEX.get('area')!;
    else if (unit === 'wanPerMu') field = NAME_INDEX.get('investmentintensity')!;
    else if (unit === 'years') field = NAME_INDEX.get('idleyears')!;
    else return err('unknown-field', raw.trim(), `“${clause}”：缺少字段名（例如“投资强度 < 230”）`, `"${clause}": which field? (e.g. "investmentIntensity < 230")`);
  }
  const mismatch = () => err('unit-mismatch', raw.trim(), `${field!.label.zh}不能用单位“${unitText}”`, `${field!.label.en} cannot be given in "${unitText}"`);
  switch (field.dim) {
    case 'area': {
      // Areas compare in m²; a bare number is in 亩 (what planners count in).
      const u = unit ?? (squash(fieldName) === 'aream2' ? 'm2' : squash(fieldName) === 'areaha' ? 'ha' : 'mu');
      if (u === 'mu') value *= SQM_PER_MU;
      else if (u === 'ha') value *= 10000;
      else if (u !== 'm2') return mismatch();
      break;
    }
    case 'fraction':
      // Ratios are fractions (DESIGN §5); "30%" and a bare 30 both mean 0.30, since a share cannot exceed 1.
      if (unit === 'percent' || (unit === null && Math.abs(value) > 1)) value /= 100;
      else if (unit !== null) return mismatch();
      break;
    case 'wanPerMu':
      if (unit !== null && unit !== 'wanPerMu') return mismatch();
      break;
    case 'wan':
      if (unit !== null && unit !== 'wan') return mismatch();
      break;
    case 'years':
      if (unit !== null && unit !== 'years') return mismatch();
      break;
    default:
      if (unit === 'percent') value /= 100;
      else if (unit !== null && !(field.key === 'floorAreaM2' && unit === 'm2')) return mismatch();
  }
  return { ok: true, clause: { kind: 'compare', field: field.key, from: field.from, op: found.op, value, label: field.label } };
}

/** Parses what the user typed; an empty string is a filter that keeps every row. */
export function parseFilter(input: string): ParsedFilter {
  const text = norm(input);
  if (text === '') return { ok: true, clauses: [] };
  const parts = text.split(SPLIT);
  const clauses: Clause[] = [];
  for (const part of parts) {
    if (part.trim() === '') {
      return err('empty-clause', text, `“${text}”：“且”或逗号前后缺少条件`, `"${text}": a condition is missing before or after "and" / ","`);
    }
    const r = parseClause(part);
    if (!r.ok) return r;
    clauses.push(r.clause);
  }
  return { ok: true, clauses };
}

function get(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
}

function valueOf(row: FilterRow, field: string, from: FieldDef['from']): unknown {
  if (from === 'result') {
    const v = get(row.result, field);
    return v === undefined ? get(row.properties, field) : v;
  }
  if (from === 'idle') return get(get(row.result, 'idle'), field);
  const v = get(row.properties, field);
  return v === undefined ? get(row.result, field) : v;
}

function compare(v: number, op: CompareOp, t: number): boolean {
  // Rounding noise of derived figures must not flip "≤ 1" (cf. rules: EPS relative).
  const e = 1e-9 * Math.max(1, Math.abs(t));
  switch (op) {
    case '>=': return v >= t - e;
    case '>': return v > t + e;
    case '<=': return v <= t + e;
    case '<': return v < t - e;
    case '=': return Math.abs(v - t) <= e;
    case '!=': return Math.abs(v - t) > e;
  }
}

function checksOf(row: FilterRow): Array<{ rule?: unknown; status?: unknown }> {
  const c = get(row.result, 'checks');
  return Array.isArray(c) ? c : [];
}

function matchFlag(row: FilterRow, flag: FlagName): boolean {
  const idle = get(row.result, 'idle');
  const isIdle = get(idle, 'isIdle');
  const disposal = get(idle, 'disposal');
  switch (flag) {
    case 'idle': return isIdle === true;
    case 'notIdle': return isIdle === false;
    case 'idleUnknown': return idle !== undefined && isIdle === null;
    case 'approaching': return get(row.result, 'approaching') === true;
    case 'fee':
    case 'reclaim':
    case 'negotiate': return isIdle === true && disposal === flag;
    case 'failing': return checksOf(row).some((c) => c.status === 'fail');
    case 'missing': return checksOf(row).some((c) => c.status === 'missing');
    case 'large': return checksOf(row).some((c) => c.rule === 'largeProject' && c.status === 'fail');
  }
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function matchClause(row: FilterRow, c: Clause): boolean {
  switch (c.kind) {
    case 'flag':
      return matchFlag(row, c.flag);
    case 'compare': {
      const v = valueOf(row, c.field, c.from);
      return typeof v === 'number' && Number.isFinite(v) && compare(v, c.op, c.value);
    }
    case 'equals': {
      const s = textOf(valueOf(row, c.field, c.from));
      if (s === null) return false;
      const same = s.toLowerCase() === c.value.toLowerCase();
      return c.negate ? !same : same;
    }
    case 'text': {
      const needle = c.text.toLowerCase();
      if (row.id.toLowerCase().includes(needle)) return true;
      for (const v of Object.values(row.properties ?? {})) {
        const s = textOf(v);
        if (s !== null && s.toLowerCase().includes(needle)) return true;
      }
      return false;
    }
  }
}

/** Does the row satisfy every clause? */
export function matches(row: FilterRow, clauses: readonly Clause[]): boolean {
  for (const c of clauses) if (!matchClause(row, c)) return false;
  return true;
}

/** Ids of the rows that pass, in row order. */
export function filterIds(rows: readonly FilterRow[], clauses: readonly Clause[]): string[] {
  if (clauses.length === 0) return rows.map((r) => r.id);
  const out: string[] = [];
  for (const r of rows) if (matches(r, clauses)) out.push(r.id);
  return out;
}

const OP_SIGN: Record<CompareOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=', '!=': '≠' };

/** The filter read back to the user, so they see how it was understood (areas in 亩, shares in %). */
export function describeFilter(clauses: readonly Clause[], locale: Locale): string {
  const parts = clauses.map((c) => {
    switch (c.kind) {
      case 'flag': return FLAG_LABEL[c.flag][locale];
      case 'text': return locale === 'zh' ? `包含“${c.text}”` : `contains "${c.text}"`;
      case 'equals': return `${c.label[locale]} ${c.negate ? '≠' : '='} ${c.value}`;
      case 'compare': {
        const def = NAME_INDEX.get(squash(c.field));
        let v = String(c.value);
        if (def?.dim === 'area') v = `${round(c.value / SQM_PER_MU)} ${locale === 'zh' ? '亩' : 'mu'}`;
        else if (def?.dim === 'fraction') v = `${round(c.value * 100)}%`;
        return `${c.label[locale]} ${OP_SIGN[c.op]} ${v}`;
      }
    }
  });
  return parts.join(locale === 'zh' ? ' 且 ' : ' and ');
}

const round = (v: number) => String(Math.round(v * 1e6) / 1e6);
