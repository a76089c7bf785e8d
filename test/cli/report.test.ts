// `park-atlas report`: in process for the workbook and the messages, and once as a real process (the bundled CLI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { decisionsToJson, EMPTY_DECISIONS, recordDecision } from '../../src/core/review/decisions';
import { SAMPLE_FILES } from '../fixtures/review/sample';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function sheets(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

const tmp = mkdtempSync(join(tmpdir(), 'pa-report-'));

function decisionsFile(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('park-atlas report on the sample park', () => {
  it('writes the workbook and prints a JSON summary; exit 0', async () => {
    const out = join(tmp, 'report.xlsx');
    const r = await run(['report', ...SAMPLE_FILES, '-o', out, '--review-date', '2026-06-30']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ output: out, reviewDate: '2026-06-30', decisions: 0 });
    expect(summary.bytes).toBe(readFileSync(out).length);
    expect(summary.sheets.map((s: { key: string; rows: number }) => [s.key, s.rows])).toEqual([
      ['summary', summary.sheets[0].rows], ['queue', 22 + 3], ['parcels', 177], ['idle', 12], ['inefficient', 8], ['relocation', 6], ['conflicts', 3], ['rules', summary.sheets[7].rows],
    ]);
    const wb = await sheets(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['摘要', '复核清单', '宗地', '闲置土地台账', '低效用地', '村庄迁并', '规划冲突', '规则']);
    expect(existsSync(`${out}.${process.pid}.partial`)).toBe(false);
  });

  it('puts the decisions of --decisions into the register, also from a project file, and --lang en writes English', async () => {
    const rec = recordDecision(EMPTY_DECISIONS, { parcelId: 'RH-027', kind: 'fee_notice', date: '2026-07-02', reference: '汝自然资闲〔2026〕3号' }, { now: '2026-07-03T00:00:00Z', reviewer: '王工' });
    if (!rec.ok) throw new Error('not recorded');
    const standalone = decisionsFile('decisions.json', decisionsToJson(rec.state));
    const project = decisionsFile('project.json', { name: 'x', decisions: decisionsToJson(rec.state) });
    for (const file of [standalone, project]) {
      const out = join(tmp, 'with-decisions.xlsx');
      const r = await run(['report', ...SAMPLE_FILES, '-o', out, '--review-date', '2026-06-30', '--decisions', file, '--lang', 'en']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).decisions).toBe(1);
      const ws = (await sheets(out)).getWorksheet('Idle land register')!;
      const headers = (ws.getRow(1).values as string[]).slice(1);
      const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((x) => x.getCell(headers.indexOf('Parcel') + 1).value === 'RH-027')!;
      expect(row.getCell(headers.indexOf('Decision') + 1).value).toBe('Idle-land fee notice');
      expect(row.getCell(headers.indexOf('Reference') + 1).value).toBe('汝自然资闲〔2026〕3号');
    }
  });

  it('warns about a decision for a parcel that is not loaded', async () => {
    const rec = recordDecision(EMPTY_DECISIONS, { parcelId: 'XX-9', kind: 'reclaim', date: '2026-07-02' }, { now: '2026-07-03T00:00:00Z', reviewer: '王工' });
    if (!rec.ok) throw new Error('not recorded');
    const file = decisionsFile('orphan.json', decisionsToJson(rec.state));
    const r = await run(['report', ...SAMPLE_FILES, '-o', join(tmp, 'orphan.xlsx'), '--review-date', '2026-06-30', '--decisions', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${file}, feature "XX-9": warning: decision for a parcel that is not in the loaded layers; it is not in the register`);
  });
});

describe('park-atlas report: the conflicts sheet', () => {
  const ALL = ['park', 'zones', 'parcels', 'relocation', 'plan-park_master', 'plan-land_use', 'plan-urban_master', 'plan-eco_env', 'plan-public_infra'].map((n) => `data/sample/${n}.geojson`);
  // What the sheet calls each type (the workbook's words, DESIGN §6 order).
  const LABELS: Record<string, { zh: string; en: string }> = {
    basic_farmland: { zh: '占用永久基本农田', en: 'Permanent basic farmland' },
    eco_red_line: { zh: '占用生态保护红线', en: 'Ecological red line' },
    outside_construction_zone: { zh: '位于限制/禁止建设区', en: 'Outside the construction zone' },
    landuse_mismatch: { zh: '与城市总体规划用地性质不符', en: 'Land use differs from the city plan' },
    outside_park: { zh: '超出园区边界', en: 'Outside the park' },
  };
  const rowsOf = (ws: ExcelJS.Worksheet, columns = 5) => [...Array(ws.rowCount - 1).keys()].map((i) => (ws.getRow(i + 2).values as unknown[]).slice(1, 1 + columns));

  it('lists exactly what `park-atlas conflicts` prints for the sample park, in its order, with the ids of its --geojson, in both languages', async () => {
    const cli = await run(['conflicts', ...ALL]);
    expect(cli.code).toBe(0);
    const expected = JSON.parse(cli.stdout).conflicts as Array<{ type: string; plan: string; against: string; areaM2: number; areaMu: number }>;
    expect(expected.length).toBe(10);
    const geojson = await run(['conflicts', ...ALL, '--geojson']);
    const ids = (JSON.parse(geojson.stdout).features as Array<{ id: string }>).map((f) => f.id);
    expect(new Set(ids).size).toBe(expected.length);
    for (const lang of ['zh', 'en'] as const) {
      const out = join(tmp, `conflicts-${lang}.xlsx`);
      const r = await run(['report', ...ALL, '-o', out, '--review-date', '2026-06-30', '--lang', lang]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).sheets.find((s: { key: string }) => s.key === 'conflicts').rows).toBe(expected.length);
      const wb = await sheets(out);
      const ws = wb.getWorksheet(lang === 'zh' ? '规划冲突' : 'Plan conflicts')!;
      // Issue 6 §5: id, type, plan, against, 亩, 公顷 (m² / 10 000), then m².
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(lang === 'zh'
        ? ['编号', '冲突类型', '规划要素', '冲突对象', '面积(亩)', '面积(公顷)', '面积(平方米)']
        : ['ID', 'Type', 'Plan feature', 'Against', 'Area (mu)', 'Area (ha)', 'Area (m²)']);
      expect(rowsOf(ws, 7)).toEqual(expected.map((c, i) => [ids[i], LABELS[c.type][lang], c.plan, c.against, c.areaMu, c.areaM2 / 10000, c.areaM2]));
      // The summary counts them too.
      const summaryRows = rowsOf(wb.worksheets[0]).map((row) => row.slice(0, 2));
      expect(summaryRows).toContainEqual([lang === 'zh' ? '规划冲突' : 'Plan conflicts', expected.length]);
    }
  });

  it('says the check was not run when nothing can be checked (no parcels, no park-plan features)', async () => {
    const out = join(tmp, 'no-subjects.xlsx');
    const r = await run(['report', 'data/sample/park.geojson', 'data/sample/zones.geojson', 'data/sample/plan-land_use.geojson', '-o', out, '--review-date', '2026-06-30']);
    expect(r.code).toBe(0);
    const ws = (await sheets(out)).getWorksheet('规划冲突')!;
    const text = [...Array(ws.rowCount).keys()].map((i) => (ws.getRow(i + 1).values as unknown[]).join(' ')).join('\n');
    expect(text).toContain('未运行五规合一冲突检测');
  });
});

describe('park-atlas report, bad input and usage', () => {
  it('exits 1 for a decisions file that is not JSON, or not decisions, or has a broken entry, naming the file', async () => {
    const out = join(tmp, 'never.xlsx');
    const notJson = decisionsFile('bad.json', '{"version": 1,');
    let r = await run(['report', ...SAMPLE_FILES, '-o', out, '--decisions', notJson]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: is not valid JSON`));
    r = await run(['report', ...SAMPLE_FILES, '-o', out, '--decisions', decisionsFile('newer.json', { version: 9, audit: [] })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('version 9 was written by a newer Park Atlas');
    r = await run(['report', ...SAMPLE_FILES, '-o', out, '--decisions', decisionsFile('broken.json', { version: 1, audit: [{ seq: 1, who: 'x', when: 'soon', parcelId: 'RH-027', before: null, after: {} }] })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.json, feature "RH-027" (#1), field audit: error: audit entry 1: when "soon" is not an ISO 8601 time; skipped');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 for a broken layer and for an output it cannot write, leaving no partial file', async () => {
    const r1 = await run(['report', join(tmp, 'nope.geojson'), '-o', join(tmp, 'x.xlsx')]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('nope.geojson: no such file');
    const dir = join(tmp, 'missing-folder', 'r.xlsx');
    const r2 = await run(['report', ...SAMPLE_FILES, '-o', dir, '--review-date', '2026-06-30']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe(`${dir}: cannot write the report: the folder does not exist`);
    const folder = join(tmp, 'a-folder.xlsx');
    mkdirSync(folder);
    const r3 = await run(['report', ...SAMPLE_FILES, '-o', folder]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain(`${folder}: cannot write the report`);
  });

  it('exits 2 for bad usage', async () => {
    expect((await run(['report', ...SAMPLE_FILES])).code).toBe(2);
    expect((await run(['report', '-o', join(tmp, 'x.xlsx')])).code).toBe(2);
    expect((await run(['report', ...SAMPLE_FILES, '-o', join(tmp, 'x.csv')])).code).toBe(2);
    expect((await run(['report', ...SAMPLE_FILES, '-o', SAMPLE_FILES[0]])).code).toBe(2);
    expect((await run(['report', ...SAMPLE_FILES, '-o', join(tmp, 'x.xlsx'), '--review-date', '2026-02-30'])).code).toBe(2);
    expect((await run(['report', ...SAMPLE_FILES, '-o', join(tmp, 'x.xlsx'), '--approaching-days', 'soon'])).code).toBe(2);
    const r = await run(['report', ...SAMPLE_FILES, '-o', join(tmp, 'x.xlsx'), '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report FILE... -o REPORT.xlsx');
  });

  it('runs as a real process from the bundled CLI', () => {
    const out = join(tmp, 'process.xlsx');
    const r = spawnSync(process.execPath, ['bin/park-atlas.mjs', 'report', ...SAMPLE_FILES, '-o', out, '--review-date', '2026-06-30'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).sheets[3]).toEqual({ key: 'idle', name: '闲置土地台账', rows: 12 });
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from('PK'));
  });
});
