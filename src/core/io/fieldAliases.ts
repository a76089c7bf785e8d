// One table from the field names bureaus use (Chinese, English, pinyin initials) to the schema names of
// DESIGN §3, per layer kind, with unit conversion (亩/公顷 → m², 元/亿元 → 万元) and value mapping
// (工业用地 → industrial, 是/否 → true/false …). `suggestAliases` proposes a mapping; the UI shows it and may
// edit it (it is plain data); `applyAliases` adds the schema properties and leaves the original ones untouched.
import { readDate } from '../dates';
import { FIELD_TYPES } from '../schema/fields';
import { problem, type Problem } from '../schema/problems';
import type { LayerKind } from '../schema/types';
import { SHAPEFILE_FIELD_NAMES } from './dbfWrite';

export type AreaUnit = 'm2' | 'mu' | 'ha' | 'km2';
export type MoneyUnit = 'yuan' | 'wan' | 'yi';

/** Plain data describing how a source value becomes a schema value. */
export type Conversion =
  | { type: 'text' }
  | { type: 'number'; quantity: 'area'; from: AreaUnit; to: 'm2'; factor: number; assumed: boolean }
  | { type: 'number'; quantity: 'money'; from: MoneyUnit; to: 'wan'; factor: number; assumed: boolean }
  | { type: 'count' }
  | { type: 'year' }
  | { type: 'date' }
  | { type: 'boolean' }
  | { type: 'list' }
  | { type: 'industryCode' }
  | { type: 'enum'; values: Record<string, string>; keywords: Array<[string, string]>; fallback: string | null };

export type MatchKind = 'schema' | 'alias' | 'contains' | 'prefix';
export type Confidence = 'high' | 'medium' | 'low';

export interface FieldMapping {
  /** Field name in the imported file (kept on the feature as is). */
  source: string;
  /** Schema property written. */
  target: string;
  confidence: Confidence;
  /** schema: the name itself or our export's short name; alias: listed alias; contains: a listed alias inside a longer name; prefix: a name cut to 10 bytes by a .dbf. */
  match: MatchKind;
  /** The alias that matched (normalised), if any. */
  alias: string | null;
  conversion: Conversion;
  /** Not a schema input: shown for comparison (e.g. a declared area beside the computed one). */
  informative: boolean;
  /** What was assumed or converted, for the mapping table in the import dialog. */
  note: { en: string; zh: string } | null;
}

export interface AliasMapping {
  kind: LayerKind;
  mappings: FieldMapping[];
  /** Fields left as they are; `alsoMatches` lists targets already taken by a better field. */
  unmatched: Array<{ source: string; alsoMatches: string[] }>;
}

// ---------------------------------------------------------------- value tables

const LAND_USE_VALUES: Record<string, string> = {
  工业用地: 'industrial', 工业: 'industrial', 一类工业用地: 'industrial', 二类工业用地: 'industrial', 三类工业用地: 'industrial',
  仓储用地: 'warehouse', 物流仓储用地: 'warehouse', 仓储物流用地: 'warehouse', 物流用地: 'warehouse', 仓储: 'warehouse',
  商业用地: 'commercial', 商服用地: 'commercial', 商业服务业设施用地: 'commercial', 商业服务业用地: 'commercial', 商务用地: 'commercial', 商业: 'commercial', 商服: 'commercial',
  住宅用地: 'residential', 居住用地: 'residential', 城镇住宅用地: 'residential', 农村宅基地: 'residential', 住宅: 'residential',
  公共管理与公共服务用地: 'public', 公共管理与公共服务设施用地: 'public', 公共服务用地: 'public', 公共管理: 'public', 公共服务: 'public', 公共设施用地: 'public', 公用设施用地: 'public',
  道路: 'road', 道路用地: 'road', 道路与交通设施用地: 'road', 城市道路用地: 'road', 交通运输用地: 'road', 交通用地: 'road', 城镇村道路用地: 'road', 公路用地: 'road',
  绿地: 'green', 绿地与广场用地: 'green', 公园绿地: 'green', 防护绿地: 'green', 公园与绿地: 'green', 广场用地: 'green',
  // GB/T 21010 land-survey codes (2007 and 2017 editions agree on these).
  '0601': 'industrial', '0508': 'warehouse',
  '05': 'commercial', '0501': 'commercial', '0502': 'commercial', '0503': 'commercial', '0504': 'commercial', '0505': 'commercial', '0506': 'commercial', '0507': 'commercial',
  '07': 'residential', '0701': 'residential', '0702': 'residential',
  '0801': 'public', '0802': 'public', '0803': 'public', '0804': 'public', '0805': 'public', '0806': 'public', '0807': 'public', '0808': 'public', '0809': 'public', '0810': 'green',
  '1003': 'road', '1004': 'road',
  // GB 50137-2011 urban land classes.
  m: 'industrial', m1: 'industrial', m2: 'industrial', m3: 'industrial', w: 'warehouse', w1: 'warehouse', w2: 'warehouse', w3: 'warehouse',
  b: 'commercial', b1: 'commercial', b2: 'commercial', b3: 'commercial', b4: 'commercial', b9: 'commercial',
  r: 'residential', r1: 'residential', r2: 'residential', r3: 'residential',
  a: 'public', a1: 'public', a2: 'public', a3: 'public', a4: 'public', a5: 'public', a6: 'public', a7: 'public', a8: 'public', a9: 'public', u: 'public', u1: 'public', u2: 'public', u3: 'public', u9: 'public',
  s: 'road', s1: 'road', s2: 'road', s3: 'road', s4: 'road', s9: 'road', g: 'green', g1: 'green', g2: 'green', g3: 'green',
};
const LAND_USE_KEYWORDS: Array<[string, string]> = [
  ['工业', 'industrial'], ['仓储', 'warehouse'], ['物流', 'warehouse'], ['商业', 'commercial'], ['商服', 'commercial'], ['商务', 'commercial'],
  ['住宅', 'residential'], ['居住', 'residential'], ['宅基地', 'residential'], ['公共管理', 'public'], ['公共服务', 'public'], ['公用设施', 'public'],
  ['行政办公', 'public'], ['教育', 'public'], ['医疗', 'public'], ['道路', 'road'], ['交通', 'road'], ['绿地', 'green'], ['公园', 'green'], ['广场', 'green'],
];

