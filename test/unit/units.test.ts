import { describe, expect, it } from 'vitest';
import { formatArea, formatNumber, formatPercent, formatWan, haToMu, m2ToHa, m2ToMu, muToM2, squareMeters, type Hectares, type Mu } from '../../src/core/units';

describe('units', () => {
  it('converts 亩, m² and 公顷 (1 亩 = 10000/15 m²)', () => {
    expect(m2ToMu(squareMeters(10000 / 15))).toBeCloseTo(1, 12);
    expect(m2ToMu(squareMeters(10000))).toBeCloseTo(15, 12);
    expect(muToM2(300 as Mu)).toBeCloseTo(200000, 6);
    expect(m2ToHa(squareMeters(12345))).toBe(1.2345);
    expect(haToMu(1 as Hectares)).toBeCloseTo(15, 12);
  });

  it('formats for zh and en, and shows missing values as a dash', () => {
    expect(formatArea(squareMeters(200000), 'mu', 'zh')).toBe('300.00 亩');
    expect(formatArea(squareMeters(1234567.8), 'm2', 'en')).toBe('1,234,568 m²');
    expect(formatArea(squareMeters(1234567.8), 'ha', 'zh')).toBe('123.4568 公顷');
    expect(formatArea(null, 'mu', 'zh')).toBe('—');
    expect(formatWan(12345.678, 'zh')).toBe('12,345.68 万元');
    expect(formatWan(12345.678, 'en')).toBe('123.46 M CNY');
    expect(formatPercent(0.3, 'en')).toBe('30.0%');
    expect(formatNumber(Number.NaN, 'zh')).toBe('—');
    expect(formatNumber(Infinity, 'en')).toBe('—');
  });
});
