// Printable notice drafts (闲置土地调查通知书, 闲置土地认定书) from editable text templates with {{named}} placeholders.
// A template is plain text, never HTML: every character of it and of every value is escaped, so a template or a
// value from an untrusted project file cannot inject markup. Light structure by line prefix:
//   "# " title, "## " heading, ">> " right-aligned line, "| a | b |" table row; blank line = new paragraph.
import type { IsoDate } from '../dates';
import { formatNumber, type Locale } from '../units';
import type { CaseView } from './case';
import { articleList, REGULATION_NAME } from './clauses';
import { DECISION_LABELS, NEGOTIATION_LABELS } from './decisions';
import { BASIS_LABELS, DISPOSAL_LABELS } from './labels';

export type NoticeKind = 'investigation' | 'determination';
export const NOTICE_KINDS: readonly NoticeKind[] = ['investigation', 'determination'];

/** Every placeholder the default values provide. */
export const NOTICE_PLACEHOLDERS = [
  'parcelId', 'parcelName', 'enterprise', 'park', 'zone', 'areaMu', 'areaM2', 'agreedStartDate', 'actualStartDate',
  'haltedSince', 'developedShare', 'investedShare', 'basis', 'since', 'idleYears', 'idleOn', 'reclaimOn', 'finding',
  'disposal', 'disposalText', 'landPriceWan', 'feeWan', 'feeRate', 'regulation', 'clause', 'articles', 'reviewDate',
  'reference', 'issueDate', 'authority', 'replyDays', 'decision', 'decisionDate', 'decisionReference',
] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];
export type NoticeValues = Partial<Record<string, string | null>>;

// 第五条 (调查通知书, answer within thirty days) and 第九条 (认定书) of 《闲置土地处置办法》.
export const NOTICE_TEMPLATES: Record<NoticeKind, Record<Locale, string>> = {
  investigation: {
    zh: `# 闲置土地调查通知书
>> {{reference}}

{{enterprise}}：

你单位使用的下列国有建设用地涉嫌构成闲置土地。依据{{regulation}}第五条，本机关现开展调查核实。

| 宗地编号 | {{parcelId}} |
| 宗地名称 | {{parcelName}} |
| 所在园区 | {{park}} |
| 宗地面积 | {{areaMu}} 亩（{{areaM2}} 平方米） |
| 约定动工开发日期 | {{agreedStartDate}} |
| 实际动工开发日期 | {{actualStartDate}} |
| 中止开发建设日期 | {{haltedSince}} |
| 涉嫌闲置情形 | {{basis}} |

初步核查情况：{{finding}}

请你单位自收到本通知书之日起{{replyDays}}日内，按照要求提供土地开发利用情况、闲置原因以及相关说明等材料。属于政府、政府有关部门的行为造成动工开发延迟的，请一并提供土地闲置原因说明材料。

>> {{authority}}
>> {{issueDate}}`,
    en: `# Idle-Land Investigation Notice
>> {{reference}}

To {{enterprise}}:

The state-owned construction land below, held by you, may be idle land. Under Article 5 of the {{regulation}} we are investigating it.

| Parcel | {{parcelId}} |
| Parcel name | {{parcelName}} |
| Park | {{park}} |
| Area | {{areaMu}} mu ({{areaM2}} m²) |
| Agreed start date | {{agreedStartDate}} |
| Actual start date | {{actualStartDate}} |
| Halted since | {{haltedSince}} |
| Suspected case | {{basis}} |

Preliminary findings: {{finding}}

Within {{replyDays}} days of receiving this notice, please provide the state of development and use of the land, the reasons it is idle and any explanation. If the delay was caused by the government or its departments, please include the documents that show it.

>> {{authority}}
>> {{issueDate}}`,
  },
  determination: {
    zh: `# 闲置土地认定书
>> {{reference}}

{{enterprise}}：

经调查核实，你单位使用的下列国有建设用地构成闲置土地，依据{{regulation}}第九条，现予认定。

| 宗地编号 | {{parcelId}} |
| 宗地名称 | {{parcelName}} |
| 所在园区 | {{park}} |
| 宗地面积 | {{areaMu}} 亩（{{areaM2}} 平方米） |
| 约定动工开发日期 | {{agreedStartDate}} |
| 实际动工开发日期 | {{actualStartDate}} |
| 闲置情形 | {{basis}} |
| 闲置起算日 | {{since}} |
| 闲置年限 | {{idleYears}} 年（截至 {{reviewDate}}） |
| 土地出让或划拨价款 | {{landPriceWan}} 万元 |

认定事实：{{finding}}

处置意见：{{disposalText}}

法律依据：{{clause}}

>> {{authority}}
>> {{issueDate}}`,
    en: `# Idle-Land Determination
>> {{reference}}

To {{enterprise}}:

After investigation, the state-owned construction land below, held by you, is idle land and is hereby so determined under Article 9 of the {{regulation}}.

| Parcel | {{parcelId}} |
| Parcel name | {{parcelName}} |
| Park | {{park}} |
| Area | {{areaMu}} mu ({{areaM2}} m²) |
| Agreed start date | {{agreedStartDate}} |
| Actual start date | {{actualStartDate}} |
| Case | {{basis}} |
| Idle since | {{since}} |
| Whole years idle | {{idleYears}} (at {{reviewDate}}) |
| Land price | {{landPriceWan}} (10k CNY) |

Facts: {{finding}}

Disposal: {{disposalText}}

Legal basis: {{clause}}

>> {{authority}}
>> {{issueDate}}`,
  },
};