const STATUS_VALUES: Record<string, string> = {
  已完成: 'done', 完成: 'done', 已搬迁: 'done', 搬迁完成: 'done', 已安置: 'done', 已拆迁: 'done', 竣工: 'done', 已竣工: 'done',
  实施中: 'in_progress', 进行中: 'in_progress', 正在实施: 'in_progress', 在建: 'in_progress', 搬迁中: 'in_progress', 推进中: 'in_progress', 施工中: 'in_progress', 正在搬迁: 'in_progress', 已启动: 'in_progress',
  计划: 'planned', 计划中: 'planned', 规划: 'planned', 拟搬迁: 'planned', 未启动: 'planned', 待实施: 'planned', 未实施: 'planned', 未开始: 'planned', 待搬迁: 'planned',
};

const PLAN_TYPE_VALUES: Record<string, string> = {
  产业集聚区总体规划: 'park_master', 园区总体规划: 'park_master', 产业集聚区规划: 'park_master', 园区规划: 'park_master', 集聚区规划: 'park_master',
  土地利用总体规划: 'land_use', 土地利用规划: 'land_use', 土规: 'land_use',
  城市总体规划: 'urban_master', 城市规划: 'urban_master', 城乡总体规划: 'urban_master', 城规: 'urban_master',
  生态环境规划: 'eco_env', 生态保护红线: 'eco_env', 生态红线: 'eco_env', 环境保护规划: 'eco_env', 生态规划: 'eco_env',
  区域公共服务基础设施规划: 'public_infra', 公共服务设施规划: 'public_infra', 基础设施规划: 'public_infra', 公共服务基础设施规划: 'public_infra',
};
const PLAN_TYPE_KEYWORDS: Array<[string, string]> = [['集聚区', 'park_master'], ['园区', 'park_master'], ['土地利用', 'land_use'], ['城市', 'urban_master'], ['生态', 'eco_env'], ['基础设施', 'public_infra'], ['公共服务', 'public_infra']];

const PLAN_CLASS_VALUES: Record<string, string> = {
  基本农田: 'basic_farmland', 永久基本农田: 'basic_farmland', 基本农田保护区: 'basic_farmland', 永久基本农田保护区: 'basic_farmland',
  允许建设区: 'permitted_construction', 有条件建设区: 'conditional_construction', 限制建设区: 'restricted', 禁止建设区: 'prohibited',
  生态保护红线: 'eco_red_line', 生态红线: 'eco_red_line', 生态保护红线区: 'eco_red_line',
  工业用地: 'M', 物流仓储用地: 'W', 仓储用地: 'W', 居住用地: 'R', 公共管理与公共服务设施用地: 'A', 商业服务业设施用地: 'B', 道路与交通设施用地: 'S',
  公用设施用地: 'U', 绿地与广场用地: 'G', 非建设用地: 'E', 水域: 'E', 农林用地: 'E',
};
// GB 50137 medium and small classes (M1, S1, G12 …) fold into their major class.
for (const major of ['m', 'w', 'r', 'a', 'b', 's', 'u', 'g', 'e']) {
  PLAN_CLASS_VALUES[major] = major.toUpperCase();
  for (let i = 1; i <= 9; i++) PLAN_CLASS_VALUES[`${major}${i}`] = major.toUpperCase();
}

const PARK_CLASS_VALUES: Record<string, string> = { 中心城区: 'central', 中心城区产业集聚区: 'central', 市区: 'central', 县域: 'county', 县域产业集聚区: 'county', 县: 'county' };
const ZONE_TYPE_VALUES: Record<string, string> = { 建成区: 'built', 已建成区: 'built', 发展区: 'development', 控制区: 'control' };

