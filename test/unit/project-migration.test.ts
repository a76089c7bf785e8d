// Project files written by an older Park Atlas open (issue 9, "no data loss"). The fixture v1-sample.parkatlas is what
// version 1 really wrote: the built app of that version on the sample park, RH-003's investment edited to 15000 万元
// in the inspector, one review decision on RH-027, then 保存项目. Version 2 saves the rule set in force (version 1
// wrote null, so a custom rule set did not travel with the project).
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { MIGRATIONS, PROJECT_FORMAT, PROJECT_VERSION, readProjectFile, writeProjectFile } from '../../src/core/project';
import { decisionFor, historyOf, readDecisions } from '../../src/core/review/decisions';
import { DEFAULT_RULESET, readRuleSet, type RuleSet } from '../../src/core/rules/ruleset';
import { formatProblem } from '../../src/core/schema/problems';
import { evaluateProject } from '../../src/ui/data/evaluation';
import { buildDocument, projectFromDocument } from '../../src/ui/project/document';

const FIXTURE = 'test/fixtures/project/v1-sample.parkatlas';
const bytes = () => new Uint8Array(readFileSync(FIXTURE));
const sample = (file: string) => JSON.parse(readFileSync(`data/sample/${file}`, 'utf8'));
const manifest = JSON.parse(readFileSync('data/sample/index.json', 'utf8')) as { layers: Array<{ file: string; kind: string }> };

function openV1() {
  const read = readProjectFile(bytes(), 'v1-sample.parkatlas');
  if (!read.ok) throw new Error(read.problems.map((p) => formatProblem(p, 'en')).join('\n'));
  return read;
}

/** A rule set unlike the preset: a higher intensity threshold for central parks and a plot-ratio override for the park. */
function customRules(): RuleSet {
  const read = readRuleSet({
    id: 'test-stricter',
    version: 1,
    name: { zh: '测试：更严的投资强度', en: 'Test: stricter intensity' },
    rules: { investmentIntensity: { byParkClass: { central: { op: '>=', value: 400 } }, source: 'test fixture, not a policy' } },
    parks: { 'PARK-RH': { plotRatio: { op: '>=', value: 1.2, source: 'test fixture, not a policy' } } },
  });
  if (!read.ok) throw new Error(read.errors.join('\n'));
  return read.value;
}

