import { describe, expect, it } from 'vitest';
import { determineIdle, type IdleInput } from '../../src/core/rules/idle';

const R = '2026-06-30';
const LAW = '《闲置土地处置办法》(国土资源部令第53号)';
const AREA = 30000;
const base: IdleInput = {
  landPriceWan: 1000, agreedStartDate: null, actualStartDate: null, haltedSince: null,
  developedAreaM2: null, plannedInvestmentWan: null, investedWan: null, governmentCaused: false,
};
const p = (over: Partial<IdleInput>): IdleInput => ({ ...base, ...over });

describe('idle land, route not_started (第二条)', () => {
  it('is not idle the day before the first anniversary, and says when it will be', () => {
    expect(determineIdle(p({ agreedStartDate: '2025-07-01' }), AREA, R)).toEqual({
      isIdle: false, basis: 'not_started', since: '2025-07-01', idleYears: 0, idleOn: '2026-07-01', reclaimOn: '2027-07-01',
      disposal: 'none', feeWan: 0, clause: `${LAW}第二条`,
    });
  });

  it('is idle on the first anniversary: fee of 20% of the land price (第十四条)', () => {
    expect(determineIdle(p({ agreedStartDate: '2025-06-30' }), AREA, R)).toEqual({
      isIdle: true, basis: 'not_started', since: '2025-06-30', idleYears: 1, idleOn: '2026-06-30', reclaimOn: '2027-06-30',
      disposal: 'fee', feeWan: 200, clause: `${LAW}第二条、第十四条`,
    });
  });

  it('is reclaimed on the second anniversary', () => {
    const r = determineIdle(p({ agreedStartDate: '2024-06-30' }), AREA, R);
    expect([r.isIdle, r.idleYears, r.disposal, r.feeWan]).toEqual([true, 2, 'reclaim', 0]);
    const dayBefore = determineIdle(p({ agreedStartDate: '2024-07-01' }), AREA, R);
    expect([dayBefore.idleYears, dayBefore.disposal, dayBefore.feeWan]).toEqual([1, 'fee', 200]);
  });

  it('counts a 29 February start from 28 February in common years', () => {
    const r1 = determineIdle(p({ agreedStartDate: '2024-02-29' }), AREA, '2025-02-28');
    expect([r1.isIdle, r1.idleYears, r1.idleOn, r1.reclaimOn, r1.disposal]).toEqual([true, 1, '2025-02-28', '2026-02-28', 'fee']);
    const r0 = determineIdle(p({ agreedStartDate: '2024-02-29' }), AREA, '2025-02-27');
    expect([r0.isIdle, r0.idleYears]).toEqual([false, 0]);
  });

  it('leaves the fee null when the land price is missing', () => {
    const r = determineIdle(p({ agreedStartDate: '2025-01-01', landPriceWan: null }), AREA, R);
    expect([r.isIdle, r.disposal, r.feeWan]).toEqual([true, 'fee', null]);
  });

  it('negotiates, with no fee, when the government caused the delay (第八条)', () => {
    for (const agreed of ['2025-01-01', '2023-01-01']) {
      const r = determineIdle(p({ agreedStartDate: agreed, governmentCaused: true }), AREA, R);
      expect([r.isIdle, r.disposal, r.feeWan, r.clause]).toEqual([true, 'negotiate', 0, `${LAW}第二条、第八条`]);
    }
  });

  it('is unknown when the agreed start date is missing', () => {
    expect(determineIdle(p({}), AREA, R)).toEqual({
      isIdle: null, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: null, feeWan: null, clause: null,
    });
  });

  it('does not count a start recorded after the review date', () => {
    const r = determineIdle(p({ agreedStartDate: '2024-01-01', actualStartDate: '2026-08-01' }), AREA, R);
    expect([r.isIdle, r.basis, r.disposal]).toEqual([true, 'not_started', 'reclaim']);
  });

  it('gives 0 whole years when the review date is before the agreed start', () => {
    const r = determineIdle(p({ agreedStartDate: '2027-01-01' }), AREA, R);
    expect([r.isIdle, r.idleYears, r.idleOn]).toEqual([false, 0, '2028-01-01']);
  });
});

describe('idle land, route halted (第二条)', () => {
  const started = { agreedStartDate: null, actualStartDate: '2022-03-01', haltedSince: '2025-05-01' };

  it('is idle when less than a third is developed, even with investment unknown', () => {
    const r = determineIdle(p({ ...started, developedAreaM2: 9999 }), AREA, R);
    expect(r).toEqual({
      isIdle: true, basis: 'halted', since: '2025-05-01', idleYears: 1, idleOn: '2026-05-01', reclaimOn: '2027-05-01',
      disposal: 'fee', feeWan: 200, clause: `${LAW}第二条、第十四条`,
    });
  });

  it('is idle when less than 25% is invested, even with the developed area unknown', () => {
    const r = determineIdle(p({ ...started, haltedSince: '2024-01-01', plannedInvestmentWan: 10000, investedWan: 2499 }), AREA, R);
    expect([r.isIdle, r.basis, r.idleYears, r.disposal]).toEqual([true, 'halted', 2, 'reclaim']);
  });

  it('is not idle at exactly one third developed and 25% invested', () => {
    const r = determineIdle(p({ ...started, developedAreaM2: 10000, plannedInvestmentWan: 10000, investedWan: 2500 }), AREA, R);
    expect(r).toEqual({ isIdle: false, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: 'none', feeWan: 0, clause: null });
  });

  it('is unknown when one test is unknown and the other is not below its mark', () => {
    expect(determineIdle(p({ ...started, developedAreaM2: 20000 }), AREA, R).isIdle).toBeNull();
    expect(determineIdle(p({ ...started }), AREA, R).isIdle).toBeNull();
    expect(determineIdle(p({ ...started, plannedInvestmentWan: 0, investedWan: 0 }), AREA, R).isIdle).toBeNull();
  });

  it('does not need the agreed start date', () => {
    expect(determineIdle(p({ ...started, investedWan: 0, plannedInvestmentWan: 100 }), AREA, R).basis).toBe('halted');
  });

  it('ignores a halt recorded after the review date', () => {
    const r = determineIdle(p({ ...started, haltedSince: '2026-07-01', developedAreaM2: 0 }), AREA, R);
    expect([r.isIdle, r.basis, r.disposal]).toEqual([false, null, 'none']);
  });

  it('is not idle when started and not halted', () => {
    const r = determineIdle(p({ agreedStartDate: '2020-01-01', actualStartDate: '2020-03-01', developedAreaM2: 0 }), AREA, R);
    expect([r.isIdle, r.basis, r.disposal, r.feeWan, r.clause]).toEqual([false, null, 'none', 0, null]);
  });

  it('negotiates a halted parcel whose delay the government caused', () => {
    const r = determineIdle(p({ ...started, haltedSince: '2023-01-01', developedAreaM2: 0, governmentCaused: true }), AREA, R);
    expect([r.isIdle, r.basis, r.idleYears, r.disposal, r.feeWan]).toEqual([true, 'halted', 3, 'negotiate', 0]);
  });
});