const enumOf = (values: Record<string, string>, keywords: Array<[string, string]> = [], fallback: string | null = null): Conversion => ({ type: 'enum', values, keywords, fallback });

// ---------------------------------------------------------------- the alias table

type Kinds = readonly LayerKind[];
const ALL: Kinds = ['park', 'zone', 'parcel', 'relocation', 'plan'];
const P: Kinds = ['parcel'];

interface Entry {
  target: string;
  kinds: Kinds;
  /** Preferred first. Normalised on load (lower case, no spaces, underscores or hyphens). */
  aliases: string[];
  /** Short aliases that only match whole names (面积 must not catch 道路面积). */
  exactOnly?: string[];
  conversion: 'text' | 'area' | 'money' | 'count' | 'year' | 'date' | 'boolean' | 'list' | 'industryCode' | Conversion;
  informative?: boolean;
}

export const ALIAS_TABLE: readonly Entry[] = [
  { target: 'id', kinds: ALL, aliases: ['宗地编号', '地块编号', '宗地代码', '地块代码', '宗地号', '地块号', '图斑编号', '项目编号', 'zdbh', 'dkbh', 'zddm', 'tbbh'], exactOnly: ['编号', 'id'], conversion: 'text' },
  { target: 'name', kinds: ALL, aliases: ['项目名称', '地块名称', '宗地名称', '园区名称', '规划名称', '图斑名称', 'xmmc', 'dkmc'], exactOnly: ['名称', 'mc', 'name'], conversion: 'text' },
  { target: 'park', kinds: ['zone', 'parcel', 'relocation'], aliases: ['所属园区', '所属产业集聚区', '园区编号', '产业集聚区'], exactOnly: ['园区'], conversion: 'text' },
  { target: 'declaredAreaM2', kinds: ALL, informative: true, aliases: ['用地面积', '宗地面积', '地块面积', '占地面积', '土地面积', '出让面积', '图斑面积', '总面积', '规划面积', 'zdmj', 'tbmj', 'ydmj'], exactOnly: ['面积', 'mj', 'area'], conversion: 'area' },
  // parcel
  { target: 'enterprise', kinds: P, aliases: ['企业名称', '单位名称', '权利人', '用地单位', '土地使用权人', '使用权人', '公司名称', '项目单位', '建设单位', '受让人', '竞得人', '受让单位', 'qymc', 'qlr', 'dwmc', 'company'], exactOnly: ['企业', 'enterprise'], conversion: 'text' },
  { target: 'landUse', kinds: P, aliases: ['用地性质', '土地用途', '地类', '用地类型', '地类名称', '地类编码', '用地分类', '规划用途', 'ydxz', 'tdyt', 'dlmc', 'dlbm', 'landuse'], exactOnly: ['用途', 'yt'], conversion: enumOf(LAND_USE_VALUES, LAND_USE_KEYWORDS, 'other') },
  { target: 'industry', kinds: P, aliases: ['所属行业', '行业类别', '行业名称', '行业门类', '产业类型', 'hymc'], exactOnly: ['行业', '产业', 'hy', 'industry'], conversion: 'text' },
  { target: 'industryCode', kinds: P, aliases: ['行业代码', '国民经济行业代码', '行业分类代码', '行业编码', 'hydm', 'industrycode'], conversion: 'industryCode' },
  { target: 'isLeadingIndustry', kinds: P, aliases: ['是否主导产业', '是否属于主导产业', '主导产业企业', 'sfzdcy'], conversion: 'boolean' },
  { target: 'investmentWan', kinds: P, aliases: ['投资额', '固定资产投资', '总投资', '总投资额', '固定资产投资额', '项目总投资', '投资总额', '固定资产投资总额', 'tze', 'ztz', 'gdzctz'], exactOnly: ['投资', 'investment'], conversion: 'money' },
  { target: 'floorAreaM2', kinds: P, aliases: ['计容建筑面积', '总建筑面积', '建筑面积', '建筑总面积', 'jrjzmj', 'zjzmj', 'jzmj', 'floorarea'], conversion: 'area' },
  { target: 'footprintAreaM2', kinds: P, aliases: ['建筑基底面积', '建筑占地面积', '建筑占地', '基底面积', '建构筑物占地面积', '建筑物构筑物占地面积', 'jzjdmj', 'jzzdmj', 'footprint'], conversion: 'area' },
  { target: 'greenAreaM2', kinds: P, aliases: ['绿地面积', '绿化面积', 'ldmj', 'lhmj', 'greenarea'], conversion: 'area' },
  { target: 'supportLandM2', kinds: P, aliases: ['行政办公及生活服务设施用地面积', '配套设施用地面积', '办公生活服务设施用地面积', '行政办公用地面积', '生活服务设施用地面积'], conversion: 'area' },
  { target: 'supportFloorAreaM2', kinds: P, aliases: ['非生产设施建筑面积', '行政办公及生活服务设施建筑面积', '配套设施建筑面积', '办公生活建筑面积', '非生产性建筑面积'], conversion: 'area' },
  { target: 'revenueWan', kinds: P, aliases: ['营业收入', '主营业务收入', '销售收入', '年营业收入', '营收', 'yysr', 'zyywsr', 'revenue'], conversion: 'money' },
  { target: 'taxWan', kinds: P, aliases: ['税收', '纳税额', '纳税总额', '实缴税金', '税收总额', '年税收', '实缴税收', '入库税收', '税收收入', 'nse', 'tax'], conversion: 'money' },
  { target: 'landPriceWan', kinds: P, aliases: ['土地价款', '出让价款', '成交价款', '土地出让金', '出让金', '成交价', '土地出让价款', '出让总价', '划拨价款', 'crjk', 'tdjk', 'landprice'], conversion: 'money' },
  { target: 'agreedStartDate', kinds: P, aliases: ['约定开工日期', '合同约定开工时间', '约定开工时间', '合同约定开工日期', '约定动工日期', '约定动工时间', '合同开工日期', '约定开工', 'ydkgrq', 'ydkgsj', 'agreedstart'], conversion: 'date' },
  { target: 'actualStartDate', kinds: P, aliases: ['实际开工日期', '实际开工时间', '实际动工日期', '实际动工时间', '开工日期', '开工时间', '动工日期', 'sjkgrq', 'kgrq', 'actualstart'], conversion: 'date' },
  { target: 'haltedSince', kinds: P, aliases: ['停工日期', '停工时间', '停建日期', '停止建设日期', '中止开发日期', 'tgrq', 'halted'], conversion: 'date' },
  { target: 'developedAreaM2', kinds: P, aliases: ['已开发面积', '已开发土地面积', '已动工面积', '已建设面积', '开发面积'], conversion: 'area' },
  { target: 'plannedInvestmentWan', kinds: P, aliases: ['计划总投资', '计划投资', '计划投资额', '合同约定投资', '约定投资额', '约定总投资', '合同投资额', 'jhtz'], conversion: 'money' },
  { target: 'investedWan', kinds: P, aliases: ['已完成投资', '累计完成投资', '实际完成投资', '已投资', '实际投资', '完成投资', '已投资额', 'ljwctz', 'ywctz'], conversion: 'money' },
  { target: 'governmentCaused', kinds: P, aliases: ['是否政府原因', '政府原因', '是否因政府原因', '政府原因造成', '是否政府原因造成', 'sfzfyy'], conversion: 'boolean' },
  // relocation
  { target: 'village', kinds: ['relocation'], aliases: ['村庄', '村名', '村庄名称', '行政村', '自然村', '村民组', 'czmc'], exactOnly: ['村', 'cm', 'village'], conversion: 'text' },
  { target: 'households', kinds: ['relocation'], aliases: ['户数', '总户数', '搬迁户数', '涉及户数', '安置户数', 'households'], exactOnly: ['hs'], conversion: 'count' },
  { target: 'population', kinds: ['relocation'], aliases: ['人口', '人数', '总人口', '搬迁人口', '涉及人口', '人口数', 'rks', 'population'], exactOnly: ['rk'], conversion: 'count' },
  { target: 'status', kinds: ['relocation'], aliases: ['状态', '搬迁状态', '实施状态', '进展情况', '进度', '完成情况', '实施进度'], exactOnly: ['zt', 'status'], conversion: enumOf(STATUS_VALUES) },
  { target: 'targetYear', kinds: ['relocation'], aliases: ['计划完成年份', '目标年份', '完成年份', '计划年份', '搬迁年份', '计划完成年度', 'targetyear'], conversion: 'year' },
  { target: 'resettlementUnits', kinds: ['relocation'], aliases: ['安置房套数', '安置套数', '安置住房套数', '安置房', 'azfts', 'resettlementunits'], conversion: 'count' },
  // park
  { target: 'parkClass', kinds: ['park'], aliases: ['园区类别', '园区类型', '集聚区类型', '产业集聚区类型', 'parkclass'], conversion: enumOf(PARK_CLASS_VALUES) },
  { target: 'leadingIndustries', kinds: ['park'], aliases: ['主导产业', '主导行业', 'zdcy', 'leadingindustries'], conversion: 'list' },
  { target: 'stars', kinds: ['park'], aliases: ['星级', '星级评定', 'stars'], conversion: 'count' },
  // zone
  { target: 'zoneType', kinds: ['zone'], aliases: ['分区类型', '区域类型', '功能分区', 'fqlx', 'zonetype'], exactOnly: ['分区'], conversion: enumOf(ZONE_TYPE_VALUES) },
  // plan
  { target: 'planType', kinds: ['plan'], aliases: ['规划类型', '规划种类', '规划类别', 'ghlx', 'plantype'], conversion: enumOf(PLAN_TYPE_VALUES, PLAN_TYPE_KEYWORDS) },
  { target: 'planClass', kinds: ['plan'], aliases: ['用地代码', '规划用地代码', '用地类别', '规划用地性质', '规划地类', '管制分区', '建设用地管制区', '用地分类代码', '地类代码', '规划分类', '用地性质', '土地用途', '地类', '地类编码', 'ghyddm', 'yddm', 'gzqlx', 'planclass'], conversion: enumOf(PLAN_CLASS_VALUES) },
];

