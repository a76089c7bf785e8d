// Reads a deck from JSON (the project file, localStorage, an imported file). Strict: a deck with a problem is not
// used, and every problem names the slide (by position and id) and the field, so nothing is silently dropped.
import { PLAN_TYPES, type PlanType } from '../schema/types';
import { problem, type Problem } from '../schema/problems';
import { isFigureKey } from './figures';
import type { Bilingual } from './labels';
import {
  CHART_KINDS, DECK_VERSION, MAX_KPIS, PARCEL_METRICS, SLIDE_KINDS, SLIDE_LAYER_KINDS,
  type Deck, type ParcelStyle, type Slide, type SlideCamera, type SlideMap,
} from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBilingual = (v: unknown): v is Bilingual => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function checkCamera(c: unknown, bad: (field: string, en: string, zh: string) => void): c is SlideCamera {
  if (!isObject(c)) return bad('map.camera', 'needs an object', '需要对象'), false;
  if (!isNum(c.pitch) || c.pitch < 0 || c.pitch > 85) bad('map.camera.pitch', 'pitch: 0–85 degrees', 'pitch：0–85 度');
  if (!isNum(c.bearing)) bad('map.camera.bearing', 'bearing: a number of degrees', 'bearing：角度数值');
  if (c.type === 'fit') {
    const t = c.target;
    const kinds = isObject(t) && Array.isArray(t.layerKinds) && t.layerKinds.every((k) => (SLIDE_LAYER_KINDS as readonly unknown[]).includes(k))
      && (t.park === undefined || typeof t.park === 'string');
    const ok = isObject(t) && (kinds || isStringArray(t.featureIds));
    if (!ok) bad('map.camera.target', 'target: { layerKinds: [...], park?: "id" } or { featureIds: [...] }', 'target：应为 { layerKinds, park? } 或 { featureIds }');
  } else if (c.type === 'view') {
    const center = c.center;
    if (!Array.isArray(center) || center.length !== 2 || !isNum(center[0]) || !isNum(center[1]) || Math.abs(center[0]) > 180 || Math.abs(center[1]) > 90) {
      bad('map.camera.center', 'center: [longitude, latitude]', 'center：[经度, 纬度]');
    }
    if (!isNum(c.zoom) || c.zoom < 0 || c.zoom > 24) bad('map.camera.zoom', 'zoom: 0–24', 'zoom：0–24');
  } else bad('map.camera.type', 'type: "fit" or "view"', 'type：应为 "fit" 或 "view"');
  return true;
}

function checkStyle(s: unknown): s is ParcelStyle {
  if (!isObject(s)) return false;
  if (s.by === 'landUse' || s.by === 'compliance' || s.by === 'highlight' || s.by === 'faded') return true;
  return s.by === 'metric' && (PARCEL_METRICS as readonly unknown[]).includes(s.metric) && ['quantile', 'equalInterval', 'threshold'].includes(s.method as string);
}

function checkMap(m: unknown, bad: (field: string, en: string, zh: string) => void): m is SlideMap {
  if (!isObject(m)) return bad('map', 'needs an object', '需要对象'), false;
  checkCamera(m.camera, bad);
  const layers = m.layers;
  if (!isObject(layers) || !Array.isArray(layers.kinds) || !layers.kinds.every((k) => (SLIDE_LAYER_KINDS as readonly unknown[]).includes(k)) || !isStringArray(layers.ids)) {
    bad('map.layers', `layers: { kinds: [${SLIDE_LAYER_KINDS.join(', ')}], ids: [...] }`, 'layers：应为 { kinds, ids }');
  }
  if (m.planTypes !== null && !(Array.isArray(m.planTypes) && m.planTypes.every((p) => (PLAN_TYPES as readonly unknown[]).includes(p as PlanType)))) {
    bad('map.planTypes', 'planTypes: null or a list of plan types', 'planTypes：null 或规划类型列表');
  }
  if (!checkStyle(m.parcelStyle)) bad('map.parcelStyle', 'parcelStyle: by landUse | compliance | metric | highlight | faded', 'parcelStyle 无效');
  if (m.extrude !== null && m.extrude !== 'plotRatio' && m.extrude !== 'floorArea') bad('map.extrude', 'extrude: null, "plotRatio" or "floorArea"', 'extrude：null、"plotRatio" 或 "floorArea"');
  if (!isStringArray(m.highlight)) bad('map.highlight', 'highlight: a list of feature ids', 'highlight：要素编号列表');
  return true;
}