export interface NoticeOptions {
  locale: Locale;
  /** The issuing authority, e.g. "××市自然资源和规划局". */
  authority?: string;
  reference?: string;
  issueDate?: IsoDate;
  parkName?: string | null;
  zoneName?: string | null;
  /** Days to answer an investigation notice (第五条: thirty). */
  replyDays?: number;
}

function dateText(iso: IsoDate | null, locale: Locale): string | null {
  if (!iso) return null;
  if (locale === 'en') return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const percent = (v: number | null, locale: Locale) => (v === null ? null : `${formatNumber(v * 100, locale, 1)}%`);

function findingText(c: CaseView, locale: Locale): string {
  const d = c.determination;
  const f = c.facts;
  const zh = locale === 'zh';
  const date = (x: IsoDate | null) => dateText(x, locale) ?? (zh ? '（未记录）' : '(not recorded)');
  if (d.isIdle === null) return zh ? '现有资料不足以认定该宗地是否闲置，需补充核实。' : 'The records are not enough to decide whether this land is idle; the facts must be checked.';
  if (d.basis === null) return zh ? '该宗地已动工开发且未中止开发建设，不构成闲置土地。' : 'Construction has started and has not been halted: the land is not idle.';
  const years = d.idleYears ?? 0;
  let facts: string;
  if (d.basis === 'not_started') {
    facts = zh
      ? `该宗地约定于${date(f.agreedStartDate)}动工开发，截至${date(c.reviewDate)}未动工开发`
      : `Construction was agreed to start on ${date(f.agreedStartDate)} and had not started by ${date(c.reviewDate)}`;
  } else {
    const tests: string[] = [];
    if (f.developedShare !== null && f.developedShare < f.developedShareMark) tests.push(zh ? `已开发面积占${percent(f.developedShare, locale)}，不足三分之一` : `${percent(f.developedShare, locale)} of the area developed, less than one third`);
    if (f.investedShare !== null && f.investedShare < f.investedShareMark) tests.push(zh ? `已投资额占总投资额${percent(f.investedShare, locale)}，不足百分之二十五` : `${percent(f.investedShare, locale)} of the planned investment made, less than 25%`);
    facts = zh
      ? `该宗地于${date(f.actualStartDate)}动工开发，自${date(f.haltedSince)}起中止开发建设，${tests.join('；')}`
      : `Construction started on ${date(f.actualStartDate)} and was halted on ${date(f.haltedSince)}, with ${tests.join('; ')}`;
  }
  if (years < 1) {
    return zh ? `${facts}，尚不满一年，将于${date(d.idleOn)}满一年。` : `${facts}; not yet one full year: one full year on ${date(d.idleOn)}.`;
  }
  return zh ? `${facts}，已满${years}年，构成闲置土地。` : `${facts}: ${years} full year${years > 1 ? 's' : ''}, so the land is idle.`;
}

function disposalText(c: CaseView, locale: Locale): string | null {
  const d = c.determination;
  const zh = locale === 'zh';
  const wan = (v: number | null) => (v === null ? null : formatNumber(v, locale, 2));
  switch (d.disposal) {
    case 'fee': {
      const fee = wan(d.feeWan);
      if (fee === null) return zh ? '依据第十四条（一），按土地出让或者划拨价款的百分之二十征缴土地闲置费（土地价款缺失，金额待核定）。' : 'Under Article 14(1), an idle-land fee of 20% of the land price is due (the land price is missing; the amount is to be set).';
      return zh
        ? `依据第十四条（一），按土地出让或者划拨价款${wan(c.facts.landPriceWan)}万元的百分之二十，征缴土地闲置费${fee}万元。`
        : `Under Article 14(1), an idle-land fee of 20% of the land price of ${wan(c.facts.landPriceWan)} (10k CNY) is due: ${fee} (10k CNY).`;
    }
    case 'reclaim':
      return zh ? `已闲置满${c.determination.reclaimYears}年，依据第十四条（二），报经有批准权的人民政府批准后，无偿收回国有建设用地使用权。` : `Idle for ${c.determination.reclaimYears} full years or more: under Article 14(2) the land-use right is to be reclaimed without compensation, with the approval of the competent people's government.`;
    case 'negotiate':
      return zh ? '经审核属于政府、政府有关部门的行为造成动工开发延迟（第八条），依据第十二条与你单位协商处置。' : 'The delay was caused by the government or its departments (Article 8): the land is to be disposed of by agreement with you under Article 12.';
    case 'none':
      return zh ? '不构成闲置土地，无需处置。' : 'Not idle land: no disposal.';
    default:
      return null;
  }
}

/** The values the default templates use, from a case view and the notice's own details. */
export function noticeValues(c: CaseView, options: NoticeOptions): NoticeValues {
  const { locale } = options;
  const num = (v: number | null, digits: number) => (v === null ? null : formatNumber(v, locale, digits));
  const d = c.determination;
  return {
    parcelId: c.parcelId,
    parcelName: c.name,
    enterprise: c.enterprise,
    park: options.parkName ?? c.park,
    zone: options.zoneName ?? c.zone,
    areaMu: num(c.areaMu, 2),
    areaM2: num(c.areaM2, 0),
    agreedStartDate: dateText(c.facts.agreedStartDate, locale),
    actualStartDate: dateText(c.facts.actualStartDate, locale),
    haltedSince: dateText(c.facts.haltedSince, locale),
    developedShare: percent(c.facts.developedShare, locale),
    investedShare: percent(c.facts.investedShare, locale),
    basis: d.basis === null ? null : BASIS_LABELS[locale][d.basis],
    since: dateText(d.since, locale),
    idleYears: d.idleYears === null ? null : String(d.idleYears),
    idleOn: dateText(d.idleOn, locale),
    reclaimOn: dateText(d.reclaimOn, locale),
    finding: findingText(c, locale),
    disposal: d.disposal === null ? null : DISPOSAL_LABELS[locale][d.disposal],
    disposalText: disposalText(c, locale),
    landPriceWan: num(c.facts.landPriceWan, 2),
    feeWan: num(d.feeWan, 2),
    feeRate: `${d.feeRate * 100}%`,
    regulation: REGULATION_NAME[locale],
    clause: d.clause === null ? null : locale === 'zh' ? `${REGULATION_NAME.zh}${articleList(d.articles, 'zh')}` : `${REGULATION_NAME.en}, ${articleList(d.articles, 'en')}`,
    articles: d.articles.length ? articleList(d.articles, locale) : null,
    reviewDate: dateText(c.reviewDate, locale),
    reference: options.reference?.trim() || c.decision?.reference || null,
    issueDate: dateText(options.issueDate ?? null, locale),
    authority: options.authority?.trim() || null,
    replyDays: String(options.replyDays ?? 30),
    decision: c.decision ? `${DECISION_LABELS[locale][c.decision.kind]}${c.decision.negotiation ? `（${NEGOTIATION_LABELS[locale][c.decision.negotiation]}）` : ''}` : null,
    decisionDate: dateText(c.decision?.date ?? null, locale),
    decisionReference: c.decision?.reference || null,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export interface RenderedNotice {
  /** A complete HTML document for printing on A4. */
  html: string;
  title: string;
  /** Placeholders the template names but no value is defined for (left visible as {{name}}). */
  unknownPlaceholders: string[];
  /** Placeholders whose value is missing (printed as a blank to fill in by hand). */
  missingValues: string[];
}

const BLANK = '＿＿＿＿＿＿';

/** One line of template text with its placeholders replaced, as escaped HTML. Values are inserted once, never re-read. */
function renderInline(text: string, values: NoticeValues, unknown: Set<string>, missing: Set<string>): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += escapeHtml(text.slice(last, m.index));
    const name = m[1];
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      unknown.add(name);
      out += `<span class="unknown">${escapeHtml(m[0])}</span>`;
    } else {
      const v = values[name];
      if (v === null || v === undefined || v === '') {
        missing.add(name);
        out += `<span class="blank">${BLANK}</span>`;
      } else {
        out += escapeHtml(v);
      }
    }
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

const STYLE = `@page { size: A4; margin: 20mm 20mm 18mm 20mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { margin: 0; font-family: "FangSong", "STFangsong", "Songti SC", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 12.5pt; line-height: 1.6; }
main { max-width: 170mm; margin: 0 auto; }
h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 19pt; text-align: center; margin: 0 0 3mm; }
h1:lang(zh) { letter-spacing: 0.1em; }
h2 { font-size: 15pt; margin: 4mm 0 2mm; }
p { margin: 0 0 2.5mm; text-align: justify; }
p.right { text-align: right; margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 11pt; line-height: 1.4; page-break-inside: avoid; }
td { border: 0.5pt solid #000; padding: 1mm 2.5mm; vertical-align: top; overflow-wrap: anywhere; }
td:first-child { width: 32%; white-space: nowrap; }
.blank { letter-spacing: 0; }
.unknown { color: #b00; }
@media screen { body { background: #eee; padding: 10mm 0; } main { background: #fff; padding: 20mm 20mm; max-width: 210mm; min-height: 297mm; box-shadow: 0 0 4mm #999; } }`;

/** Renders a template to a complete, printable HTML document. Every substituted value and all template text is escaped. */
export function renderNotice(template: string, values: NoticeValues, locale: Locale): RenderedNotice {
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let rows: string[] = [];
  let title = '';
  const flushParagraph = () => {
    if (paragraph.length) blocks.push(`<p>${paragraph.join('<br>')}</p>`);
    paragraph = [];
  };
  const flushTable = () => {
    if (rows.length) blocks.push(`<table><tbody>\n${rows.join('\n')}\n</tbody></table>`);
    rows = [];
  };
  for (const raw of template.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (/^\|.*\|$/.test(trimmed) && trimmed.length > 1) {
      flushParagraph();
      const cells = trimmed.slice(1, -1).split('|').map((c) => `<td>${renderInline(c.trim(), values, unknown, missing)}</td>`);
      rows.push(`<tr>${cells.join('')}</tr>`);
      continue;
    }
    flushTable();
    if (trimmed === '') { flushParagraph(); continue; }
    if (trimmed.startsWith('# ')) {
      flushParagraph();
      const text = trimmed.slice(2).trim();
      title ||= text;
      blocks.push(`<h1>${renderInline(text, values, unknown, missing)}</h1>`);
    } else if (trimmed.startsWith('## ')) {
      flushParagraph();
      blocks.push(`<h2>${renderInline(trimmed.slice(3).trim(), values, unknown, missing)}</h2>`);
    } else if (trimmed.startsWith('>> ') || trimmed === '>>') {
      flushParagraph();
      blocks.push(`<p class="right">${renderInline(trimmed.slice(2).trim(), values, unknown, missing)}</p>`);
    } else {
      paragraph.push(renderInline(trimmed, values, unknown, missing));
    }
  }
  flushParagraph();
  flushTable();
  // The <title> shows the title line with its placeholders filled, as plain escaped text.
  const titleText = title.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  const docTitle = [titleText, values.parcelId].filter(Boolean).join(' ');
  const html = `<!DOCTYPE html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(docTitle)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<main class="notice">
${blocks.join('\n')}
</main>
</body>
</html>
`;
  return { html, title: titleText, unknownPlaceholders: [...unknown], missingValues: [...missing] };
}

/** The default template of a kind, filled from a case view. */
export function draftNotice(kind: NoticeKind, c: CaseView, options: NoticeOptions, template: string = NOTICE_TEMPLATES[kind][options.locale]): RenderedNotice {
  return renderNotice(template, noticeValues(c, options), options.locale);
}
