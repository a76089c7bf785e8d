// The default deck of a project (issue 8 §2): park overview → zones → land use → efficiency (investment intensity
// against the park class's threshold, in 3D) → idle land → village relocation → 五规合一 conflicts → projects ≥ 300 亩.
// Slides hold references to figures; the values come from the Evaluation whenever a slide is shown.
import type { Evaluation } from '../evaluate';
import { DEFAULT_RULESET, rulesForPark, type RuleSet } from '../rules/ruleset';
import { OP_TEXT, formatPlain } from './text';
import { bi, type Bilingual } from './labels';
import { DEFAULT_RELOCATION_TARGETS, targetsForPark, type RelocationTargets } from './relocation';
import { DECK_VERSION, type Deck, type KpiRef, type Slide, type SlideCamera, type SlideMap, type FigureKey } from './types';

export interface DefaultDeckOptions {
  /** The park the deck is about; default the first park of the evaluation. */
  parkId?: string | null;
  rules?: RuleSet;
  relocationTargets?: RelocationTargets;
}

/** The 3D efficiency view: tilted enough to read heights, turned so rows of blocks do not hide each other. */
const EFFICIENCY_PITCH = 55;
const EFFICIENCY_BEARING = -28;

const kpi = (figure: FigureKey, scope: string | null = null): KpiRef => ({ figure, scope });

/** Frames every feature of these kinds, of one park when `park` is given (a project may hold several parks). */
const fitKinds = (kinds: SlideMap['layers']['kinds'], pitch = 0, bearing = 0, park: string | null = null): SlideCamera =>
  ({ type: 'fit', target: park === null ? { layerKinds: kinds } : { layerKinds: kinds, park }, pitch, bearing });
const fitIds = (ids: string[], fallback: SlideCamera, pitch = 0, bearing = 0): SlideCamera =>
  ids.length > 0 ? { type: 'fit', target: { featureIds: ids }, pitch, bearing } : fallback;

function map(partial: Partial<SlideMap> & Pick<SlideMap, 'camera'>): SlideMap {
  return { layers: { kinds: ['park', 'zone', 'parcel'], ids: [] }, planTypes: null, parcelStyle: { by: 'landUse' }, extrude: null, highlight: [], ...partial };
}

function slide(kind: Slide['kind'], title: Bilingual, m: SlideMap, kpis: KpiRef[], extra: Partial<Slide> = {}): Slide {
  return { id: kind, kind, title, subtitle: null, notes: '', map: m, kpis, chart: null, village: null, ...extra };
}