/** Lower case, NFKC (full-width → half-width), no spaces, underscores, hyphens or dots. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s_\-.·:：]+/g, '');
}

const normalizedTable = ALIAS_TABLE.map((e) => ({
  ...e,
  aliases: e.aliases.map(normalizeName),
  exactOnly: (e.exactOnly ?? []).map(normalizeName),
}));

// ---------------------------------------------------------------- units in names

const AREA_FACTORS: Record<AreaUnit, number> = { m2: 1, mu: 10000 / 15, ha: 10000, km2: 1e6 }; // 1 亩 = 10000/15 m² (units.ts)
const MONEY_FACTORS: Record<MoneyUnit, number> = { yuan: 1e-4, wan: 1, yi: 1e4 };
const UNIT_WORDS: Array<[RegExp, { area?: AreaUnit; money?: MoneyUnit }]> = [
  [/^(亩|mu)$/, { area: 'mu' }],
  [/^(公顷|hm2|hm²|ha|hectare)$/, { area: 'ha' }],
  [/^(平方米|平米|㎡|m2|m²|sqm|平方)$/, { area: 'm2' }],
  [/^(平方公里|平方千米|km2|km²)$/, { area: 'km2' }],
  [/^(万元|万)$/, { money: 'wan' }],
  [/^(亿元|亿)$/, { money: 'yi' }],
  [/^(元|yuan|rmb)$/, { money: 'yuan' }],
];
const unitOf = (word: string) => UNIT_WORDS.find(([re]) => re.test(word))?.[1] ?? null;

interface Analysed {
  source: string;
  full: string;
  /** Name without unit and year. */
  base: string;
  area: AreaUnit | null;
  money: MoneyUnit | null;
  year: number | null;
}

