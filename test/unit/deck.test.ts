// Slide decks (issue 8): the default deck of a project, KPI figures read from the Evaluation, conflicts "not
// computed", the deck's JSON form and its checks, editing, and village relocation by year against its targets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultDeck, villageSlide } from '../../src/core/deck/defaultDeck';
import { insertSlide, moveSlide, removeSlide, retitle, set3d, setKpis, setNotes, viewSlide } from '../../src/core/deck/edit';
import { resolveChart, resolveFigure, type FigureContext } from '../../src/core/deck/figures';
import {
  DEFAULT_RELOCATION_TARGETS, readRelocationTargets, relocationAt, relocationYears, targetsForPark, villageStateAt,
} from '../../src/core/deck/relocation';
import type { Deck, KpiRef } from '../../src/core/deck/types';
import { parseDeck } from '../../src/core/deck/validate';
import { evaluate, type Evaluation } from '../../src/core/evaluate';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';

const DIR = 'test/fixtures/metrics/small-park';

function layer(file: string, patch?: (json: { features: { properties: Record<string, unknown> }[] }) => void): ValidatedLayer {
  const json = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'));
  patch?.(json);
  const r = validateLayer(json, file);
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  return r.value;
}

function smallPark(parkClass: 'central' | 'county' = 'central'): Evaluation {
  return evaluate(
    [
      layer('park.geojson', (j) => { j.features[0].properties.parkClass = parkClass; }),
      layer('zones.geojson'), layer('parcels.geojson'), layer('relocation.geojson'),
    ],
    { reviewDate: '2026-06-30' },
  );
}

const ctxOf = (evaluation: Evaluation, extra: Partial<FigureContext> = {}): FigureContext => ({ evaluation, parkId: 'P1', ...extra });
const fig = (evaluation: Evaluation, figure: KpiRef['figure'], scope: string | null = null, extra: Partial<FigureContext> = {}) =>
  resolveFigure({ figure, scope }, ctxOf(evaluation, extra));

describe('default deck', () => {
  const ev = smallPark();
  const deck = defaultDeck(ev);

  it('has the eight slides of issue 8 §2 in order, about the first park', () => {
    expect(deck.parkId).toBe('P1');
    expect(deck.slides.map((s) => s.kind)).toEqual(['overview', 'zones', 'landUse', 'efficiency', 'idle', 'relocation', 'conflicts', 'largeProjects']);
    expect(deck.slides.every((s) => s.kpis.length >= 1 && s.kpis.length <= 4)).toBe(true);
    expect(new Set(deck.slides.map((s) => s.id)).size).toBe(deck.slides.length);
  });

  it('is plain JSON and passes its own checks', () => {
    const text = JSON.stringify(deck);
    expect(JSON.parse(text)).toEqual(deck);
    expect(parseDeck(JSON.parse(text), 'deck.json').ok).toBe(true);
  });

  it('titles the efficiency slide with the threshold of the park class (seed 000: 230 central, 216 county)', () => {
    expect(deck.slides[0].title.zh).toBe('示例园区 · 园区概况');
    expect(deck.slides[3].title.zh).toBe('投资强度：控制值 ≥ 230 万元/亩');
    expect(defaultDeck(smallPark('county')).slides[3].title.zh).toBe('投资强度：控制值 ≥ 216 万元/亩');
    expect(deck.slides[3].map.extrude).toBe('plotRatio');
    expect(deck.slides[3].map.camera.pitch).toBeGreaterThan(0);
  });

  it('still makes a deck for a project without a park (figures then have no scope)', () => {
    const noPark = evaluate([layer('parcels.geojson')], { reviewDate: '2026-06-30' });
    const d = defaultDeck(noPark);
    expect(d.parkId).toBeNull();
    expect(d.slides).toHaveLength(8);
    expect(resolveFigure(d.slides[0].kpis[0], { evaluation: noPark, parkId: null }).note).toBe('no_scope');
  });

  it('a village slide holds that village\'s figures', () => {
    const s = villageSlide(ev, 'V1', 'village-V1')!;
    expect(s.village).toBe('V1');
    const values = s.kpis.map((k) => resolveFigure(k, ctxOf(ev)).value);
    expect(values.slice(0, 3)).toEqual([120, 430, 150]); // households, population, units of 东王庄村
    expect(villageSlide(ev, 'nope', 'x')).toBeNull();
  });
});

