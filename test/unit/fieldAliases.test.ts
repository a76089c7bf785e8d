import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAliases, suggestAliases, unitConversion, type AliasMapping } from '../../src/core/io/fieldAliases';
import { readShapefileFiles, readShapefileZip, writeShapefileZip } from '../../src/core/io/shapefile';
import { validateLayer } from '../../src/core/schema/validate';
import type { LayerKind } from '../../src/core/schema/types';

const target = (name: string, kind: LayerKind) => suggestAliases([name], kind).mappings[0]?.target ?? null;
const shp = (base: string, exts: string[]) => {
  const dir = join(__dirname, '../fixtures/shapefile');
  return exts.map((e) => ({ name: `${base}.${e}`, bytes: new Uint8Array(readFileSync(join(dir, `${base}.${e}`))) }));
};

describe('suggestAliases', () => {
  it.each([
    ['parcel', { declaredAreaM2: ['面积', '用地面积', '宗地面积'], investmentWan: ['投资额', '固定资产投资', '总投资'], enterprise: ['企业名称', '单位名称', '权利人', '用地单位'],
      landUse: ['用地性质', '土地用途', '地类'], industry: ['行业'], industryCode: ['行业代码'], floorAreaM2: ['建筑面积', '总建筑面积'], footprintAreaM2: ['建筑基底面积', '建筑占地'],
      greenAreaM2: ['绿地面积'], taxWan: ['税收', '纳税额'], revenueWan: ['营业收入', '主营业务收入'], landPriceWan: ['土地价款', '出让价款'],
      agreedStartDate: ['约定开工日期', '合同约定开工时间'], actualStartDate: ['实际开工日期'], haltedSince: ['停工日期'], governmentCaused: ['是否政府原因'],
      id: ['宗地编号', 'ZDBH'], name: ['项目名称'] }],
    ['relocation', { village: ['村庄', '村名'], households: ['户数'], population: ['人口'], status: ['状态'], resettlementUnits: ['安置房套数'] }],
    ['plan', { planType: ['规划类型'], planClass: ['用地代码', '用地性质'] }],
    ['park', { parkClass: ['园区类别'], leadingIndustries: ['主导产业'], name: ['园区名称'] }],
    ['zone', { zoneType: ['分区类型'], park: ['所属园区'] }],
  ] as Array<[LayerKind, Record<string, string[]>]>)('maps the usual %s field names', (kind, table) => {
    for (const [schema, names] of Object.entries(table)) for (const name of names) expect([name, target(name, kind)]).toEqual([name, schema]);
  });

  it('does not map a name to a kind that lacks the property, nor a short alias inside a longer name', () => {
    expect(target('投资额', 'relocation')).toBeNull();
    expect(target('道路长度', 'parcel')).toBeNull();
    expect(suggestAliases(['面积说明'], 'parcel').mappings).toEqual([]); // 面积 only matches on its own
  });

  it('reads units from the name and states the conversion', () => {
    const m = suggestAliases(['面积(亩)', '建筑面积（公顷）', '绿地面积_平方米', '总投资(元)', '出让价款（亿元）', '营业收入万元', '纳税额'], 'parcel');
    const by = Object.fromEntries(m.mappings.map((x) => [x.target, x]));
    expect(by.declaredAreaM2).toMatchObject({ informative: true, conversion: { quantity: 'area', from: 'mu', factor: 10000 / 15, assumed: false }, note: { en: 'mu → m² (× 10000/15)' } });
    expect(by.floorAreaM2.conversion).toMatchObject({ from: 'ha', factor: 10000 });
    expect(by.greenAreaM2).toMatchObject({ conversion: { from: 'm2', factor: 1, assumed: false }, note: null });
    expect(by.investmentWan.conversion).toMatchObject({ from: 'yuan', factor: 1e-4 });
    expect(by.landPriceWan.conversion).toMatchObject({ from: 'yi', factor: 1e4 });
    expect(by.revenueWan).toMatchObject({ conversion: { from: 'wan', assumed: false }, note: null });
    expect(by.taxWan).toMatchObject({ conversion: { from: 'wan', assumed: true }, note: { zh: '字段名未标明单位：按万元读取（如为元或亿元请修改）' } });
  });

  it('gives each target one field: the better match, then the latest year', () => {
    const m = suggestAliases(['2022年税收', '2023年纳税额(元)', '建筑面积', '计容建筑面积', 'landUse', '用地性质'], 'parcel');
    expect(m.mappings.map((x) => [x.source, x.target])).toEqual([['2023年纳税额(元)', 'taxWan'], ['计容建筑面积', 'floorAreaM2'], ['landUse', 'landUse']]);
    expect(m.mappings[0].note?.en).toBe('yuan → 万元 (÷ 10000); latest year (2023); 2022 left as they are');
    expect(m.unmatched).toEqual([{ source: '2022年税收', alsoMatches: ['taxWan'] }, { source: '建筑面积', alsoMatches: ['floorAreaM2'] }, { source: '用地性质', alsoMatches: ['landUse'] }]);
  });

  it('recognises names a .dbf cut to 10 bytes, with low confidence, and a long name holding an alias, with medium', () => {
    const layer = readShapefileFiles(shp('parcels-utf8-cpg', ['shp', 'dbf', 'cpg']));
    if (!layer.ok) throw new Error('fixture');
    const m = suggestAliases(layer.layers[0].fields.map((f) => f.name), 'parcel');
    expect(m.mappings.map((x) => [x.source, x.target, x.match, x.confidence])).toEqual([
      ['宗地编', 'id', 'prefix', 'low'], ['企业名', 'enterprise', 'prefix', 'low'], ['用地性', 'landUse', 'prefix', 'low'], ['投资额', 'investmentWan', 'alias', 'high'],
      ['面积亩', 'declaredAreaM2', 'alias', 'high'], ['约定开', 'agreedStartDate', 'prefix', 'low'], ['是否政', 'governmentCaused', 'prefix', 'low'],
    ]);
    expect(suggestAliases(['项目固定资产投资'], 'parcel').mappings[0]).toMatchObject({ target: 'investmentWan', match: 'contains', confidence: 'medium', alias: '固定资产投资' });
  });
});

