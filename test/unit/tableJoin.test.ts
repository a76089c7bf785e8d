import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellValue, detectDelimiter, joinTable, parseCsv, readCsv, readXlsx, type AttributeTable } from '../../src/core/io/tableJoin';
import { readShapefileFiles } from '../../src/core/io/shapefile';

const dir = join(__dirname, '../fixtures/tables');
const load = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

function tableOf(r: Awaited<ReturnType<typeof readXlsx>>): AttributeTable {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.table;
}

// test/fixtures/tables/make.ts ROWS, as a reader must return them (numbers as numbers, blanks as null).
const COLUMNS = ['宗地编号', '企业名称', '总投资(万元)', '2023年税收(万元)', '约定开工日期', '备注'];
const EXPECTED = [
  { 宗地编号: 'RN-001', 企业名称: '汝南县宏达机械有限公司', '总投资(万元)': 12345.67, '2023年税收(万元)': 321.5, 约定开工日期: '2019-03-01', 备注: '一期已投产, "二期"在建\n三期规划中' },
  { 宗地编号: 'RN-002', 企业名称: '驻马店市天中物流有限公司', '总投资(万元)': 5000, '2023年税收(万元)': null, 约定开工日期: '2020-06-15', 备注: null },
  { 宗地编号: 'RN-002', 企业名称: '重复行', '总投资(万元)': 1, '2023年税收(万元)': 1, 约定开工日期: '2020-01-01', 备注: '重复' },
  { 宗地编号: 'RN-003', 企业名称: null, '总投资(万元)': null, '2023年税收(万元)': 12, 约定开工日期: null, 备注: '0101' },
  { 宗地编号: 'RN-999', 企业名称: '不存在的宗地', '总投资(万元)': 7, '2023年税收(万元)': 7, 约定开工日期: '2021-01-01', 备注: null },
  { 宗地编号: null, 企业名称: '没有编号', '总投资(万元)': 8, '2023年税收(万元)': 8, 约定开工日期: null, 备注: null },
];

describe('CSV', () => {
  it.each([
    ['investment.csv', 'utf-8', 'bom', ','],
    ['investment-gbk.csv', 'gbk', 'not-utf8', ';'],
    ['investment.txt', 'utf-8', 'valid-utf8', '\t'],
  ])('reads %s (%s by %s, separator %j): quotes, line breaks in quotes, numbers as numbers', (file, encoding, reason, delimiter) => {
    const r = readCsv(load(file), file);
    const table = tableOf(r);
    expect(table.encoding).toEqual({ encoding, reason });
    expect(table.delimiter).toBe(delimiter);
    expect(table.columns).toEqual(COLUMNS);
    expect(table.rows.map((row) => row.values)).toEqual(EXPECTED);
    // Line numbers count the line break inside the quoted remark of RN-001.
    expect(table.rows.map((row) => row.rowNumber)).toEqual([2, 4, 5, 6, 7, 8]);
    expect(r.problems).toEqual([]);
  });

  it('keeps codes as text and reads numbers', () => {
    expect([cellValue('0101'), cellValue('12'), cellValue('-0.5'), cellValue('1,234.5'), cellValue('123456789012345678'), cellValue(' '), cellValue('1e3'), cellValue('12%'), cellValue('0')])
      .toEqual(['0101', 12, -0.5, 1234.5, '123456789012345678', null, 1000, '12%', 0]);
  });

  it('parses CR-only line ends, escaped quotes, and reports a quote never closed', () => {
    expect(parseCsv('a,b\r1,"x""y"\r2,3', ',').rows.map((r) => r.fields)).toEqual([['a', 'b'], ['1', 'x"y'], ['2', '3']]);
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    const r = readCsv(new TextEncoder().encode('id,v\n1,"open\n2,3\n'), 'q.csv');
    expect(r.problems.find((p) => p.code === 'csv-quote')?.message.en).toMatch(/line 2 is never closed/);
  });
});

describe('XLSX', () => {
  it('reads a named sheet: header after a blank row, dates, formulas, rich text, numbers stored as text', async () => {
    const table = tableOf(await readXlsx(load('investment.xlsx'), 'investment.xlsx', { sheet: '投资' }));
    expect(table.sheet).toBe('投资');
    expect(table.columns).toEqual(COLUMNS);
    expect(table.rows.map((r) => r.values)).toEqual(EXPECTED);
    expect(table.rows[0].rowNumber).toBe(3);
  });
  it('reads the first sheet by default and names the sheets when one is missing', async () => {
    expect(tableOf(await readXlsx(load('investment.xlsx'), 'investment.xlsx')).sheet).toBe('说明');
    const missing = await readXlsx(load('investment.xlsx'), 'investment.xlsx', { sheet: '税收' });
    expect(!missing.ok && missing.problems[0].message.en).toBe('has no sheet "税收"; it has 说明, 投资');
  });
  it('refuses a zip that is not a workbook, and a damaged one, with a message', async () => {
    const shpZip = new Uint8Array(readFileSync(join(__dirname, '../fixtures/shapefile/parcels-utf8.zip')));
    const r = await readXlsx(shpZip, 'x.xlsx');
    expect(!r.ok && r.problems[0].code).toBe('xlsx-invalid');
    const cut = await readXlsx(load('investment.xlsx').subarray(0, 3000), 'cut.xlsx');
    expect(!cut.ok && cut.problems[0].code).toBe('zip-corrupt');
  });
});