function analyse(source: string): Analysed {
  let s = source.normalize('NFKC').trim();
  let area: AreaUnit | null = null, money: MoneyUnit | null = null, year: number | null = null;
  const take = (word: string): boolean => {
    const u = unitOf(word.trim().toLowerCase());
    if (!u) return false;
    area = u.area ?? area;
    money = u.money ?? money;
    return true;
  };
  // "面积(亩)", "面积[公顷]", "投资（万元）"
  s = s.replace(/[([【{]([^)\]】}]*)[)\]】}]/g, (m, inner: string) => (take(inner) ? '' : m));
  // "面积_亩", "面积/公顷", "投资-万元"
  s = s.replace(/[_/\-]([^_/\-]+)$/, (m, word: string) => (take(word) ? '' : m));
  // "面积亩", "投资额万元": only when what is left is a known name
  const bare = normalizeName(s);
  for (const [re, u] of UNIT_WORDS) {
    const m = new RegExp(`^(.+?)(${re.source.slice(2, -2)})$`).exec(bare);
    if (m && !area && !money && KNOWN_NAMES.has(m[1])) {
      s = m[1];
      area = u.area ?? null;
      money = u.money ?? null;
      break;
    }
  }
  // "2022年税收", "税收2022", "2022年度纳税额"
  s = s.replace(/^((?:19|20)\d{2})\s*(年度|年)?/, (_m, y: string) => { year = Number(y); return ''; });
  s = s.replace(/((?:19|20)\d{2})\s*(年度|年)?$/, (m, y: string) => { if (year !== null) return m; year = Number(y); return ''; });
  return { source, full: normalizeName(source), base: normalizeName(s), area, money, year };
}

const KNOWN_NAMES = new Set(normalizedTable.flatMap((e) => [...e.aliases, ...e.exactOnly]));

const CJK = /[\u3400-\u9fff]/;
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const gbkBytes = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x7f ? 2 : 1), 0);

// ---------------------------------------------------------------- suggestion

interface Candidate {
  target: string;
  entry: (typeof normalizedTable)[number];
  match: MatchKind;
  alias: string | null;
  aliasRank: number;
}

const MATCH_RANK: Record<MatchKind, number> = { schema: 0, alias: 1, contains: 2, prefix: 3 };
const CONFIDENCE: Record<MatchKind, Confidence> = { schema: 'high', alias: 'high', contains: 'medium', prefix: 'low' };

function schemaNames(kind: LayerKind): string[] {
  return ['id', ...Object.keys(FIELD_TYPES[kind]), 'declaredAreaM2'];
}