describe('applyAliases', () => {
  it('converts units, values, dates and yes/no, and keeps every original property untouched', () => {
    const features = [
      { type: 'Feature', properties: { '面积(亩)': 1.5, 用地性质: '工业用地', 总投资元: '1,234,500', 约定开工日期: '2019年3月1日', 是否政府原因: '是', 行业代码: 6 } },
      { type: 'Feature', properties: { '面积(亩)': '2.25', 用地性质: 'M2', 总投资元: null, 约定开工日期: 43466, 是否政府原因: 'N', 行业代码: 'C13' } },
      { type: 'Feature', properties: { '面积(亩)': '约3亩', 用地性质: '采矿用地', 约定开工日期: '2019-02-30', 是否政府原因: '不详' } },
    ];
    const frozen = JSON.stringify(features);
    const mapping = suggestAliases(Object.keys(features[0].properties), 'parcel');
    const { features: out, problems, stats } = applyAliases(features, mapping, 'p.shp');
    expect(JSON.stringify(features)).toBe(frozen);
    expect(out[0].properties).toEqual({ ...features[0].properties, declaredAreaM2: 1000, landUse: 'industrial', investmentWan: 123.45, agreedStartDate: '2019-03-01', governmentCaused: true, industryCode: '06' });
    expect(out[1].properties).toMatchObject({ declaredAreaM2: 1500, landUse: 'industrial', investmentWan: null, agreedStartDate: '2019-01-01', governmentCaused: false, industryCode: 'C13' });
    // Unreadable values are copied as found for the schema check to name; an unknown land use becomes "other".
    expect(out[2].properties).toMatchObject({ declaredAreaM2: '约3亩', landUse: 'other', agreedStartDate: '2019-02-30', governmentCaused: '不详' });
    expect(stats.landUse).toEqual({ converted: 3, unreadable: 0, fallback: { 采矿用地: 1 } });
    expect(problems.map((p) => [p.code, p.field, p.featureIndex])).toEqual([
      ['alias-value', '面积(亩)', 2], ['alias-value-fallback', '用地性质', undefined], ['alias-value', '约定开工日期', 2], ['alias-value', '是否政府原因', 2],
    ]);
  });

  it('maps relocation status, plan classes and park classes', () => {
    const apply = (kind: LayerKind, props: Record<string, unknown>) => applyAliases([{ properties: props }], suggestAliases(Object.keys(props), kind)).features[0].properties;
    expect(apply('relocation', { 村名: '李庄', 户数: '35户', 人口: 120, 状态: '实施中', 计划完成年份: '2025年', 安置房套数: 40 })).toMatchObject({ village: '李庄', households: 35, population: 120, status: 'in_progress', targetYear: 2025, resettlementUnits: 40 });
    expect(apply('relocation', { 状态: '已完成' }).status).toBe('done');
    expect(apply('relocation', { 状态: '拟搬迁' }).status).toBe('planned');
    expect(apply('plan', { 规划类型: '土地利用总体规划', 用地代码: '永久基本农田' })).toMatchObject({ planType: 'land_use', planClass: 'basic_farmland' });
    expect(apply('plan', { 规划类型: '汝南县产业集聚区总体规划(2015-2030)', 用地代码: 'M1' })).toMatchObject({ planType: 'park_master', planClass: 'M' });
    expect(apply('park', { 园区类别: '县域', 主导产业: '装备制造、食品加工' })).toMatchObject({ parkClass: 'county', leadingIndustries: ['装备制造', '食品加工'] });
  });

  it('leaves a target the feature already has, and uses an edited mapping as given', () => {
    const features = [{ properties: { 投资额: 10, investmentWan: 99, 备注: '5' } }];
    const mapping: AliasMapping = JSON.parse(JSON.stringify(suggestAliases(['投资额', '备注'], 'parcel')));
    const kept = applyAliases(features, mapping);
    expect(kept.features[0].properties.investmentWan).toBe(99);
    expect(kept.problems[0].code).toBe('alias-target-present');
    // The user maps 备注 to taxWan in 元 and drops 投资额.
    mapping.mappings = [{ source: '备注', target: 'taxWan', confidence: 'high', match: 'alias', alias: null, informative: false, note: null, conversion: unitConversion('money', 'yuan') }];
    expect(applyAliases(features, mapping).features[0].properties).toEqual({ 投资额: 10, investmentWan: 99, 备注: '5', taxWan: 0.0005 });
  });

  it('makes a GBK bureau Shapefile a valid parcel layer', () => {
    const read = readShapefileFiles(shp('parcels-gbk-nocpg', ['shp', 'dbf']));
    if (!read.ok) throw new Error('fixture');
    const layer = read.layers[0];
    const { features } = applyAliases(layer.features, suggestAliases(layer.fields.map((f) => f.name), 'parcel'), layer.files.shp);
    const v = validateLayer({ type: 'FeatureCollection', features }, layer.files.shp, 'parcel');
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.layer.features.map((f) => f.id)).toEqual(['RN-001', 'RN-002', 'RN-003', 'RN-004']);
    expect(v.value.records[0]).toMatchObject({ id: 'RN-001', enterprise: '汝南县宏达机械有限公司', landUse: 'industrial', investmentWan: 12345.67, agreedStartDate: '2019-03-01', governmentCaused: false });
    expect(v.value.records[1]).toMatchObject({ landUse: 'warehouse', agreedStartDate: null, governmentCaused: true });
    // A blank yes/no stays null on the feature; the record reads missing as false (DESIGN §3).
    expect(features[2].properties.governmentCaused).toBeNull();
    expect(v.value.records[2]).toMatchObject({ enterprise: null, landUse: 'commercial', investmentWan: null, governmentCaused: false });
    expect(v.value.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('restores schema names from our short .dbf names when the sidecar is gone', () => {
    const sample = JSON.parse(readFileSync(join(__dirname, '../../data/sample/parcels.geojson'), 'utf8'));
    const w = writeShapefileZip(sample, { sidecar: false });
    if (!w.ok) throw new Error('write');
    const back = readShapefileZip(w.bytes, w.fileName);
    if (!back.ok) throw new Error('read');
    const layer = back.layers[0];
    expect(layer.kind).toBeNull();
    const mapping = suggestAliases(layer.fields.map((f) => f.name), 'parcel');
    expect(mapping.mappings.every((m) => m.match === 'schema')).toBe(true);
    expect(mapping.unmatched.map((u) => u.source)).toEqual(['FEATURE_ID']);
    const { features } = applyAliases(layer.features, mapping);
    features.forEach((f, i) => {
      for (const [k, v] of Object.entries(sample.features[i].properties)) expect([i, k, f.properties[k]]).toEqual([i, k, v]);
    });
  });
});