describe('figures come from the evaluation', () => {
  const ev = smallPark();
  const park = ev.parks[0];

  it('park figures', () => {
    expect(fig(ev, 'area').value).toBe(park.areaMu);
    expect(fig(ev, 'parcelCount').value).toBe(park.parcelCount);
    expect(fig(ev, 'parcelArea').value).toBeCloseTo(park.parcelAreaM2 * 0.0015, 9);
    expect(fig(ev, 'investmentIntensity').value).toBe(park.investmentIntensity);
    expect(fig(ev, 'idleFee').value).toBe(park.idle.feeWan);
    expect(fig(ev, 'reclaimCount').value).toBe(park.idle.byDisposal.reclaim.count);
    expect(fig(ev, 'largeProjectArea').value).toBeCloseTo(park.largeProjects.areaM2 * 0.0015, 9);
  });

  it('counts parcels failing the intensity rule from their flags', () => {
    const failing = ev.parcels.filter((p) => p.park === 'P1' && p.flags.some((f) => f.rule === 'investmentIntensity')).map((p) => p.id);
    expect(failing).toContain('A'); // 64.3 万元/亩 (expected.json)
    expect(fig(ev, 'intensityFailCount').value).toBe(failing.length);
  });

  it('holds the park intensity against its class threshold, with the source', () => {
    const f = fig(ev, 'investmentIntensity');
    expect(f.check).toMatchObject({ op: '>=', threshold: 230, status: park.investmentIntensity! >= 230 ? 'pass' : 'fail' });
    expect(f.check!.source).toContain('seed 000');
    expect(fig(smallPark('county'), 'investmentIntensity').check!.threshold).toBe(216);
  });

  it('zone scope: a zone\'s own figure, labelled with its zone type', () => {
    const z = ev.zones[0];
    const f = fig(ev, 'area', z.id);
    expect(f.value).toBe(z.areaMu);
    expect(f.scope).toBe(z.id);
    expect(f.label.zh).toMatch(/^(建成区|发展区|控制区)面积$/);
  });

  it('relocation done so far, against the preset targets (seed 000)', () => {
    // V1 (东王庄村) is done: 430 people, 150 units; V2 is planned.
    const people = fig(ev, 'peopleMoved');
    expect(people.value).toBe(430);
    expect(people.target).toMatchObject({ value: 26000, scope: 'city', year: 2014 });
    expect(people.target!.share).toBeCloseTo(430 / 26000, 12);
    expect(fig(ev, 'unitsDone').value).toBe(150);
    expect(fig(ev, 'unitsDone').target!.value).toBe(9000);
    expect(fig(ev, 'landFreed').target).toMatchObject({ value: 5000, approximate: true });
    expect(fig(ev, 'villagesDone').value).toBe(1);
    expect(fig(ev, 'villages').value).toBe(2);
  });

  it('people moved are those of done villages only', () => {
    const withPeople = evaluate(
      [layer('park.geojson'), layer('parcels.geojson'), layer('relocation.geojson', (j) => { j.features[1].properties.population = 500; })],
      { reviewDate: '2026-06-30' },
    );
    expect(withPeople.parks[0].relocation.total.population).toBe(930);
    expect(fig(withPeople, 'peopleMoved').value).toBe(430);
  });

  it('a missing datum is null with a reason, never 0', () => {
    const f = fig(ev, 'village.population', 'V2'); // 西李村: population null in the fixture
    expect(f.value).toBeNull();
    expect(f.note).toBe('missing');
    expect(fig(ev, 'area', 'no-such-zone').note).toBe('no_scope');
  });
});

