import { describe, expect, it } from 'vitest';
import { checkParcel, flagsOf, plotRatioThreshold } from '../../src/core/rules/control';
import { DEFAULT_RULESET, passes, readRuleSet, rulesForPark } from '../../src/core/rules/ruleset';
import { parcelMetrics } from '../../src/core/metrics/parcel';
import type { ParcelRecord } from '../../src/core/schema/fields';

// 100 亩 exactly, so a figure per 亩 is the input ÷ 100.
const AREA_M2 = 100 / 0.0015;
const rules = DEFAULT_RULESET.rules;

const parcel = (over: Partial<ParcelRecord>): ParcelRecord => ({
  id: 'T', name: null, enterprise: null, landUse: 'industrial', industry: null, industryCode: null, isLeadingIndustry: null,
  investmentWan: null, floorAreaM2: null, footprintAreaM2: null, greenAreaM2: null, supportLandM2: null, supportFloorAreaM2: null,
  revenueWan: null, taxWan: null, landPriceWan: null, agreedStartDate: null, actualStartDate: null, haltedSince: null,
  developedAreaM2: null, plannedInvestmentWan: null, investedWan: null, governmentCaused: false, park: null, ...over,
});

function statusOf(rule: string, over: Partial<ParcelRecord>, parkClass: 'central' | 'county' | null = 'central', areaM2 = AREA_M2) {
  const p = parcel(over);
  const c = checkParcel(p, parcelMetrics(p, areaM2), rules, parkClass).find((x) => x.rule === rule);
  return c ? { status: c.status, value: c.value === null ? null : Number(c.value.toFixed(6)), threshold: c.threshold } : undefined;
}

describe('control indicators, just below, at and just above each threshold', () => {
  it('investment intensity ≥ 230 万元/亩 in a central-city park (seed 000 三.1)', () => {
    expect(statusOf('investmentIntensity', { investmentWan: 22999 })).toEqual({ status: 'fail', value: 229.99, threshold: 230 });
    expect(statusOf('investmentIntensity', { investmentWan: 23000 })).toEqual({ status: 'pass', value: 230, threshold: 230 });
    expect(statusOf('investmentIntensity', { investmentWan: 23001 })).toEqual({ status: 'pass', value: 230.01, threshold: 230 });
  });

  it('investment intensity ≥ 216 万元/亩 in a county park', () => {
    expect(statusOf('investmentIntensity', { investmentWan: 21599 }, 'county')?.status).toBe('fail');
    expect(statusOf('investmentIntensity', { investmentWan: 21600 }, 'county')).toEqual({ status: 'pass', value: 216, threshold: 216 });
    expect(statusOf('investmentIntensity', { investmentWan: 21601 }, 'county')?.status).toBe('pass');
  });

  it('does not evaluate intensity without a park class, and does not add the land price', () => {
    expect(statusOf('investmentIntensity', { investmentWan: 10 }, null)?.status).toBe('not_evaluated');
    expect(statusOf('investmentIntensity', { investmentWan: 22000, landPriceWan: 5000 })?.value).toBe(220);
  });

  it('plot ratio > 1.0 is strict: 1.0 fails (seed 000 三.1)', () => {
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 0.999 })?.status).toBe('fail');
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 })).toEqual({ status: 'fail', value: 1, threshold: 1 });
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 1.001 })?.status).toBe('pass');
  });

  it('plot ratio by industry code from the 2008 national table (≥, inclusive)', () => {
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 0.599, industryCode: '26' })).toEqual({ status: 'fail', value: 0.599, threshold: 0.6 });
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 0.6, industryCode: '26' })).toEqual({ status: 'pass', value: 0.6, threshold: 0.6 });
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 1.0, industryCode: '13' })).toEqual({ status: 'pass', value: 1, threshold: 1 });
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 0.5, industryCode: '25' })?.status).toBe('pass');
    // 38 is not in the 2008 table: the seed's strict > 1.0 applies.
    expect(statusOf('plotRatio', { floorAreaM2: AREA_M2 * 1.0, industryCode: '38' })?.status).toBe('fail');
    expect(plotRatioThreshold(rules, '17').t).toEqual({ op: '>=', value: 0.8 });
    expect(plotRatioThreshold(rules, null).t).toEqual({ op: '>', value: 1 });
  });

  it('building coverage ≥ 30%', () => {
    expect(statusOf('buildingCoverage', { footprintAreaM2: AREA_M2 * 0.299 })?.status).toBe('fail');
    expect(statusOf('buildingCoverage', { footprintAreaM2: AREA_M2 * 0.3 })).toEqual({ status: 'pass', value: 0.3, threshold: 0.3 });
    expect(statusOf('buildingCoverage', { footprintAreaM2: AREA_M2 * 0.301 })?.status).toBe('pass');
  });

  it('green ratio ≤ 20%', () => {
    expect(statusOf('greenRatio', { greenAreaM2: AREA_M2 * 0.199 })?.status).toBe('pass');
    expect(statusOf('greenRatio', { greenAreaM2: AREA_M2 * 0.2 })).toEqual({ status: 'pass', value: 0.2, threshold: 0.2 });
    expect(statusOf('greenRatio', { greenAreaM2: AREA_M2 * 0.201 })?.status).toBe('fail');
  });

  it('support-facility land share ≤ 7%, apportioned by floor share when not measured', () => {
    expect(statusOf('supportLandShare', { supportLandM2: AREA_M2 * 0.069 })?.status).toBe('pass');
    expect(statusOf('supportLandShare', { supportLandM2: AREA_M2 * 0.07 })).toEqual({ status: 'pass', value: 0.07, threshold: 0.07 });
    expect(statusOf('supportLandShare', { supportLandM2: AREA_M2 * 0.071 })?.status).toBe('fail');
    expect(statusOf('supportLandShare', { floorAreaM2: 1000, supportFloorAreaM2: 80 })).toEqual({ status: 'fail', value: 0.08, threshold: 0.07 });
    expect(statusOf('supportLandShare', { floorAreaM2: 1000 })?.status).toBe('missing');
  });

  it('non-production floor share ≤ 15% (seed 001 十七)', () => {
    expect(statusOf('supportFloorShare', { floorAreaM2: 1000, supportFloorAreaM2: 149 })?.status).toBe('pass');
    expect(statusOf('supportFloorShare', { floorAreaM2: 1000, supportFloorAreaM2: 150 })).toEqual({ status: 'pass', value: 0.15, threshold: 0.15 });
    expect(statusOf('supportFloorShare', { floorAreaM2: 1000, supportFloorAreaM2: 151 })?.status).toBe('fail');
  });

  it('large project review for parcels ≥ 300 亩, on any land use (seed 000 三.2)', () => {
    const mu = (m: number) => m / 0.0015;
    expect(statusOf('largeProject', { landUse: 'warehouse' }, 'central', mu(299.9))?.status).toBe('pass');
    expect(statusOf('largeProject', { landUse: 'warehouse' }, 'central', mu(300))).toEqual({ status: 'fail', value: 300, threshold: 300 });
    expect(statusOf('largeProject', { landUse: 'residential' }, 'central', mu(300.1))?.status).toBe('fail');
  });

  it('applies control indicators only to industrial land', () => {
    const p = parcel({ landUse: 'commercial', investmentWan: 1, floorAreaM2: 1 });
    expect(checkParcel(p, parcelMetrics(p, AREA_M2), rules, 'central').map((c) => c.rule)).toEqual(['largeProject']);
  });

  it('marks missing inputs missing, not passing or failing, and flags only failures', () => {
    const p = parcel({ investmentWan: 1000 });
    const checks = checkParcel(p, parcelMetrics(p, AREA_M2), rules, 'central');
    expect(checks.find((c) => c.rule === 'plotRatio')?.status).toBe('missing');
    const flags = flagsOf(checks);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'investmentIntensity', threshold: 230, op: '>=', source: rules.investmentIntensity.source });
    expect(flags[0].value).toBeCloseTo(10, 9);
  });

  it('keeps tax per 亩 off by default', () => {
    expect(statusOf('taxPerMu', { taxWan: 1 })).toBeUndefined();
  });
});