/** A deck from parsed JSON, or the problems (each naming `file`, the slide and the field). */
export function parseDeck(json: unknown, file: string): { ok: true; deck: Deck } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const top = (field: string, en: string, zh: string) => problems.push(problem('error', 'deck-invalid', { file, field }, en, zh));
  if (!isObject(json)) return { ok: false, problems: [problem('error', 'deck-invalid', { file }, 'not a JSON object', '不是 JSON 对象')] };
  if (json.version !== DECK_VERSION) top('version', `version: expected ${DECK_VERSION}, found ${JSON.stringify(json.version)}`, `version：应为 ${DECK_VERSION}，实为 ${JSON.stringify(json.version)}`);
  if (json.parkId !== null && typeof json.parkId !== 'string') top('parkId', 'parkId: a park id or null', 'parkId：园区编号或 null');
  if (!Array.isArray(json.slides)) {
    top('slides', 'slides: needs a list', 'slides：需要列表');
    return { ok: false, problems };
  }
  const ids = new Set<string>();
  json.slides.forEach((s: unknown, i: number) => {
    const sid = isObject(s) && typeof s.id === 'string' ? s.id : undefined;
    const bad = (field: string, en: string, zh: string) =>
      problems.push(problem('error', 'slide-invalid', { file, featureIndex: i, ...(sid !== undefined ? { featureId: sid } : {}), field: `slides[${i}].${field}` }, `slide ${i + 1}: ${en}`, `第 ${i + 1} 页：${zh}`));
    if (!isObject(s)) return bad('', 'needs an object', '需要对象');
    if (typeof s.id !== 'string' || s.id === '') bad('id', 'id: a non-empty string', 'id：非空字符串');
    else if (ids.has(s.id)) bad('id', `id "${s.id}" is used twice`, `编号 "${s.id}" 重复`);
    else ids.add(s.id);
    if (!(SLIDE_KINDS as readonly unknown[]).includes(s.kind)) bad('kind', `kind: one of ${SLIDE_KINDS.join(', ')}`, '类型无效');
    if (!isBilingual(s.title)) bad('title', 'title: { "zh", "en" }', 'title：应为 { "zh", "en" }');
    if (s.subtitle !== null && !isBilingual(s.subtitle)) bad('subtitle', 'subtitle: null or { "zh", "en" }', 'subtitle：null 或 { "zh", "en" }');
    if (typeof s.notes !== 'string') bad('notes', 'notes: text', 'notes：文本');
    checkMap(s.map, bad);
    if (!Array.isArray(s.kpis) || s.kpis.length > MAX_KPIS) bad('kpis', `kpis: a list of at most ${MAX_KPIS}`, `kpis：至多 ${MAX_KPIS} 项`);
    else s.kpis.forEach((k: unknown, j: number) => {
      if (!isObject(k) || !isFigureKey(k.figure) || (k.scope !== null && typeof k.scope !== 'string')) {
        bad(`kpis[${j}]`, `kpi ${j + 1}: { figure: a known figure, scope: an id or null }`, `第 ${j + 1} 个指标无效`);
      }
    });
    if (s.chart !== null && !(CHART_KINDS as readonly unknown[]).includes(s.chart)) bad('chart', `chart: null or one of ${CHART_KINDS.join(', ')}`, '图表类型无效');
    if (s.village !== null && typeof s.village !== 'string') bad('village', 'village: a village id or null', 'village：村庄编号或 null');
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, deck: json as unknown as Deck };
}

/** A slide must round-trip through JSON unchanged (the deck is stored as text). */
export const cloneSlide = (s: Slide): Slide => JSON.parse(JSON.stringify(s)) as Slide;