describe('conflicts', () => {
  const ev = smallPark();
  it('are "not computed" without a summary (never 0)', () => {
    const f = fig(ev, 'conflictArea.basic_farmland');
    expect(f.value).toBeNull();
    expect(f.note).toBe('not_computed');
    const chart = resolveChart('conflictsByType', ctxOf(ev));
    expect(chart.note).toBe('not_computed');
    expect(chart.bars.every((b) => b.value === null)).toBe(true);
  });

  it('read areas (m² → 亩) and counts from the summary; types absent from it are 0', () => {
    const conflicts = { countByType: { basic_farmland: 2, outside_park: 3 }, areaM2ByType: { basic_farmland: 120_000, outside_park: 20_000 } };
    expect(fig(ev, 'conflictArea.basic_farmland', null, { conflicts }).value).toBeCloseTo(180, 9);
    expect(fig(ev, 'conflictArea.eco_red_line', null, { conflicts }).value).toBe(0);
    expect(fig(ev, 'conflictCount', null, { conflicts }).value).toBe(5);
    expect(resolveChart('conflictsByType', ctxOf(ev, { conflicts })).bars.map((b) => b.code)).toEqual(
      ['basic_farmland', 'eco_red_line', 'outside_construction_zone', 'landuse_mismatch', 'outside_park'],
    );
  });
});

describe('charts', () => {
  it('land use in 亩, only uses present', () => {
    const ev = smallPark();
    const chart = resolveChart('landUse', ctxOf(ev));
    const park = ev.parks[0];
    expect(chart.bars.length).toBe(Object.values(park.landUseAreaM2).filter((a) => a > 0).length);
    for (const b of chart.bars) expect(b.value).toBeCloseTo(park.landUseAreaM2[b.code as keyof typeof park.landUseAreaM2] * 0.0015, 9);
  });
});

describe('relocation over time', () => {
  const review = 2026;
  it.each([
    // status, target year, year → state
    ['done', 2019, 2018, 'in_progress'],
    ['done', 2019, 2019, 'done'],
    ['done', 2028, 2026, 'done'], // done early: done from the review year at the latest
    ['done', 2028, 2025, 'in_progress'],
    ['in_progress', 2026, 2026, 'due'],
    ['in_progress', 2026, 2027, 'overdue'],
    ['in_progress', 2027, 2019, 'in_progress'],
    ['planned', 2028, 2030, 'overdue'],
    ['planned', 2028, 2027, 'planned'],
    [null, 2028, 2027, 'unknown'],
    ['planned', null, 2027, 'unknown'],
  ] as const)('%s, target %s, in %s → %s', (status, targetYear, year, state) => {
    expect(villageStateAt({ status, targetYear }, year, review)).toBe(state);
  });

  it('sums a year\'s villages by state and what the schedule asks for by then', () => {
    const ev = smallPark();
    const y2027 = relocationAt(ev.relocation.villages, 2027, 2026);
    expect(y2027.villages).toEqual([{ id: 'V1', state: 'done' }, { id: 'V2', state: 'due' }]);
    expect(y2027.byState.done).toMatchObject({ villages: 1, households: 120, population: 430, resettlementUnits: 150 });
    expect(y2027.scheduled.villages).toBe(2);
    expect(y2027.byState.due.incomplete).toBe(1); // 西李村 has no population
    expect(relocationYears(ev.relocation.villages, 2026)).toEqual({ first: 2024, last: 2027 });
  });
});

