// Thematic styling of parcels from core's figures: values and checks come from the evaluation (never recomputed),
// class breaks from core/classify; this module only picks colours and writes legend labels in the user's language.
import type { Feature, FeatureCollection } from 'geojson';
import { classBreaks, classCount, classOf, type ClassBreaks, type ClassMethod } from '../../core/classify';
import type { ParcelResult } from '../../core/evaluate';
import { DEFAULT_RULESET, rulesForPark, type Op } from '../../core/rules/ruleset';
import { formatNumber, unitLabel, type Locale } from '../../core/units';
import { featureId } from '../../map/featureInfo';
import { MISSING_FILL, MISSING_LINE } from '../../map/layerStyle';
import type { DerivedLayer, MapLayer, Rgba, Thematic, ThematicClass } from '../../map/types';
import type { EvaluatedProject } from '../data/evaluation';
import { t, type Lang } from '../i18n';
import type { ThemeMetric, ThemeSetting } from '../urlState';

type NumericMetric = Exclude<ThemeMetric, 'none' | 'compliance'>;
type Value = { v: number } | 'missing' | 'na';

const PARCEL_LINE: Rgba = [255, 255, 255, 235];
/** Not applicable: almost no fill, so the zone shows through and nothing reads as a class colour. */
const NA_FILL: Rgba = [252, 252, 252, 90];
const NA_LINE: Rgba = [196, 201, 208, 255];
const ALPHA = 235;

/** Sequential ramp (light → dark), for quantile and equal interval: no good or bad implied. */
const SEQUENTIAL: [number, number, number][] = [
  [255, 245, 190], [199, 233, 180], [127, 205, 187], [65, 182, 196], [34, 120, 180], [37, 52, 148],
];
/** Diverging around a policy threshold: reds fail (darker = farther), blues pass. */
const FAIL: [number, number, number][] = [[178, 24, 43], [226, 94, 62], [244, 150, 104]];
const PASS: [number, number, number][] = [[171, 206, 226], [103, 169, 207], [33, 102, 172]];

const rgba = (c: [number, number, number], a = ALPHA): Rgba => [c[0], c[1], c[2], a];

function pick<T>(ramp: T[], n: number, i: number): T {
  if (n <= 1) return ramp[Math.floor(ramp.length / 2)];
  return ramp[Math.round((i * (ramp.length - 1)) / (n - 1))];
}

/** The metric's value for a parcel: control indicators and tax apply to industrial land only (DESIGN §5). */
function valueOf(metric: NumericMetric, p: ParcelResult): Value {
  if (metric === 'idleYears') {
    if (p.idle.isIdle === null) return 'missing';
    if (p.idle.basis === null || p.idle.idleYears === null) return 'na';
    return { v: p.idle.idleYears };
  }
  if (p.landUse !== 'industrial') return 'na';
  const v = p[metric];
  return v === null ? 'missing' : { v };
}

interface Format {
  digits: number;
  percent: boolean;
  unit: (lang: Locale) => string;
}

const FORMATS: Record<NumericMetric, Format> = {
  investmentIntensity: { digits: 0, percent: false, unit: (l) => unitLabel('wanPerMu', l) },
  plotRatio: { digits: 2, percent: false, unit: () => '' },
  buildingCoverage: { digits: 0, percent: true, unit: () => '' },
  greenRatio: { digits: 0, percent: true, unit: () => '' },
  taxPerMu: { digits: 1, percent: false, unit: (l) => unitLabel('wanPerMu', l) },
  idleYears: { digits: 0, percent: false, unit: (l) => (l === 'zh' ? '年' : 'yr') },
};

function fmt(metric: NumericMetric, v: number, lang: Lang): string {
  const f = FORMATS[metric];
  return f.percent ? `${formatNumber(v * 100, lang, f.digits)}%` : formatNumber(v, lang, f.digits);
}

function withUnit(metric: NumericMetric, text: string, lang: Lang): string {
  const u = FORMATS[metric].unit(lang);
  return u ? `${text} ${u}` : text;
}

/** The policy threshold: the one core applied to most parcels (its checks), else the rules file's default. */
function thresholdOf(metric: NumericMetric, parcels: readonly ParcelResult[]): { value: number; op: Op } | null {
  if (metric === 'idleYears') return { value: 1, op: '<' }; // idle from one full year (闲置土地处置办法 第二条)
  const tally = new Map<string, { value: number; op: Op; n: number }>();
  for (const p of parcels) {
    for (const c of p.checks) {
      if (c.rule !== metric || c.threshold === null || c.op === null) continue;
      const k = `${c.op}${c.threshold}`;
      const e = tally.get(k) ?? { value: c.threshold, op: c.op, n: 0 };
      e.n++;
      tally.set(k, e);
    }
  }
  const best = [...tally.values()].sort((a, b) => b.n - a.n)[0];
  if (best) return { value: best.value, op: best.op };
  const rules = rulesForPark(DEFAULT_RULESET, null);
  if (metric === 'investmentIntensity') return rules.investmentIntensity.byParkClass.central;
  const r = rules[metric];
  return { value: r.value, op: r.op };
}

const opText: Record<Op, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

function missingClass(lang: Lang): ThematicClass {
  return { key: 'missing', label: t(lang, 'theme.missing'), fill: MISSING_FILL, line: MISSING_LINE, hatch: true };
}

function naClass(metric: ThemeMetric, lang: Lang): ThematicClass {
  return { key: 'na', label: t(lang, metric === 'idleYears' ? 'theme.noIdleRoute' : 'theme.notApplicable'), fill: NA_FILL, line: NA_LINE };
}

