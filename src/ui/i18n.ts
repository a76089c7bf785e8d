// Every UI string, in Chinese (default) and English. Terms follow the glossary in DESIGN §2.

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

const zh = {
  'app.title': '园区一张图',
  'app.subtitle': '产业集聚区审查',
  'lang.switch': '语言',
  'lang.zh': '中文',
  'lang.en': 'English',
  'park.unnamed': '未命名园区',
  'park.reviewDate': '审查基准日 {date}',
  'status.loading': '正在加载图层…',
  'status.rendering': '正在绘制…',
  'panel.layers': '图层',
  'panel.empty': '没有可显示的图层',
  'panel.features': '{n} 个要素',
  'panel.showLayer': '显示图层 {name}',
  'panel.zoomToPark': '缩放至园区',
  'errors.title': '部分图层未能加载',
  'errors.http': '无法加载 {file}：服务器返回 {status}',
  'errors.network': '无法加载 {file}：网络错误（{message}）',
  'errors.invalid': '无法加载 {message}',
  'errors.problemsTitle': '数据问题（{count} 条）',
  'errors.more': '……另有 {count} 条',
  'errors.badManifest': '无法读取图层清单 {file}（{message}）',
  'tooltip.id': '编号',
  'tooltip.name': '名称',
  'tooltip.none': '—',
  'kind.park': '园区边界',
  'kind.zone': '功能分区',
  'kind.parcel': '宗地',
  'kind.relocation': '村庄迁并',
  'kind.plan': '规划',
  'kind.generic': '图层',
  'legend.unclassified': '未分类',
  'zoneType.built': '建成区',
  'zoneType.development': '发展区',
  'zoneType.control': '控制区',
  'landUse.industrial': '工业用地',
  'landUse.warehouse': '物流仓储用地',
  'landUse.commercial': '商业服务业用地',
  'landUse.residential': '居住用地',
  'landUse.public': '公共管理与公共服务用地',
  'landUse.road': '道路与交通设施用地',
  'landUse.green': '绿地',
  'landUse.other': '其他用地',
  'relocationStatus.planned': '计划迁并',
  'relocationStatus.in_progress': '正在迁并',
  'relocationStatus.done': '已完成',
  'planClass.basic_farmland': '永久基本农田',
  'planClass.permitted_construction': '允许建设区',
  'planClass.conditional_construction': '有条件建设区',
  'planClass.restricted': '限制建设区',
  'planClass.prohibited': '禁止建设区',
  'planClass.eco_red_line': '生态保护红线',
  'planClass.M': 'M 工业用地',
  'planClass.W': 'W 物流仓储用地',
  'planClass.R': 'R 居住用地',
  'planClass.A': 'A 公共管理与公共服务用地',
  'planClass.B': 'B 商业服务业设施用地',
  'planClass.S': 'S 道路与交通设施用地',
  'planClass.U': 'U 公用设施用地',
  'planClass.G': 'G 绿地与广场用地',
  'planClass.E': 'E 非建设用地',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Park Atlas',
  'app.subtitle': 'Industrial park review',
  'lang.switch': 'Language',
  'lang.zh': '中文',
  'lang.en': 'English',
  'park.unnamed': 'Unnamed park',
  'park.reviewDate': 'Review date {date}',
  'status.loading': 'Loading layers…',
  'status.rendering': 'Drawing…',
  'panel.layers': 'Layers',
  'panel.empty': 'No layers to show',
  'panel.features': '{n} features',
  'panel.showLayer': 'Show layer {name}',
  'panel.zoomToPark': 'Zoom to park',
  'errors.title': 'Some layers could not be loaded',
  'errors.http': 'Could not load {file}: the server answered {status}',
  'errors.network': 'Could not load {file}: network error ({message})',
  'errors.invalid': 'Could not load {message}',
  'errors.problemsTitle': 'Data problems ({count})',
  'errors.more': '... and {count} more',
  'errors.badManifest': 'Could not read the layer list {file} ({message})',
  'tooltip.id': 'ID',
  'tooltip.name': 'Name',
  'tooltip.none': '—',
  'kind.park': 'Park boundary',
  'kind.zone': 'Zones',
  'kind.parcel': 'Land parcels',
  'kind.relocation': 'Village relocation',
  'kind.plan': 'Plan',
  'kind.generic': 'Layer',
  'legend.unclassified': 'Unclassified',
  'zoneType.built': 'Built zone',
  'zoneType.development': 'Development zone',
  'zoneType.control': 'Control zone',
  'landUse.industrial': 'Industrial',
  'landUse.warehouse': 'Logistics & warehouse',
  'landUse.commercial': 'Commercial',
  'landUse.residential': 'Residential',
  'landUse.public': 'Public administration & services',
  'landUse.road': 'Roads & transport',
  'landUse.green': 'Green space',
  'landUse.other': 'Other',
  'relocationStatus.planned': 'Planned',
  'relocationStatus.in_progress': 'In progress',
  'relocationStatus.done': 'Done',
  'planClass.basic_farmland': 'Permanent basic farmland',
  'planClass.permitted_construction': 'Permitted construction',
  'planClass.conditional_construction': 'Conditional construction',
  'planClass.restricted': 'Restricted construction',
  'planClass.prohibited': 'Prohibited construction',
  'planClass.eco_red_line': 'Ecological red line',
  'planClass.M': 'M Industrial',
  'planClass.W': 'W Logistics & warehouse',
  'planClass.R': 'R Residential',
  'planClass.A': 'A Public administration & services',
  'planClass.B': 'B Commercial',
  'planClass.S': 'S Roads & transport',
  'planClass.U': 'U Utilities',
  'planClass.G': 'G Green space & squares',
  'planClass.E': 'E Non-construction land',
};

const DICTIONARY: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

/** The message for `key` with `{name}` placeholders filled as plain text (React renders the result as text). */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return DICTIONARY[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Label for a dictionary key that may be unknown (legend values from data); unknown keys show `fallback`. */
export function tMaybe(lang: Lang, key: string | null, fallback: string): string {
  return key && isMessageKey(key) ? t(lang, key) : fallback;
}

export function initialLang(search: string): Lang {
  const q = new URLSearchParams(search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  try {
    const stored = localStorage.getItem('parkAtlas.lang');
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // storage may be disabled; Chinese is the default
  }
  return 'zh';
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem('parkAtlas.lang', lang);
  } catch {
    // not fatal
  }
}