function candidatesFor(a: Analysed, kind: LayerKind): Candidate[] {
  const entries = normalizedTable.filter((e) => e.kinds.includes(kind));
  const out: Candidate[] = [];
  const entryFor = (target: string) => entries.find((e) => e.target === target);
  // Our own names: the schema name or the export's short name.
  for (const target of schemaNames(kind)) {
    const entry = entryFor(target);
    if (!entry) continue;
    const short = SHAPEFILE_FIELD_NAMES[target];
    if (a.full === normalizeName(target) || (short && a.full === normalizeName(short))) out.push({ target, entry, match: 'schema', alias: null, aliasRank: 0 });
  }
  for (const entry of entries) {
    const exact = entry.aliases.indexOf(a.base);
    const exactShort = entry.exactOnly.indexOf(a.base);
    if (exact >= 0) out.push({ target: entry.target, entry, match: 'alias', alias: a.base, aliasRank: exact });
    else if (exactShort >= 0) out.push({ target: entry.target, entry, match: 'alias', alias: a.base, aliasRank: entry.aliases.length + exactShort });
  }
  if (out.length > 0) return out;
  // A listed alias inside a longer name ("项目固定资产投资"); short aliases are too ambiguous for this.
  for (const entry of entries) {
    let best = -1;
    entry.aliases.forEach((alias, i) => {
      const long = CJK.test(alias) ? alias.length >= 4 : alias.length >= 6;
      if (long && a.base.includes(alias) && (best < 0 || alias.length > entry.aliases[best].length)) best = i;
    });
    if (best >= 0) out.push({ target: entry.target, entry, match: 'contains', alias: entry.aliases[best], aliasRank: best });
  }
  if (out.length > 0) {
    // Keep only the longest alias found: "计划总投资额" holds both 计划总投资 and 总投资额.
    const longest = Math.max(...out.map((c) => c.alias!.length));
    return out.filter((c) => c.alias!.length === longest);
  }
  // A .dbf field name cut to 10 bytes ("合同约定开" from 合同约定开工时间): a prefix of aliases of one target.
  if (CJK.test(a.base) && a.base.length >= 2 && (utf8Bytes(a.source) <= 10 || gbkBytes(a.source) <= 10)) {
    const hits = entries.flatMap((entry) => entry.aliases.map((alias, i) => ({ entry, alias, i })).filter((h) => h.alias.length > a.base.length && h.alias.startsWith(a.base)));
    const targets = new Set(hits.map((h) => h.entry.target));
    if (targets.size === 1) out.push({ target: hits[0].entry.target, entry: hits[0].entry, match: 'prefix', alias: hits[0].alias, aliasRank: hits[0].i });
  }
  return out;
}

/** The conversion for a quantity in a given unit, for the import dialog when the user changes a column's unit. */
export function unitConversion(quantity: 'area', from: AreaUnit): Conversion;
export function unitConversion(quantity: 'money', from: MoneyUnit): Conversion;
export function unitConversion(quantity: 'area' | 'money', from: AreaUnit | MoneyUnit): Conversion {
  return quantity === 'area'
    ? { type: 'number', quantity: 'area', from: from as AreaUnit, to: 'm2', factor: AREA_FACTORS[from as AreaUnit], assumed: false }
    : { type: 'number', quantity: 'money', from: from as MoneyUnit, to: 'wan', factor: MONEY_FACTORS[from as MoneyUnit], assumed: false };
}

function conversionFor(entry: Entry, a: Analysed, match: MatchKind): { conversion: Conversion; note: FieldMapping['note'] } {
  const c = entry.conversion;
  if (typeof c !== 'string') return { conversion: c, note: null };
  // Our own names carry the schema unit (investmentWan, INVEST_WAN are in 万元).
  if (match === 'schema' && c === 'area') return { conversion: { type: 'number', quantity: 'area', from: 'm2', to: 'm2', factor: 1, assumed: false }, note: null };
  if (match === 'schema' && c === 'money') return { conversion: { type: 'number', quantity: 'money', from: 'wan', to: 'wan', factor: 1, assumed: false }, note: null };
  if (c === 'area') {
    const from = a.area ?? 'm2';
    const assumed = a.area === null;
    const label = { m2: ['m²', '平方米'], mu: ['mu', '亩'], ha: ['ha', '公顷'], km2: ['km²', '平方公里'] }[from];
    const factor = AREA_FACTORS[from];
    const note = assumed
      ? { en: 'no unit in the name: read as m² (change it if the column is in 亩 or 公顷)', zh: '字段名未标明单位：按平方米读取（如为亩或公顷请修改）' }
      : from === 'm2' ? null
        : { en: `${label[0]} → m² (× ${from === 'mu' ? '10000/15' : factor})`, zh: `${label[1]} → 平方米（× ${from === 'mu' ? '10000/15' : factor}）` };
    return { conversion: { type: 'number', quantity: 'area', from, to: 'm2', factor, assumed }, note };
  }
  if (c === 'money') {
    const from = a.money ?? 'wan';
    const assumed = a.money === null;
    const label = { yuan: ['yuan', '元'], wan: ['10k yuan', '万元'], yi: ['100M yuan', '亿元'] }[from];
    const factor = MONEY_FACTORS[from];
    const note = assumed
      ? { en: 'no unit in the name: read as 万元 (change it if the column is in 元 or 亿元)', zh: '字段名未标明单位：按万元读取（如为元或亿元请修改）' }
      : from === 'wan' ? null
        : { en: `${label[0]} → 万元 (${from === 'yuan' ? '÷ 10000' : '× 10000'})`, zh: `${label[1]} → 万元（${from === 'yuan' ? '÷ 10000' : '× 10000'}）` };
    return { conversion: { type: 'number', quantity: 'money', from, to: 'wan', factor, assumed }, note };
  }
  return { conversion: { type: c }, note: null };
}

