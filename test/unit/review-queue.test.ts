// Review queue and case view on the sample park at 2026-06-30, against data/README.md's cases and evaluate's figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCaseView, caseViewOf, parcelRecordIndex } from '../../src/core/review/case';
import { EMPTY_DECISIONS, recordDecision } from '../../src/core/review/decisions';
import { buildReviewQueue, describeReason, INEFFICIENT_RULES, queueOf, reviewItems, reviewItemsBuilder, REVIEW_GROUPS, type ReviewItem } from '../../src/core/review/queue';
import { calendarDays, evaluateSample, REVIEW_DATE, sampleParcelProperties } from '../fixtures/review/sample';

const expected = JSON.parse(readFileSync('test/fixtures/review/sample-queue-2026-06-30.json', 'utf8'));
const { layers, evaluation } = evaluateSample();
const parcel = (id: string) => evaluation.parcels.find((p) => p.id === id)!;

describe('review queue on the sample park at 2026-06-30', () => {
  const queue = buildReviewQueue(evaluation);

  it('lists the intentional cases in urgency order: reclaim, fee, negotiate, approaching, inefficient', () => {
    expect(queue.reviewDate).toBe(REVIEW_DATE);
    expect(queue.approachingDays).toBe(90);
    expect(queue.items.map((i) => [i.group, i.parcelId, i.dueOn])).toEqual(expected.items.map((i: ReviewItem) => [i.group, i.parcelId, i.dueOn]));
    // urgencyKey alone gives that order.
    const keys = queue.items.map((i) => i.urgencyKey);
    expect([...keys].sort()).toEqual(keys);
  });

  it('takes every figure from evaluate: area, enterprise, park, zone, disposal and dates', () => {
    for (const item of queue.items) {
      const p = parcel(item.parcelId);
      expect(item.areaMu).toBe(p.areaMu);
      expect([item.enterprise, item.park, item.zone, item.name, item.disposal]).toEqual([p.enterprise, p.park, p.zone, p.name, p.idle.disposal]);
      if (item.group === 'reclaim') expect(item.dueOn).toBe(p.idle.reclaimOn);
      else if (item.group !== 'inefficient') expect(item.dueOn).toBe(p.idle.idleOn);
      expect(item.daysUntilDue).toBe(item.dueOn === null ? null : calendarDays(REVIEW_DATE, item.dueOn));
    }
    const byId = new Map(queue.items.map((i) => [i.parcelId, i]));
    for (const e of expected.items) if (e.daysUntilDue !== undefined) expect(byId.get(e.parcelId)!.daysUntilDue).toBe(e.daysUntilDue);
  });

  it('gives the idle finding and each failed rule with value, threshold and source as reasons', () => {
    const rh027 = queue.items.find((i) => i.parcelId === 'RH-027')!;
    expect(rh027.reasons).toEqual([{ kind: 'idle', ...pick(parcel('RH-027').idle) }]);
    expect(rh027.reasons[0]).toMatchObject({ basis: 'halted', idleYears: 1, disposal: 'fee', since: '2025-06-30' });
    expect((rh027.reasons[0] as { feeWan: number }).feeWan).toBeCloseTo(0.2 * 398.55, 9);
    for (const e of expected.items) {
      const item = queue.items.find((i) => i.parcelId === e.parcelId)!;
      const rules = item.reasons.filter((r) => r.kind === 'rule');
      expect(rules.map((r) => (r as { rule: string }).rule)).toEqual(e.rules);
      expect(item.inefficient).toBe(e.rules.length > 0);
      for (const r of rules) {
        const c = parcel(item.parcelId).checks.find((x) => x.rule === (r as { rule: string }).rule)!;
        expect(r).toEqual({ kind: 'rule', rule: c.rule, value: c.value, threshold: c.threshold, op: c.op, source: c.source });
      }
    }
    const text = (id: string, locale: 'zh' | 'en') => queue.items.find((i) => i.parcelId === id)!.reasons.map((r) => describeReason(r, locale));
    expect(text('RH-038', 'zh')).toEqual(['容积率 0.999998 ≤ 1']); // deliberately at 1.0: shown with the digits that tell it apart
    expect(text('RH-101', 'en')).toEqual(['Investment intensity 150 < 230 10k CNY/mu', 'Building coverage 24% < 30%']);
    expect(text('RH-027', 'zh')).toEqual(['闲置 1 年（已动工但中止开发，自 2025-06-30），征收土地闲置费 79.71 万元，依据第二条、第十四条（一）']);
    // RH-101 also fails the green ratio, which is not an inefficiency rule.
    expect(parcel('RH-101').flags.map((f) => f.rule)).toContain('greenRatio');
    expect(INEFFICIENT_RULES).not.toContain('greenRatio');
  });

  it('marks a fee case whose second anniversary falls within the horizon (RH-139, 36 days)', () => {
    const rh139 = queue.items.find((i) => i.parcelId === 'RH-139')!;
    expect(rh139.approachingReclaim).toBe(true);
    expect(rh139.reasons[1]).toEqual({ kind: 'approaching_reclaim', reclaimOn: '2026-08-05', daysUntil: 36 });
    expect(queue.items.filter((i) => i.approachingReclaim).map((i) => i.parcelId)).toEqual(['RH-139']);
    expect(describeReason(rh139.reasons[1], 'zh')).toBe('2026-08-05 满两年，届时应无偿收回（还有 36 天）');
  });

  it('counts parcels and sums 亩 per group from evaluate\'s areas', () => {
    for (const g of REVIEW_GROUPS) {
      const ids = expected.items.filter((i: ReviewItem) => i.group === g).map((i: ReviewItem) => i.parcelId);
      const area = ids.reduce((s: number, id: string) => s + parcel(id).areaMu!, 0);
      expect(queue.groups[g].count).toBe(ids.length);
      expect(queue.groups[g].areaMu).toBeCloseTo(area, 9);
      expect(queue.groups[g].areaUnknown).toBe(0);
    }
    expect(queue.total.count).toBe(expected.items.length);
    // The park's own idle figures agree with the queue's idle groups.
    const park = evaluation.parks[0];
    expect(queue.groups.reclaim.count + queue.groups.fee.count + queue.groups.negotiate.count).toBe(park.idle.idleCount);
    expect(queue.groups.reclaim.areaMu + queue.groups.fee.areaMu + queue.groups.negotiate.areaMu).toBeCloseTo(park.idle.idleAreaMu, 6);
    expect(queue.groups.approaching.count).toBe(park.idle.approachingCount);
  });

  it('filters by park, zone, disposal, enterprise and group, and counts the filtered items', () => {
    expect(buildReviewQueue(evaluation, { filter: { parks: ['PARK-RH'] } }).total.count).toBe(22);
    expect(buildReviewQueue(evaluation, { filter: { parks: ['NOPE'] } }).items).toEqual([]);
    const dev = buildReviewQueue(evaluation, { filter: { zones: ['ZONE-RH-2'] } });
    expect(dev.items.every((i) => i.zone === 'ZONE-RH-2')).toBe(true);
    expect(dev.items.map((i) => i.parcelId)).toEqual(['RH-136', 'RH-167', 'RH-138', 'RH-139', 'RH-110', 'RH-114', 'RH-170', 'RH-135', 'RH-175', 'RH-117', 'RH-165']);
    const fee = buildReviewQueue(evaluation, { filter: { disposals: ['fee'] } });
    expect(fee.items.map((i) => i.parcelId)).toEqual(['RH-139', 'RH-110', 'RH-114', 'RH-170', 'RH-056', 'RH-027']);
    expect(fee.groups.fee.count).toBe(6);
    expect(fee.groups.reclaim.count).toBe(0);
    const ent = buildReviewQueue(evaluation, { filter: { enterprise: '酒业' } });
    expect(ent.items.map((i) => i.enterprise)).toEqual(['顺驰酒业有限公司', '丰瑞酒业有限公司']);
    expect(buildReviewQueue(evaluation, { filter: { groups: ['approaching'] } }).items.map((i) => i.parcelId)).toEqual(['RH-117', 'RH-165']);
    // Facets are taken before filtering, for the filter controls.
    expect(dev.facets.zones).toEqual(['ZONE-RH-1', 'ZONE-RH-2']);
    expect(dev.facets.disposals).toEqual(['fee', 'negotiate', 'none', 'reclaim']);
  });

  it('carries the decision in force and filters decided / open', () => {
    const r = recordDecision(EMPTY_DECISIONS, { parcelId: 'RH-027', kind: 'fee_notice', date: '2026-07-02', reference: '汝自然资闲〔2026〕3号' }, { now: '2026-07-02T08:00:00Z', reviewer: '王工' });
    if (!r.ok) throw new Error('not recorded');
    const q = buildReviewQueue(evaluation, { decisions: r.state });
    expect(q.items.find((i) => i.parcelId === 'RH-027')!.decision).toMatchObject({ kind: 'fee_notice', reference: '汝自然资闲〔2026〕3号' });
    expect(buildReviewQueue(evaluation, { decisions: r.state, filter: { decided: true } }).items.map((i) => i.parcelId)).toEqual(['RH-027']);
    expect(buildReviewQueue(evaluation, { decisions: r.state, filter: { decided: false } }).total.count).toBe(21);
  });

  it('items made once serve every filter and decision state, and stay as they were (the panel keeps them)', () => {
    const r = recordDecision(EMPTY_DECISIONS, { parcelId: 'RH-027', kind: 'fee_notice', date: '2026-07-02', reference: '汝自然资闲〔2026〕3号' }, { now: '2026-07-02T08:00:00Z', reviewer: '王工' });
    if (!r.ok) throw new Error('not recorded');
    const base = reviewItems(evaluation);
    const before = JSON.stringify(base.all);
    for (const options of [{ decisions: r.state }, { decisions: r.state, filter: { decided: true } }, { filter: { disposals: ['fee' as const] } }, {}]) {
      expect(queueOf(base, options)).toEqual(buildReviewQueue(evaluation, options));
    }
    expect(JSON.stringify(base.all)).toBe(before);
    expect(base.all.every((i) => i.decision === null)).toBe(true);
  });

  it('items built from parts (as the data worker sends results) equal those built at once', () => {
    for (const includeUndetermined of [false, true]) {
      const builder = reviewItemsBuilder(evaluation, { includeUndetermined });
      for (let i = 0; i < evaluation.parcels.length; i += 13) builder.add(evaluation.parcels.slice(i, i + 13));
      expect(builder.finish()).toEqual(reviewItems(evaluation, { includeUndetermined }));
    }
  });

  it('lists undetermined parcels only when asked', () => {
    const q = buildReviewQueue(evaluation, { includeUndetermined: true });
    expect(q.items.filter((i) => i.group === 'undetermined').map((i) => i.parcelId)).toEqual(expected.undetermined);
    expect(q.items.at(-1)!.group).toBe('undetermined');
    for (const id of expected.undetermined) expect(parcel(id).idle.isIdle).toBeNull();
  });

  it('follows evaluate\'s horizon: 200 days brings RH-109 (199 days) in, 30 days leaves RH-117, RH-165 and RH-139\'s reclaim out', () => {
    const wide = buildReviewQueue(evaluateSample({ approachingDays: 200 }).evaluation);
    expect(wide.approachingDays).toBe(200);
    expect(wide.items.filter((i) => i.group === 'approaching').map((i) => [i.parcelId, i.daysUntilDue])).toEqual([['RH-117', 51], ['RH-165', 72], ['RH-109', 199]]);
    const narrow = buildReviewQueue(evaluateSample({ approachingDays: 30 }).evaluation);
    expect(narrow.groups.approaching.count).toBe(0);
    expect(narrow.items.some((i) => i.approachingReclaim)).toBe(false);
  });

  it('moves with the review date: on 2026-08-05 RH-139 is due for reclaim, on 2026-08-20 RH-117 pays the fee', () => {
    const aug5 = buildReviewQueue(evaluateSample({ reviewDate: '2026-08-05' }).evaluation);
    expect(aug5.items.find((i) => i.parcelId === 'RH-139')).toMatchObject({ group: 'reclaim', dueOn: '2026-08-05', daysUntilDue: 0 });
    const aug20 = buildReviewQueue(evaluateSample({ reviewDate: '2026-08-20' }).evaluation);
    expect(aug20.items.find((i) => i.parcelId === 'RH-117')).toMatchObject({ group: 'fee', dueOn: '2026-08-20', daysUntilDue: 0 });
  });
});