describe('rules files', () => {
  it('passes at the threshold for inclusive operators and fails for strict ones', () => {
    expect([passes(1, { op: '>=', value: 1 }), passes(1, { op: '>', value: 1 }), passes(1, { op: '<=', value: 1 }), passes(1, { op: '<', value: 1 })]).toEqual([true, false, true, false]);
  });

  it('cites a source for every rule of the default preset', () => {
    for (const [name, rule] of Object.entries(DEFAULT_RULESET.rules)) expect(rule.source.length, name).toBeGreaterThan(10);
  });

  it('completes a partial file from the preset and applies per-park overrides', () => {
    const r = readRuleSet({ rules: { buildingCoverage: { value: 0.4 } }, parks: { 'PK-2': { investmentIntensity: { byParkClass: { county: { value: 250 } } } } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rules.buildingCoverage).toMatchObject({ op: '>=', value: 0.4 });
    expect(rulesForPark(r.value, 'PK-2').investmentIntensity.byParkClass.county).toEqual({ op: '>=', value: 250 });
    expect(rulesForPark(r.value, 'PK-1').investmentIntensity.byParkClass.county).toEqual({ op: '>=', value: 216 });
  });

  it('rejects a rules file with a bad operator or value, saying where', () => {
    const r = readRuleSet({ rules: { greenRatio: { op: '=>', value: 'x' } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'rules.greenRatio.op must be one of >= > <= <, found "=>"',
      'rules.greenRatio.value must be a number, found "x"',
    ]);
  });
});

describe('compliance', async () => {
  const { complianceOf } = await import('../../src/core/rules/control');
  const checksOf = (over: Partial<ParcelRecord>, areaM2 = AREA_M2) => {
    const p = parcel(over);
    return checkParcel(p, parcelMetrics(p, areaM2), rules, 'central');
  };
  const good = { investmentWan: 30000, floorAreaM2: AREA_M2 * 1.2, footprintAreaM2: AREA_M2 * 0.5, greenAreaM2: AREA_M2 * 0.1, supportLandM2: AREA_M2 * 0.05, supportFloorAreaM2: AREA_M2 * 0.1 };
  it('passes a parcel meeting every control indicator, even when it is a large project to review', () => {
    expect(complianceOf(checksOf(good))).toBe('pass');
    const big = 400 / 0.0015;
    expect(complianceOf(checksOf({ ...good, investmentWan: 300 * 400, floorAreaM2: big * 1.2, footprintAreaM2: big * 0.5, greenAreaM2: big * 0.1, supportLandM2: big * 0.05 }, big))).toBe('pass');
  });
  it('fails on any shortfall, and says missing when an input is unknown but nothing fails', () => {
    expect(complianceOf(checksOf({ ...good, investmentWan: 1000 }))).toBe('fail');
    expect(complianceOf(checksOf({ ...good, greenAreaM2: null }))).toBe('missing');
    expect(complianceOf(checksOf({ ...good, greenAreaM2: null, investmentWan: 1000 }))).toBe('fail');
  });
});