/**
 * Proposes schema names for the fields of a file of `kind`. Each target is taken by at most one field: the
 * best match, then the latest year ("2023年税收" over "2022年税收"), then the preferred alias.
 */
export function suggestAliases(fieldNames: readonly string[], kind: LayerKind): AliasMapping {
  const proposals = fieldNames.map((source, order) => {
    const a = analyse(source);
    const candidates = candidatesFor(a, kind).sort((x, y) => MATCH_RANK[x.match] - MATCH_RANK[y.match] || x.aliasRank - y.aliasRank);
    return { source, order, a, candidates };
  });
  const taken = new Map<string, (typeof proposals)[number]>();
  const rank = (p: (typeof proposals)[number]) => p.candidates[0];
  const better = (p: (typeof proposals)[number], q: (typeof proposals)[number]) => {
    const cp = rank(p), cq = rank(q);
    if (MATCH_RANK[cp.match] !== MATCH_RANK[cq.match]) return MATCH_RANK[cp.match] < MATCH_RANK[cq.match];
    if ((p.a.year ?? -1) !== (q.a.year ?? -1)) return (p.a.year ?? -1) > (q.a.year ?? -1);
    if (cp.aliasRank !== cq.aliasRank) return cp.aliasRank < cq.aliasRank;
    return p.order < q.order;
  };
  for (const p of proposals) {
    if (p.candidates.length === 0) continue;
    const target = rank(p).target;
    const current = taken.get(target);
    if (!current || better(p, current)) taken.set(target, p);
  }
  const mappings: FieldMapping[] = [];
  const unmatched: AliasMapping['unmatched'] = [];
  for (const p of proposals) {
    const c = p.candidates[0];
    if (!c || taken.get(c.target) !== p) {
      unmatched.push({ source: p.source, alsoMatches: [...new Set(p.candidates.map((x) => x.target))] });
      continue;
    }
    const { conversion, note } = conversionFor(c.entry, p.a, c.match);
    let fullNote = note;
    const rivals = proposals.filter((q) => q !== p && q.candidates[0]?.target === c.target);
    if (p.a.year !== null && rivals.some((q) => q.a.year !== null)) {
      const years = rivals.map((q) => q.a.year).filter((y): y is number => y !== null);
      const add = { en: `latest year (${p.a.year}); ${years.join(', ')} left as they are`, zh: `取最近年份（${p.a.year}）；${years.join('、')} 年保持原样` };
      fullNote = fullNote ? { en: `${fullNote.en}; ${add.en}`, zh: `${fullNote.zh}；${add.zh}` } : add;
    }
    mappings.push({ source: p.source, target: c.target, confidence: CONFIDENCE[c.match], match: c.match, alias: c.alias, conversion, informative: c.entry.informative === true, note: fullNote });
  }
  return { kind, mappings, unmatched };
}

// ---------------------------------------------------------------- applying

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't', '是', '1', '有', '对', '√']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f', '否', '0', '无', '不是', '×']);

type Converted = { ok: true; value: unknown } | { ok: false };

function parseNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const s = raw.normalize('NFKC').replace(/[,\s]/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : null;
}

// Rounds away the float noise a unit factor leaves (1.2 亩 × 10000/15 = 800.0000000000001).
const tidy = (v: number) => Number(v.toPrecision(12));

function enumKey(raw: unknown): string {
  let s = String(raw).normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 100 && raw < 1000) s = s.padStart(4, '0'); // 0601 read as a number
  return s;
}

function convert(raw: unknown, c: Conversion): Converted {
  switch (c.type) {
    case 'text':
      return typeof raw === 'string' ? { ok: true, value: raw.trim() } : typeof raw === 'number' || typeof raw === 'boolean' ? { ok: true, value: String(raw) } : { ok: false };
    case 'number': {
      const n = parseNumber(raw);
      return n === null ? { ok: false } : { ok: true, value: c.factor === 1 ? n : tidy(n * c.factor) };
    }
    case 'count': {
      const n = parseNumber(typeof raw === 'string' ? raw.replace(/[户人套个间栋]$/, '') : raw);
      return n === null ? { ok: false } : { ok: true, value: n };
    }
    case 'year': {
      const m = /^\s*((?:19|20)\d{2})/.exec(String(raw).normalize('NFKC'));
      return m ? { ok: true, value: Number(m[1]) } : { ok: false };
    }
    case 'date': {
      const r = readDate(typeof raw === 'string' ? raw.normalize('NFKC') : raw);
      return r.status === 'ok' ? { ok: true, value: r.date } : { ok: false };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const w = String(raw).normalize('NFKC').trim().toLowerCase();
      return TRUE_WORDS.has(w) ? { ok: true, value: true } : FALSE_WORDS.has(w) ? { ok: true, value: false } : { ok: false };
    }
    case 'list':
      if (Array.isArray(raw)) return { ok: true, value: raw.map(String) };
      return typeof raw === 'string' ? { ok: true, value: raw.split(/[,，、;；/]/).map((s) => s.trim()).filter(Boolean) } : { ok: false };
    case 'industryCode':
      if (typeof raw === 'number' && Number.isInteger(raw)) return { ok: true, value: String(raw).padStart(2, '0') };
      return typeof raw === 'string' ? { ok: true, value: raw.trim() } : { ok: false };
    case 'enum': {
      const key = enumKey(raw);
      if (key in c.values) return { ok: true, value: c.values[key] };
      const upper = String(raw).trim();
      if (Object.values(c.values).includes(upper)) return { ok: true, value: upper }; // already a schema value
      for (const [word, value] of c.keywords) if (key.includes(word)) return { ok: true, value };
      return c.fallback !== null ? { ok: true, value: c.fallback } : { ok: false };
    }
  }
}