describe('relocation targets are data', () => {
  it('the preset cites seed 000: 5000 亩, 9000 units, 26,000 people', () => {
    const t = DEFAULT_RELOCATION_TARGETS;
    expect(t.targets.landFreedMu).toEqual({ value: 5000, approximate: true });
    expect(t.targets.resettlementUnits.value).toBe(9000);
    expect(t.targets.peopleMoved.value).toBe(26000);
    expect(t.source).toMatch(/^seed 000/);
    expect(t.source).toContain('腾出土地近5000亩');
  });

  it('a park\'s own target replaces the default, with its own source', () => {
    const r = readRelocationTargets({ ...DEFAULT_RELOCATION_TARGETS, parks: { P1: { targets: { peopleMoved: { value: 1200 } }, source: 'park plan 2025' } } }, 't.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const own = targetsForPark(r.value, 'P1');
    expect(own.targets.peopleMoved.value).toBe(1200);
    expect(own.sources.peopleMoved).toBe('park plan 2025');
    expect(own.targets.resettlementUnits.value).toBe(9000);
    expect(targetsForPark(r.value, 'other').targets.peopleMoved.value).toBe(26000);
  });

  it('a bad file is refused with problems naming the file and the field', () => {
    const r = readRelocationTargets({ ...DEFAULT_RELOCATION_TARGETS, targets: { ...DEFAULT_RELOCATION_TARGETS.targets, peopleMoved: { value: -3 } }, source: '' }, 'bad.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['targets.peopleMoved', 'source']));
    expect(r.problems.every((p) => p.file === 'bad.json')).toBe(true);
  });
});

describe('deck JSON checks', () => {
  const deck = defaultDeck(smallPark());
  it('names the slide and field of each problem', () => {
    const bad = JSON.parse(JSON.stringify(deck));
    bad.slides[2].kpis.push({ figure: 'nonsense', scope: null });
    bad.slides[4].map.camera.pitch = 120;
    bad.slides[5].id = bad.slides[0].id;
    const r = parseDeck(bad, 'stored');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['slides[2].kpis[3]', 'slides[4].map.camera.pitch', 'slides[5].id']));
    expect(r.problems.find((p) => p.field === 'slides[4].map.camera.pitch')!.message.zh).toContain('第 5 页');
  });

  it('refuses another version and a non-object', () => {
    expect(parseDeck({ ...deck, version: 2 }, 'x').ok).toBe(false);
    expect(parseDeck('deck', 'x').ok).toBe(false);
  });
});

describe('editing', () => {
  const deck: Deck = defaultDeck(smallPark());
  const frozen = JSON.stringify(deck);

  it('moves, retitles, annotates, sets cards and 3D without touching the original', () => {
    const id = deck.slides[3].id;
    let d = moveSlide(deck, id, -2);
    expect(d.slides[1].id).toBe(id);
    d = moveSlide(d, id, -10);
    expect(d.slides[0].id).toBe(id);
    d = retitle(d, id, 'zh', '效率');
    expect(d.slides[0].title).toEqual({ zh: '效率', en: deck.slides[3].title.en });
    d = setNotes(d, id, '说明 230 的来源');
    expect(d.slides[0].notes).toBe('说明 230 的来源');
    d = setKpis(d, id, Array.from({ length: 6 }, () => ({ figure: 'area' as const, scope: null })));
    expect(d.slides[0].kpis).toHaveLength(4);
    d = set3d(d, deck.slides[0].id, 'floorArea');
    const overview = d.slides.find((s) => s.id === deck.slides[0].id)!;
    expect(overview.map.extrude).toBe('floorArea');
    expect(overview.map.camera.pitch).toBeGreaterThan(0);
    expect(set3d(d, deck.slides[0].id, null).slides.find((s) => s.id === deck.slides[0].id)!.map.camera.pitch).toBe(0);
    expect(removeSlide(d, id).slides).toHaveLength(7);
    expect(JSON.stringify(deck)).toBe(frozen);
    expect(parseDeck(JSON.parse(JSON.stringify(d)), 'x').ok).toBe(true);
  });

  it('adds the current view as a slide with a unique id', () => {
    const view = viewSlide({
      title: { zh: '视图', en: 'View' }, view: { center: [114.01, 33.01], zoom: 15, pitch: 0, bearing: 10 },
      layerIds: ['parcels'], parcelStyle: { by: 'metric', metric: 'plotRatio', method: 'quantile' }, highlight: ['A'],
    });
    const d1 = insertSlide(deck, view);
    const d2 = insertSlide(d1, view, 0);
    expect(d2.slides[0].id).toBe('view-2');
    expect(d2.slides[d2.slides.length - 1].id).toBe('view');
    expect(d2.slides[0].map.camera).toEqual({ type: 'view', center: [114.01, 33.01], zoom: 15, pitch: 0, bearing: 10 });
    expect(parseDeck(JSON.parse(JSON.stringify(d2)), 'x').ok).toBe(true);
  });
});