describe('join', () => {
  const parcels = () => {
    const dirShp = join(__dirname, '../fixtures/shapefile');
    const r = readShapefileFiles(['shp', 'dbf'].map((e) => ({ name: `parcels-gbk-nocpg.${e}`, bytes: new Uint8Array(readFileSync(join(dirShp, `parcels-gbk-nocpg.${e}`))) })));
    if (!r.ok) throw new Error('fixture');
    return r.layers[0].features;
  };

  it('joins by key and reports matches, unmatched rows, features without a row, duplicates and rows without a key', () => {
    const table = tableOf(readCsv(load('investment.csv'), 'investment.csv'));
    const features = parcels();
    const before = JSON.stringify(features);
    const { features: joined, report, problems } = joinTable(features, table, { featureKey: '宗地编号', tableKey: '宗地编号', layerName: 'parcels' });
    expect(JSON.stringify(features)).toBe(before); // inputs untouched
    expect(report).toMatchObject({
      matchedRows: 3, matchedFeatures: 3, matchedIgnoringZeros: 0,
      unmatchedRows: [{ rowNumber: 7, key: 'RN-999' }],
      featuresWithoutRow: [{ index: 3, id: null, key: 'RN-004' }],
      duplicateKeys: [{ key: 'RN-002', rowNumbers: [4, 5] }],
      rowsWithoutKey: [8],
      columnsAdded: ['总投资(万元)', '2023年税收(万元)', '约定开工日期', '备注'],
    });
    // 企业名称 exists on the features: RN-001 and RN-002 carry the same names; RN-003 has an empty cell, which deletes nothing.
    expect(report.valuesOverwritten).toBe(0);
    expect(joined[0].properties).toMatchObject({ 宗地编号: 'RN-001', 投资额: 12345.67, '总投资(万元)': 12345.67, 备注: '一期已投产, "二期"在建\n三期规划中' });
    expect(joined[1].properties['2023年税收(万元)']).toBeUndefined(); // blank cell: nothing added
    expect(joined[2].properties).toMatchObject({ 企业名称: null, '2023年税收(万元)': 12, 备注: '0101' });
    expect(joined[3].properties).toEqual(features[3].properties);
    expect(problems.map((p) => p.code).sort()).toEqual(['join-duplicate-key', 'join-features-without-row', 'join-row-without-key', 'join-unmatched-rows']);
    expect(problems.find((p) => p.code === 'join-unmatched-rows')!.message.zh).toBe('有 1 行在 parcels 中找不到对应要素（按 宗地编号）：第 7 行 "RN-999"');
  });

  it('overwrites with a different value and counts it; matches keys Excel turned into numbers', () => {
    const table: AttributeTable = { file: 't.xlsx', sheet: 'x', columns: ['编号', '状态'], encoding: null, delimiter: null, rows: [
      { rowNumber: 2, values: { 编号: 101, 状态: '已完成' } },
      { rowNumber: 3, values: { 编号: '００２', 状态: '实施中' } }, // full-width digits
    ] };
    const features = [
      { type: 'Feature', id: 'a', properties: { 编号: '0101', 状态: '计划' } },
      { type: 'Feature', id: 'b', properties: { 编号: '002' } },
    ];
    const { features: joined, report } = joinTable(features, table, { featureKey: '编号', tableKey: '编号' });
    expect(joined.map((f) => f.properties.状态)).toEqual(['已完成', '实施中']);
    expect(report).toMatchObject({ matchedFeatures: 2, matchedIgnoringZeros: 1, valuesOverwritten: 1, columnsAdded: ['状态'] }); // new on feature b
    const byId = joinTable(features, { ...table, rows: [{ rowNumber: 2, values: { 编号: 'b', 状态: 'x' } }] }, { featureKey: '@id', tableKey: '编号' });
    expect(byId.features[1].properties.状态).toBe('x');
    const noKey = joinTable(features, table, { featureKey: '编号', tableKey: '宗地编号' });
    expect(noKey.problems[0]).toMatchObject({ code: 'join-key-missing', field: '宗地编号' });
  });
});
