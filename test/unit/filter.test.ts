import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFilter, filterIds, parseFilter, type FilterRow } from '../../src/core/filter';

const dir = new URL('../fixtures/filter/', import.meta.url);
const rows = (JSON.parse(readFileSync(new URL('rows.json', dir), 'utf8')) as { rows: FilterRow[] }).rows;
const expected = (JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { cases: Array<[string, string[]]> }).cases;

describe('filter expressions (fixtures in → ids out)', () => {
  it.each(expected)('%s', (expression, ids) => {
    const parsed = parseFilter(expression);
    if (!parsed.ok) throw new Error(parsed.error.message.en);
    expect(filterIds(rows, parsed.clauses)).toEqual(ids);
  });
});

describe('filter errors name the problem in both languages', () => {
  it.each([
    ['投资强度 <', 'no-value'],
    ['foo bar < 3', 'unknown-field'],
    ['容积率 > 3 亩', 'unit-mismatch'],
    ['面积 > 3 斤', 'unknown-unit'],
    ['< 230', 'unknown-field'],
    ['投资强度 < 230 且', 'empty-clause'],
    ['容积率 > abc', 'bad-number'],
  ])('%s → %s', (expression, code) => {
    const parsed = parseFilter(expression);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message.zh.length).toBeGreaterThan(4);
    expect(parsed.error.message.en.length).toBeGreaterThan(4);
  });
});

describe('describeFilter', () => {
  it('reads the filter back in the user language', () => {
    const p = parseFilter('≥ 300 亩, 建筑系数 < 30, idle');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(describeFilter(p.clauses, 'zh')).toBe('面积 ≥ 300 亩 且 建筑系数 < 30% 且 闲置');
    expect(describeFilter(p.clauses, 'en')).toBe('area ≥ 300 mu and building coverage < 30% and idle');
  });
});
