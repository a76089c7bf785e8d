import { describe, expect, it } from 'vitest';
import { addYears, daysBetween, isoFromExcelSerial, readDate, wholeYearsBetween } from '../../src/core/dates';

describe('readDate', () => {
  it.each([
    ['2020-01-05', '2020-01-05'],
    ['2020/1/5', '2020-01-05'],
    ['2020.1.5', '2020-01-05'],
    ['2020年1月5日', '2020-01-05'],
    ['2020 年 12 月 31 日', '2020-12-31'],
    ['20200105', '2020-01-05'],
    ['2020-01-05T00:00:00Z', '2020-01-05'],
    [43835, '2020-01-05'],
    ['43835', '2020-01-05'],
    [1, '1900-01-01'],
    [61, '1900-03-01'],
  ])('reads %j as %s', (input, expected) => {
    expect(readDate(input)).toEqual({ status: 'ok', date: expected });
  });

  it.each([['2021-02-29'], ['2020-13-01'], ['2020/4/31'], ['next year'], [true], [60], [-5], ['1900年2月29日']])('rejects %j', (input) => {
    expect(readDate(input).status).toBe('invalid');
  });

  it.each([[null], [undefined], [''], ['   ']])('treats %j as missing', (input) => {
    expect(readDate(input)).toEqual({ status: 'missing' });
  });
});

describe('year arithmetic', () => {
  it('puts the anniversary of 29 February on 28 February in a common year (民法典 第二百零二条)', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-03-01', 1)).toBe('2024-03-01');
  });

  it('counts a year as full on its anniversary', () => {
    expect(wholeYearsBetween('2024-06-30', '2025-06-29')).toBe(0);
    expect(wholeYearsBetween('2024-06-30', '2025-06-30')).toBe(1);
    expect(wholeYearsBetween('2024-06-30', '2026-06-30')).toBe(2);
    expect(wholeYearsBetween('2024-02-29', '2025-02-27')).toBe(0);
    expect(wholeYearsBetween('2024-02-29', '2025-02-28')).toBe(1);
    expect(wholeYearsBetween('2024-02-29', '2028-02-28')).toBe(3);
    expect(wholeYearsBetween('2024-02-29', '2028-02-29')).toBe(4);
  });

  it('gives 0 when the review date is before the start', () => {
    expect(wholeYearsBetween('2026-01-01', '2025-01-01')).toBe(0);
  });

  it('counts days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(isoFromExcelSerial(45000)).toBe('2023-03-15');
  });
});

describe('wholeYearsBetween against its definition', async () => {
  const fc = (await import('fast-check')).default;
  const { isoFromParts, daysInMonth } = await import('../../src/core/dates');
  const date = fc.tuple(fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
    .map(([y, m, d]) => isoFromParts(y, m, Math.min(d, daysInMonth(y, m)))!);
  it('is the largest n whose n-th anniversary is on or before the date', () => {
    fc.assert(fc.property(date, date, (since, until) => {
      let n = 0;
      while (addYears(since, n + 1) <= until) n++;
      expect(wholeYearsBetween(since, until)).toBe(until < since ? 0 : n);
    }), { numRuns: 3000 });
  });
});