describe('project file migration', () => {
  it('the fixture is a real version-1 file (rules saved as null)', () => {
    const raw = JSON.parse(new TextDecoder().decode(unzipSync(bytes())['project.json']));
    expect(raw.format).toBe(PROJECT_FORMAT);
    expect(raw.version).toBe(1);
    expect(raw.rules).toBeNull();
    expect(raw.writer).toBe('park-atlas 0.1.0');
    expect(PROJECT_VERSION).toBe(2);
    // Every older version has its step to the next.
    for (let v = 1; v < PROJECT_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
  });

  it('a version-1 file opens: every sample layer with all its features, the edited attribute, the decision, the preset rules', () => {
    const read = openV1();
    expect(read.problems).toEqual([]);
    const doc = read.project;
    expect(doc.version).toBe(PROJECT_VERSION);
    expect(doc.rules).toEqual(DEFAULT_RULESET);
    expect(doc.reviewDate).toBe('2026-06-30');
    // Layers in the sample's drawing order, each with the feature count of its file.
    expect(doc.layers.map((l) => l.kind)).toEqual(manifest.layers.map((l) => l.kind));
    doc.layers.forEach((l, i) => {
      const data = l.data as { features: unknown[] };
      expect(data.features.length, l.id).toBe(sample(manifest.layers[i].file).features.length);
    });
    // The one attribute edited in version 1; every other parcel exactly as in the sample.
    const parcels = doc.layers.find((l) => l.kind === 'parcel')!.data as { features: Array<{ id: string; properties: Record<string, unknown> }> };
    const original = sample('parcels.geojson') as typeof parcels;
    const edited = parcels.features.find((f) => f.id === 'RH-003')!;
    expect(edited.properties.investmentWan).toBe(15000);
    expect(original.features.find((f) => f.id === 'RH-003')!.properties.investmentWan).not.toBe(15000);
    expect(parcels.features.filter((f) => f.id !== 'RH-003')).toEqual(original.features.filter((f) => f.id !== 'RH-003'));
    // The decision with its audit trail.
    const decisions = readDecisions(doc.decisions, 'v1-sample.parkatlas › decisions');
    expect(decisions.problems).toEqual([]);
    const state = decisions.state!;
    expect(decisionFor(state, 'RH-027')).toMatchObject({ kind: 'fee_notice', reviewer: '版本一', reference: '汝自然资闲〔2026〕7号', date: '2026-07-02' });
    expect(historyOf(state, 'RH-027').map((e) => [e.seq, e.who, e.before, e.after.kind])).toEqual([[1, '版本一', null, 'fee_notice']]);
  });

  it('opened in the app, the version-1 project evaluates with the preset and the edited investment', () => {
    const opened = projectFromDocument(openV1().project, 'v1-sample.parkatlas', 'sample');
    expect(opened.skipped).toEqual([]);
    expect(opened.project.rules).toEqual(DEFAULT_RULESET);
    const figures = evaluateProject(opened.project, '2026-06-30' as never)!;
    const validated = opened.project.layers.flatMap((l) => (l.validated ? [l.validated] : []));
    expect(figures.evaluation).toEqual(evaluate(validated, { reviewDate: '2026-06-30' as never, rules: DEFAULT_RULESET }));
    const rh003 = figures.parcels.get('RH-003')!;
    expect(rh003.investmentIntensity).toBeCloseTo(15000 / rh003.areaMu!, 9);
  });

  it('version 2 keeps a custom rule set, and the app evaluates with it', () => {
    const opened = projectFromDocument(openV1().project, 'v1-sample.parkatlas', 'sample');
    const rules = customRules();
    const project = { ...opened.project, rules };
    const doc = buildDocument({ project, layers: project.layers, styling: opened.styling, reviewDate: '2026-06-30', approachingDays: 90, view: opened.view, decisions: null, deck: null, savedAt: '2026-11-23T09:00:00.000Z' });
    expect(doc.version).toBe(2);
    const file = writeProjectFile(doc);
    const raw = JSON.parse(new TextDecoder().decode(unzipSync(file)['project.json']));
    expect(raw.version).toBe(2);
    expect(raw.rules).toEqual(rules);
    const read = readProjectFile(file, 'custom.parkatlas');
    expect(read.ok && read.problems).toEqual([]);
    if (!read.ok) return;
    expect(read.project.rules).toEqual(rules);
    const again = projectFromDocument(read.project, 'custom.parkatlas', 'sample');
    expect(again.project.rules).toEqual(rules);
    // The thresholds in force are the custom ones: a central-park parcel's intensity check reads 400, and the park's plot ratio 1.2.
    const figures = evaluateProject(again.project, '2026-06-30' as never)!;
    const checks = figures.evaluation.parcels.flatMap((p) => p.checks);
    expect(checks.filter((c) => c.rule === 'investmentIntensity').every((c) => c.threshold === 400)).toBe(true);
    expect(checks.some((c) => c.rule === 'plotRatio' && c.threshold === 1.2)).toBe(true);
    const preset = evaluateProject({ ...again.project, rules: undefined }, '2026-06-30' as never)!;
    const failing = (e: typeof figures) => e.evaluation.parcels.filter((p) => p.checks.some((c) => c.rule === 'investmentIntensity' && c.status === 'fail')).length;
    expect(failing(figures)).toBeGreaterThan(failing(preset));
  });

  it('a rule set that cannot be used is reported and the preset applies; a newer version is refused with its number', () => {
    const doc = openV1().project;
    const broken = readProjectFile(strToU8(JSON.stringify({ ...doc, rules: { rules: { plotRatio: { op: '=>', value: 'one' } } } })), 'broken-rules.parkatlas');
    expect(broken.ok).toBe(true);
    if (!broken.ok) return;
    expect(broken.project.rules).toEqual(DEFAULT_RULESET);
    const text = broken.problems.map((p) => formatProblem(p, 'en')).join('\n');
    expect(text).toMatch(/broken-rules\.parkatlas.*warning.*rule set cannot be used.*plotRatio\.op must be one of.*the preset is used/);

    const newer = readProjectFile(strToU8(JSON.stringify({ ...doc, version: PROJECT_VERSION + 1 })), 'future.parkatlas');
    expect(newer.ok).toBe(false);
    expect(newer.problems.map((p) => formatProblem(p, 'en')).join('\n')).toMatch(/future\.parkatlas.*error: was written by a newer Park Atlas \(version 3\); this one reads up to version 2/);
    expect(newer.problems.map((p) => formatProblem(p, 'zh')).join('\n')).toMatch(/由更新版本的程序保存（版本 3），本程序最高可读版本 2/);
  });
});