function pick(i: { basis: unknown; since: unknown; idleYears: unknown; idleOn: unknown; reclaimOn: unknown; disposal: unknown; feeWan: unknown; clause: unknown }) {
  return { basis: i.basis, since: i.since, idleYears: i.idleYears, idleOn: i.idleOn, reclaimOn: i.reclaimOn, disposal: i.disposal, feeWan: i.feeWan, clause: i.clause };
}

describe('case view', () => {
  const records = parcelRecordIndex(layers);

  it('RH-027: halted 2025-06-30, 25% developed and 20% invested, idle one year on the review date, fee 20% of 398.55 万元', () => {
    const c = buildCaseView(evaluation, 'RH-027', records)!;
    const props = sampleParcelProperties('RH-027');
    const p = parcel('RH-027');
    expect(c.facts).toMatchObject({
      agreedStartDate: props.agreedStartDate, actualStartDate: props.actualStartDate, haltedSince: '2025-06-30', started: true,
      landPriceWan: 398.55, governmentCaused: false, developedShareMark: 1 / 3, investedShareMark: 0.25,
    });
    expect(c.facts.developedShare).toBeCloseTo((props.developedAreaM2 as number) / p.areaM2!, 12);
    expect(c.facts.investedShare).toBeCloseTo(2080.51 / 10402.55, 12);
    expect(c.determination).toMatchObject({
      isIdle: true, basis: 'halted', since: '2025-06-30', idleYears: 1, idleOn: '2026-06-30', reclaimOn: '2027-06-30',
      daysUntilIdle: 0, daysUntilReclaim: 365, disposal: 'fee', feeRate: 0.2, reclaimYears: 2, feeUnknown: false, clause: p.idle.clause, missing: [],
    });
    expect(c.determination.feeWan).toBe(p.idle.feeWan);
    expect(c.determination.feeWan).toBeCloseTo(79.71, 9);
    expect(c.determination.articles.map((a) => a.article + a.item)).toEqual(['第二条', '第十四条（一）']);
    expect(c.determination.articles[1].summary.zh).toContain('百分之二十');
  });

  it('everything follows the review date: at 2027-06-30 RH-027 is due for reclaim and owes no fee', () => {
    const later = evaluateSample({ reviewDate: '2027-06-30' });
    const c = buildCaseView(later.evaluation, 'RH-027', parcelRecordIndex(later.layers))!;
    expect(c.reviewDate).toBe('2027-06-30');
    expect(c.determination).toMatchObject({ idleYears: 2, disposal: 'reclaim', feeWan: 0, daysUntilReclaim: 0, daysUntilIdle: -365 });
    expect(c.determination.articles.map((a) => a.article + a.item)).toEqual(['第二条', '第十四条（二）']);
  });

  it('says which input is missing when the data cannot decide', () => {
    expect(buildCaseView(evaluation, 'RH-046', records)!.determination).toMatchObject({ isIdle: null, missing: ['developedAreaM2'] });
    expect(buildCaseView(evaluation, 'RH-115', records)!.determination).toMatchObject({ isIdle: null, missing: ['agreedStartDate'] });
    expect(buildCaseView(evaluation, 'RH-114', records)!.determination).toMatchObject({ disposal: 'fee', feeWan: null, feeUnknown: true });
  });

  it('RH-135: government cause → negotiate under 第八条, no fee; and the decision history comes along', () => {
    const r = recordDecision(EMPTY_DECISIONS, { parcelId: 'RH-135', kind: 'negotiate', negotiation: 'extend_start', date: '2026-07-01' }, { now: '2026-07-01T09:00:00Z', reviewer: '李工' });
    if (!r.ok) throw new Error('not recorded');
    const c = caseViewOf(parcel('RH-135'), REVIEW_DATE, records, r.state);
    expect(c.facts.governmentCaused).toBe(true);
    expect(c.determination).toMatchObject({ disposal: 'negotiate', feeWan: 0 });
    expect(c.determination.articles.map((a) => a.article)).toEqual(['第二条', '第八条']);
    expect(c.decision).toMatchObject({ kind: 'negotiate', negotiation: 'extend_start' });
    expect(c.history).toHaveLength(1);
    expect(buildCaseView(evaluation, 'NOPE', records)).toBeNull();
  });

  it('lists the efficiency checks (intensity, plot ratio, tax, coverage) with their sources', () => {
    const c = buildCaseView(evaluation, 'RH-101', records)!;
    expect(c.efficiency.map((x) => [x.rule, x.status])).toEqual([['investmentIntensity', 'fail'], ['plotRatio', 'pass'], ['buildingCoverage', 'fail']]);
  });
});
