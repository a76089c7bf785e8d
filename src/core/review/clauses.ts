// The articles of 《闲置土地处置办法》(国土资源部令第53号, 2012) that the review cites, summarised in both languages.
// Article numbers and content follow the 2012 text; evaluate() names the articles it used in `idle.clause`.
import type { Disposal } from '../rules/idle';
import type { Locale } from '../units';

export const REGULATION_NAME: Record<Locale, string> = {
  zh: '《闲置土地处置办法》（国土资源部令第53号）',
  en: 'Measures on the Disposal of Idle Land (MLR Order No. 53, 2012)',
};

export interface ArticleRef {
  /** e.g. 第十四条 */
  article: string;
  /** e.g. （一）, or '' for the whole article. */
  item: string;
  summary: Record<Locale, string>;
}

const ARTICLES: Record<string, Record<Locale, string>> = {
  第二条: {
    zh: '超过约定、规定的动工开发日期满一年未动工开发，或已动工开发但开发面积不足三分之一或已投资额不足百分之二十五、中止开发建设满一年的国有建设用地，为闲置土地',
    en: 'land not started one full year after the agreed start date, or started but with less than one third developed or less than 25% invested and halted for one full year, is idle land',
  },
  第五条: {
    zh: '发现涉嫌闲置土地的，应当在三十日内开展调查核实，向国有建设用地使用权人发出《闲置土地调查通知书》',
    en: 'suspected idle land is investigated within thirty days and the holder is sent an idle-land investigation notice',
  },
  第八条: {
    zh: '因政府、政府有关部门的行为造成动工开发延迟的，依照第十二条、第十三条协商处置',
    en: 'where the delay is caused by the government or its departments, the land is disposed of by negotiation under Articles 12 and 13',
  },
  第九条: {
    zh: '经调查核实构成闲置土地的，向国有建设用地使用权人下达《闲置土地认定书》',
    en: 'land found idle after investigation is determined idle by an idle-land determination issued to the holder',
  },
  第十二条: {
    zh: '政府原因造成闲置的，协商选择延长动工开发期限、调整土地用途或规划条件、临时使用、协议有偿收回、置换土地等方式处置',
    en: 'idle land caused by the government is disposed of by agreement: extending the start date, changing the use or planning conditions, temporary use, buy-back, or replacement land',
  },
  第十四条: {
    zh: '除第八条情形外，未动工开发满一年的，按土地出让或者划拨价款的百分之二十征缴土地闲置费；满两年的，无偿收回国有建设用地使用权',
    en: 'except under Article 8, land idle one full year pays an idle-land fee of 20% of the land price; idle two full years, the land-use right is reclaimed without compensation',
  },
};

const ITEMS: Record<string, Record<string, Record<Locale, string>>> = {
  第十四条: {
    '（一）': { zh: '未动工开发满一年的，按土地出让或者划拨价款的百分之二十征缴土地闲置费', en: 'idle one full year: an idle-land fee of 20% of the land price' },
    '（二）': { zh: '未动工开发满两年的，无偿收回国有建设用地使用权', en: 'idle two full years: the land-use right is reclaimed without compensation' },
  },
};

export function article(article: string, item = ''): ArticleRef {
  const summary = (item && ITEMS[article]?.[item]) || ARTICLES[article] || { zh: '', en: '' };
  return { article, item, summary };
}

/**
 * The articles behind a finding, read from evaluate's `clause` (so they never disagree with it), with the item of
 * 第十四条 that the disposal applies.
 */
export function articlesOf(clause: string | null, disposal: Disposal | null): ArticleRef[] {
  if (!clause) return [];
  const found = clause.match(/第[一二三四五六七八九十百]+条/g) ?? [];
  return [...new Set(found)].map((a) => {
    if (a === '第十四条' && disposal === 'fee') return article(a, '（一）');
    if (a === '第十四条' && disposal === 'reclaim') return article(a, '（二）');
    return article(a);
  });
}

/** "第二条、第十四条（一）" for a cell or a sentence. */
export function articleList(refs: readonly ArticleRef[], locale: Locale): string {
  if (locale === 'zh') return refs.map((r) => `${r.article}${r.item}`).join('、');
  return refs.map((r) => `Art. ${ARTICLE_NUMBER[r.article] ?? r.article}${r.item ? `(${ITEM_NUMBER[r.item] ?? r.item})` : ''}`).join(', ');
}

const ARTICLE_NUMBER: Record<string, number> = { 第二条: 2, 第五条: 5, 第八条: 8, 第九条: 9, 第十二条: 12, 第十四条: 14 };
const ITEM_NUMBER: Record<string, number> = { '（一）': 1, '（二）': 2 };