export function defaultDeck(evaluation: Evaluation, options: DefaultDeckOptions = {}): Deck {
  const park = options.parkId === undefined ? (evaluation.parks[0] ?? null) : (evaluation.parks.find((p) => p.id === options.parkId) ?? null);
  const parkId = park?.id ?? null;
  const rules = rulesForPark(options.rules ?? DEFAULT_RULESET, parkId);
  const name = park?.name ?? parkId ?? '';
  const withPark = (zh: string, en: string) => (name ? bi(`${name} · ${zh}`, `${name} · ${en}`) : bi(zh, en));
  const parkFit = fitKinds(['park'], 0, 0, parkId);
  const zones = evaluation.zones.filter((z) => parkId === null || z.park === parkId || z.park === null);
  const inPark = evaluation.parcels.filter((p) => parkId === null || p.park === parkId);
  const idleIds = inPark.filter((p) => (p.idle.isIdle === true && p.idle.disposal !== null && p.idle.disposal !== 'none') || p.approaching).map((p) => p.id);
  const largeIds = park?.largeProjects.ids ?? [];
  const targets = targetsForPark(options.relocationTargets ?? DEFAULT_RELOCATION_TARGETS, parkId);

  // Investment intensity: the threshold of this park's class (seed 000: central ≥ 230, county ≥ 216 万元/亩).
  const byClass = rules.investmentIntensity.byParkClass;
  const own = park?.parkClass ? byClass[park.parkClass] : null;
  const classText = (t: { op: '>=' | '>' | '<=' | '<'; value: number }) => `${OP_TEXT[t.op]} ${formatPlain(t.value)}`;
  const efficiencyTitle = own
    ? bi(`投资强度：控制值 ${classText(own)} 万元/亩`, `Investment intensity: threshold ${classText(own)} 10k CNY/mu`)
    : bi('投资强度', 'Investment intensity');
  const efficiencySubtitle = bi(
    `中心城区园区 ${classText(byClass.central)}、县属园区 ${classText(byClass.county)} 万元/亩 · 高度为容积率`,
    `Central-city parks ${classText(byClass.central)}, county parks ${classText(byClass.county)} (10k CNY/mu) · height: plot ratio`,
  );

  const slides: Slide[] = [
    slide('overview', withPark('园区概况', 'Overview'), map({ camera: parkFit }), [
      kpi('area'), kpi('parcelCount'), kpi('leadingIndustryShare'), kpi('builtCoverage'),
    ]),
    slide('zones', bi('功能分区：建成区 · 发展区 · 控制区', 'Zones: built · development · control'),
      map({ camera: parkFit, layers: { kinds: ['park', 'zone'], ids: [] } }),
      [kpi('area'), ...zones.slice(0, 3).map((z) => kpi('area', z.id))]),
    slide('landUse', bi('用地结构', 'Land use'), map({ camera: parkFit }), [kpi('parcelArea'), kpi('industrialArea'), kpi('leadingIndustryShare')], { chart: 'landUse' }),
    slide('efficiency', efficiencyTitle,
      map({
        // Framed on the park's parcels (the blocks), not its boundary: the control zone holds none.
        camera: fitKinds(['parcel'], EFFICIENCY_PITCH, EFFICIENCY_BEARING, parkId),
        layers: { kinds: ['park', 'parcel'], ids: [] },
        parcelStyle: { by: 'metric', metric: 'investmentIntensity', method: 'threshold' },
        extrude: 'plotRatio',
      }),
      [kpi('investmentIntensity'), kpi('intensityFailCount'), kpi('plotRatio'), kpi('buildingCoverage')],
      { subtitle: efficiencySubtitle }),
    slide('idle', bi('闲置土地处置', 'Idle land by disposal'),
      map({ camera: fitIds(idleIds, parkFit), layers: { kinds: ['park', 'zone', 'parcel', 'idle'], ids: [] }, parcelStyle: { by: 'faded' } }),
      [kpi('idleCount'), kpi('idleArea'), kpi('idleFee'), kpi('reclaimCount')],
      { chart: 'idleByDisposal', subtitle: bi('《闲置土地处置办法》（国土资源部令第53号）', 'Measures on Idle Land (MLR Order No. 53)') }),
    slide('relocation', bi('村庄迁并进度', 'Village relocation progress'),
      map({ camera: parkFit, layers: { kinds: ['park', 'zone', 'parcel', 'relocation'], ids: [] }, parcelStyle: { by: 'faded' } }),
      [kpi('villagesDone'), kpi('peopleMoved'), kpi('unitsDone'), kpi('landFreed')],
      { subtitle: bi(`目标：${targets.name.zh}`, `Targets: ${targets.name.en}`) }),
    slide('conflicts', bi('五规合一：规划冲突', 'Five plans in one: conflicts'),
      map({ camera: parkFit, layers: { kinds: ['park', 'plan'], ids: [] }, planTypes: ['land_use', 'eco_env'] }),
      [kpi('conflictArea.basic_farmland'), kpi('conflictArea.eco_red_line'), kpi('conflictArea.outside_construction_zone'), kpi('conflictArea.landuse_mismatch')],
      { chart: 'conflictsByType' }),
    slide('largeProjects', bi('300 亩以上项目', 'Projects of 300 mu or more'),
      map({ camera: fitKinds(['park'], 30, -12, parkId), parcelStyle: { by: 'highlight' }, highlight: largeIds }),
      [kpi('largeProjectCount'), kpi('largeProjectArea'), kpi('parcelArea')],
      { subtitle: bi('重点检查占地 300 亩以上项目用地效率（驻马店2014方案）', 'Land efficiency review of projects ≥ 300 mu (Zhumadian 2014)') }),
  ];
  return { version: DECK_VERSION, parkId, slides };
}

/** A slide about one village (households, people, units, land freed; status and target year on the panel). */
export function villageSlide(evaluation: Evaluation, villageId: string, id: string): Slide | null {
  const v = evaluation.relocation.villages.find((x) => x.id === villageId);
  if (!v) return null;
  const name = v.village ?? v.id;
  return slide('village', bi(`村庄迁并：${name}`, `Village relocation: ${name}`),
    map({ camera: { type: 'fit', target: { featureIds: [v.id] }, pitch: 0, bearing: 0 }, layers: { kinds: ['park', 'zone', 'parcel', 'relocation'], ids: [] }, parcelStyle: { by: 'faded' }, highlight: [v.id] }),
    [kpi('village.households', v.id), kpi('village.population', v.id), kpi('village.units', v.id), kpi('village.landFreed', v.id)],
    { id, village: v.id });
}