export function metricLabel(metric: ThemeMetric, lang: Lang): string {
  return t(lang, `theme.metric.${metric}` as Parameters<typeof t>[1]);
}

/** The thematic styling of the parcels for a setting, or null for the land-use cartography. */
export function buildThematic(setting: ThemeSetting, evaluated: EvaluatedProject | null, lang: Lang): Thematic | null {
  if (setting.metric === 'none' || !evaluated) return null;
  const parcels = evaluated.evaluation.parcels;
  const classOfId = new Map<string, number>();

  if (setting.metric === 'compliance') {
    const classes: ThematicClass[] = [
      { key: 'pass', label: t(lang, 'theme.compliance.pass'), fill: rgba([84, 166, 104]), line: PARCEL_LINE },
      { key: 'fail', label: t(lang, 'theme.compliance.fail'), fill: rgba([214, 62, 52]), line: PARCEL_LINE },
      missingClass(lang),
    ];
    for (const p of parcels) {
      classOfId.set(p.id, p.compliance === 'fail' ? 1 : p.compliance === 'missing' ? 2 : 0);
    }
    return { id: `compliance:${lang}`, title: metricLabel('compliance', lang), classes, classOf: classOfId, fallbackClass: 2 };
  }

  const metric = setting.metric;
  const values = parcels.map((p) => valueOf(metric, p));
  const known = values.map((v) => (typeof v === 'object' ? v.v : null));
  const threshold = thresholdOf(metric, parcels);
  const method: ClassMethod = setting.method === 'threshold' && !threshold ? 'quantile' : setting.method;
  const k = method === 'threshold' ? 4 : 5;
  // "> X" and "≤ X" put X itself on the lower side of pass/fail.
  const thresholdBelow = threshold ? threshold.op === '>' || threshold.op === '<=' : false;
  const breaks: ClassBreaks | null = classBreaks(method, known, k, threshold?.value ?? null, thresholdBelow);
  const classes: ThematicClass[] = [];
  if (breaks) {
    const n = classCount(breaks);
    // For a "≥" rule the classes below the threshold fail; for a "≤" rule those above it do.
    const highIsGood = threshold ? threshold.op === '>=' || threshold.op === '>' : true;
    for (let i = 0; i < n; i++) {
      const lo = breaks.bounds[i];
      const hi = breaks.bounds[i + 1];
      let colour: [number, number, number];
      if (method === 'threshold' && breaks.thresholdIndex !== null) {
        const ti = breaks.thresholdIndex;
        const below = i < ti;
        const fails = highIsGood ? below : !below;
        // Distance from the threshold in classes, 0 = next to it.
        const dist = below ? ti - 1 - i : i - ti;
        const side = below ? ti : n - ti;
        const ramp = fails ? FAIL : PASS;
        const near = fails ? FAIL.length - 1 : 0;
        const step = side <= 1 ? 0 : Math.round((dist * (ramp.length - 1)) / (side - 1));
        colour = fails ? ramp[near - step] : ramp[near + step];
      } else colour = pick(SEQUENTIAL, n, i);
      const range = metric === 'idleYears' && lo === hi ? fmt(metric, lo, lang) : `${fmt(metric, lo, lang)} – ${fmt(metric, hi, lang)}`;
      classes.push({ key: `c${i}`, label: withUnit(metric, range, lang), fill: rgba(colour), line: PARCEL_LINE });
    }
  }
  const missingIndex = classes.length;
  classes.push(missingClass(lang));
  const naIndex = classes.length;
  classes.push(naClass(metric, lang));
  parcels.forEach((p, i) => {
    const v = values[i];
    const c = v === 'missing' ? missingIndex : v === 'na' || !breaks ? naIndex : (classOf(breaks, v.v) ?? missingIndex);
    classOfId.set(p.id, c);
  });
  let title = `${metricLabel(metric, lang)} · ${t(lang, `theme.method.${method}` as Parameters<typeof t>[1])}`;
  if (method === 'threshold' && threshold && metric !== 'idleYears') {
    title += ` (${opText[threshold.op]} ${withUnit(metric, fmt(metric, threshold.value, lang), lang)})`;
  }
  return { id: `${metric}:${method}:${lang}`, title, classes, classOf: classOfId, fallbackClass: naIndex };
}

export const IDLE_LAYER_ID = 'derived-idle';

/** Idle parcels by disposal (core's idle finding), or approaching idle; null when there is none. */
export function buildIdleLayer(parcelLayers: readonly MapLayer[], evaluated: EvaluatedProject | null): DerivedLayer | null {
  if (!evaluated || parcelLayers.length === 0) return null;
  const features: Feature[] = [];
  for (const layer of parcelLayers) {
    for (const f of layer.data.features) {
      const id = featureId(f);
      const p = id !== null ? evaluated.parcels.get(id) : undefined;
      if (!p) continue;
      const d = p.idle.isIdle === true && p.idle.disposal && p.idle.disposal !== 'none' ? p.idle.disposal : p.approaching ? 'approaching' : null;
      if (d) features.push({ ...f, properties: { ...f.properties, idleClass: d } });
    }
  }
  if (features.length === 0) return null;
  const data: FeatureCollection = { type: 'FeatureCollection', features };
  const top = parcelLayers[parcelLayers.length - 1];
  return { id: IDLE_LAYER_ID, kind: 'idle', data, visible: true, above: top.id, pickAs: top.id };
}