export interface AppliedAliases<F> {
  features: F[];
  problems: Problem[];
  /** Per target: values converted, values that could not be read (copied as found), values sent to the fallback (e.g. landUse "other"). */
  stats: Record<string, { converted: number; unreadable: number; fallback: Record<string, number> }>;
}

type AnyFeature = { properties?: Record<string, unknown> | null; id?: string | number };

/**
 * Adds the schema properties named by `mapping` to copies of the features. Original properties are never
 * changed or removed; a value that cannot be converted is copied as found so the schema check names it, and a
 * target the feature already has (non-null) is left alone.
 */
export function applyAliases<F extends AnyFeature>(features: readonly F[], mapping: AliasMapping, file = 'import'): AppliedAliases<F> {
  const problems: Problem[] = [];
  const stats: AppliedAliases<F>['stats'] = {};
  const firstBad = new Map<string, { index: number; raw: unknown; count: number }>();
  const kept = new Map<string, number>();
  const active = mapping.mappings.filter((m) => m.source !== m.target);
  for (const m of active) stats[m.target] = { converted: 0, unreadable: 0, fallback: {} };
  const out = features.map((f, index) => {
    // Properties that are not an object (an array, a number) are left as they are, for validation to name.
    if (f.properties !== null && f.properties !== undefined && (typeof f.properties !== 'object' || Array.isArray(f.properties))) return f;
    const original = f.properties ?? {};
    const properties: Record<string, unknown> = { ...original };
    for (const m of active) {
      if (!(m.source in original)) continue;
      if (original[m.target] !== undefined && original[m.target] !== null) {
        kept.set(m.target, (kept.get(m.target) ?? 0) + 1);
        continue;
      }
      const raw = original[m.source];
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
        properties[m.target] = null;
        continue;
      }
      const r = convert(raw, m.conversion);
      const s = stats[m.target];
      if (r.ok) {
        properties[m.target] = r.value;
        s.converted++;
        if (m.conversion.type === 'enum' && m.conversion.fallback !== null && r.value === m.conversion.fallback && enumKey(raw) !== m.conversion.fallback) {
          const label = String(raw).trim();
          s.fallback[label] = (s.fallback[label] ?? 0) + 1;
        }
      } else {
        properties[m.target] = raw;
        s.unreadable++;
        const b = firstBad.get(m.target);
        if (b) b.count++;
        else firstBad.set(m.target, { index, raw, count: 1 });
      }
    }
    return { ...f, properties };
  });
  for (const m of active) {
    const b = firstBad.get(m.target);
    const f = features[b?.index ?? 0];
    if (b) {
      problems.push(problem('warning', 'alias-value', { file, featureIndex: b.index, field: m.source, ...(f?.id !== undefined ? { featureId: String(f.id) } : {}) },
        `${b.count} value(s) of ${m.source} could not be read as ${m.target} (first: ${JSON.stringify(b.raw)}); copied as found`,
        `${m.source} 有 ${b.count} 个值无法转换为 ${m.target}（首个：${JSON.stringify(b.raw)}），按原值复制`));
    }
    const fb = stats[m.target].fallback;
    if (Object.keys(fb).length > 0 && m.conversion.type === 'enum') {
      const list = Object.entries(fb).map(([v, n]) => `${v} (${n})`).join(', ');
      problems.push(problem('warning', 'alias-value-fallback', { file, field: m.source },
        `values of ${m.source} not in the table were set to "${m.conversion.fallback}": ${list}; edit the value table to map them`,
        `${m.source} 中未列入对照表的值设为 "${m.conversion.fallback}"：${list}；可编辑取值对照表`));
    }
    const k = kept.get(m.target);
    if (k) {
      problems.push(problem('warning', 'alias-target-present', { file, field: m.target },
        `${k} feature(s) already have ${m.target}; their value is kept and ${m.source} is not used for them`,
        `有 ${k} 个要素已有 ${m.target}，保留原值，不使用 ${m.source}`));
    }
  }
  return { features: out, problems, stats };
}
