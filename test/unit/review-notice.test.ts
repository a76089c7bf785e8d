// Notice drafts: filled from the case view, a complete printable document, every value and all template text escaped.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { buildCaseView, parcelRecordIndex } from '../../src/core/review/case';
import { draftNotice, escapeHtml, NOTICE_PLACEHOLDERS, NOTICE_TEMPLATES, noticeValues, placeholdersOf, renderNotice } from '../../src/core/review/notice';
import { evaluateSample, loadLayers } from '../fixtures/review/sample';

const { layers, evaluation } = evaluateSample();
const records = parcelRecordIndex(layers);
const rh027 = buildCaseView(evaluation, 'RH-027', records)!;
const options = { locale: 'zh' as const, authority: '汝河市自然资源和规划局', reference: '汝自然资闲调〔2026〕7号', issueDate: '2026-07-06', parkName: '汝河产业集聚区' };

/** The visible text of the document body: tags dropped, entities decoded. */
function text(html: string): string {
  const body = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return body.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('notice drafts', () => {
  it('fills the investigation notice (第五条) for RH-027 from the case view', () => {
    const n = draftNotice('investigation', rh027, options);
    expect(n.unknownPlaceholders).toEqual([]);
    expect(n.missingValues).toEqual([]);
    expect(n.title).toBe('闲置土地调查通知书');
    const t = text(n.html);
    for (const s of ['RH-027', '丰瑞酒业有限公司', '丰瑞年产16000吨白酒项目', '汝河产业集聚区', '28.77 亩', '2023年1月31日', '2023年5月1日', '2025年6月30日',
      '已动工但中止开发', '第五条', '30日内', '汝河市自然资源和规划局', '2026年7月6日', '汝自然资闲调〔2026〕7号']) {
      expect(t).toContain(s);
    }
    expect(t).toContain('自2025年6月30日起中止开发建设，已开发面积占25.0%，不足三分之一；已投资额占总投资额20.0%，不足百分之二十五，已满1年，构成闲置土地。');
  });

  it('fills the determination (第九条) with the fee of 20% of the land price and the clause', () => {
    const n = draftNotice('determination', rh027, options);
    const t = text(n.html);
    expect(n.title).toBe('闲置土地认定书');
    expect(t).toContain('按土地出让或者划拨价款398.55万元的百分之二十，征缴土地闲置费79.71万元');
    expect(t).toContain('《闲置土地处置办法》（国土资源部令第53号）第二条、第十四条（一）');
    expect(t).toContain('1 年（截至 2026年6月30日）');
  });

  it('is a complete A4 print document that runs nothing', () => {
    const { html } = draftNotice('determination', rh027, options);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/<\/main>\n<\/body>\n<\/html>\n$/);
    expect(html).not.toMatch(/<script|<img|<link|<iframe|\son\w+=/i);
  });

  it('escapes hostile values: markup in enterprise and name prints as text', () => {
    const hostile = loadLayers(['test/fixtures/review/hostile-parcels.geojson']);
    const e = evaluate(hostile, { reviewDate: '2026-06-30' });
    const c = buildCaseView(e, 'H-1', parcelRecordIndex(hostile))!;
    expect(c.enterprise).toBe('<img src=x onerror=alert(1)>');
    const n = draftNotice('investigation', c, options);
    expect(n.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(n.html).toContain('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;');
    expect(n.html).not.toMatch(/<img|<script/i);
    expect(text(n.html)).toContain('<img src=x onerror=alert(1)>：');
    // A value that looks like a placeholder is printed as it is, never filled in again.
    const h5 = draftNotice('investigation', buildCaseView(e, 'H-5', parcelRecordIndex(hostile))!, options);
    expect(text(h5.html)).toContain('{{parcelId}} 与 {{enterprise}}');
    expect(h5.unknownPlaceholders).toEqual([]);
  });

  it('escapes the template too, and the <title>', () => {
    const n = renderNotice('# <b>{{enterprise}}</b> & co\n<script>alert(1)</script>\n| <td> | {{parcelId}} |', { enterprise: '"A&B"', parcelId: 'X<1>' }, 'en');
    expect(n.html).toContain('<h1>&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &amp; co</h1>');
    expect(n.html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(n.html).toContain('<tr><td>&lt;td&gt;</td><td>X&lt;1&gt;</td></tr>');
    expect(n.html).toContain('<title>&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &amp; co X&lt;1&gt;</title>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('reports unknown placeholders and leaves blanks for missing values', () => {
    const n = renderNotice('致 {{enterprise}}：{{ parcelId }} {{foo}} {{ bar_2 }} {{toString}} {{reference}}', { enterprise: '甲公司', parcelId: 'RH-1', reference: null }, 'zh');
    expect(n.unknownPlaceholders).toEqual(['foo', 'bar_2', 'toString']);
    expect(n.missingValues).toEqual(['reference']);
    expect(text(n.html).trim()).toBe('致 甲公司：RH-1 {{foo}} {{ bar_2 }} {{toString}} ＿＿＿＿＿＿');
    // A draft without a reference number or authority leaves them to be filled by hand.
    const draft = draftNotice('investigation', rh027, { locale: 'zh' });
    expect(draft.missingValues.sort()).toEqual(['authority', 'issueDate', 'reference']);
  });

  it('provides every placeholder the default templates use, in both languages', () => {
    const values = noticeValues(rh027, { ...options, locale: 'en' });
    expect(Object.keys(values).sort()).toEqual([...NOTICE_PLACEHOLDERS].sort());
    for (const kind of ['investigation', 'determination'] as const) {
      for (const locale of ['zh', 'en'] as const) {
        for (const name of placeholdersOf(NOTICE_TEMPLATES[kind][locale])) expect(NOTICE_PLACEHOLDERS).toContain(name);
        expect(draftNotice(kind, rh027, { ...options, locale }).unknownPlaceholders).toEqual([]);
      }
    }
    const en = draftNotice('determination', rh027, { ...options, locale: 'en' });
    expect(en.html).toContain('<html lang="en">');
    expect(text(en.html)).toContain('Under Article 14(1), an idle-land fee of 20% of the land price of 398.55 (10k CNY) is due: 79.71 (10k CNY).');
  });

  it('words each finding: not started, government cause, reclaim, undetermined', () => {
    const t = (id: string, kind: 'investigation' | 'determination' = 'determination') => text(draftNotice(kind, buildCaseView(evaluation, id, records)!, options).html);
    expect(t('RH-136')).toContain('该宗地约定于2023年9月1日动工开发，截至2026年6月30日未动工开发，已满2年，构成闲置土地。');
    expect(t('RH-136')).toContain('依据第十四条（二），报经有批准权的人民政府批准后，无偿收回国有建设用地使用权。');
    expect(t('RH-135')).toContain('第八条');
    expect(t('RH-114')).toContain('土地价款缺失，金额待核定');
    expect(t('RH-117', 'investigation')).toContain('尚不满一年，将于2026年8月20日满一年。');
    expect(t('RH-115', 'investigation')).toContain('现有资料不足以认定该宗地是否闲置');
  });
});
