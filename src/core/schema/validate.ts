// Validation of one input layer: GeoJSON structure (geojson-validation) plus our own checks (DESIGN §3, §7).
// Never throws and never drops a feature: broken features stay in the layer, listed in `invalidIds`.
import gjv from 'geojson-validation';
import type { Feature, Position } from 'geojson';
import { cleanRing, classifyCoordinates, isValidPosition, polygonRingsIssue, ringSelfIntersection } from './geometry';
import { readRecord, type KindRecords } from './fields';
import { problem, type Problem } from './problems';
import { LAYER_KINDS, type AreaGeometry, type Layer, type LayerKind } from './types';

export interface ValidatedLayer<K extends LayerKind = LayerKind> {
  kind: K;
  layer: Layer<K>;
  /** Typed records, one per feature, in file order. */
  records: KindRecords[K][];
  /** Ids of features whose geometry cannot be used (no area, not drawn). */
  invalidIds: string[];
  problems: Problem[];
}

export type LayerResult = { ok: true; value: ValidatedLayer } | { ok: false; problems: Problem[] };

// Properties that only one kind has, for inferring a missing `kind` (DESIGN §10).
const KIND_MARKERS: Record<LayerKind, string[]> = {
  park: ['parkClass', 'leadingIndustries', 'stars'],
  zone: ['zoneType'],
  parcel: ['landUse', 'enterprise', 'investmentWan', 'floorAreaM2', 'footprintAreaM2', 'agreedStartDate', 'actualStartDate', 'isLeadingIndustry', 'industry'],
  relocation: ['village', 'households', 'population', 'resettlementUnits'],
  plan: ['planType', 'planClass'],
};

/** Infers the kind from the properties the features carry; null when no kind stands out. */
export function inferKind(features: readonly unknown[]): LayerKind | null {
  const score: Record<LayerKind, number> = { park: 0, zone: 0, parcel: 0, relocation: 0, plan: 0 };
  for (const f of features.slice(0, 500)) {
    const props = (f as Feature)?.properties;
    if (!props || typeof props !== 'object') continue;
    for (const kind of LAYER_KINDS) for (const key of KIND_MARKERS[kind]) if (key in props) score[kind]++;
  }
  const ranked = LAYER_KINDS.filter((k) => score[k] > 0).sort((a, b) => score[b] - score[a]);
  if (ranked.length === 0) return null;
  if (ranked.length > 1 && score[ranked[1]] === score[ranked[0]]) return null;
  return ranked[0];
}

function featureIdOf(f: Record<string, unknown>): string | null {
  const raw = f.id ?? (f.properties as Record<string, unknown> | null | undefined)?.id;
  if (typeof raw === 'string' && raw.trim() !== '') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

interface GeometryCheck {
  geometry: AreaGeometry | null;
  problems: Array<{ severity: 'error' | 'warning'; code: string; en: string; zh: string }>;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(1) : String(Number(v.toFixed(7))));

/** Checks and repairs (closes rings, drops repeated points) one area geometry; the result is a new object. */
export function checkGeometry(geometry: unknown): GeometryCheck {
  const problems: GeometryCheck['problems'] = [];
  const fail = (code: string, en: string, zh: string): GeometryCheck => {
    problems.push({ severity: 'error', code, en, zh });
    return { geometry: null, problems };
  };
  if (geometry === null || geometry === undefined) return fail('geometry-missing', 'has no geometry', '没有几何图形');
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return fail('geometry-type', `geometry type ${JSON.stringify(g.type)} is not an area (Polygon or MultiPolygon)`, `几何类型 ${JSON.stringify(g.type)} 不是面（Polygon 或 MultiPolygon）`);
  }
  const polygons: unknown = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return fail('coordinates-missing', 'has no coordinates', '没有坐标');
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let unclosed = 0;
  const cleaned: Position[][][] = [];
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return fail('coordinates-missing', 'a polygon has no rings', '某个多边形没有环');
    const cleanRings: Position[][] = [];
    for (const ring of rings) {
      if (!Array.isArray(ring)) return fail('coordinates-invalid', 'a ring is not a list of positions', '某个环不是坐标列表');
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i];
        if (!isValidPosition(p)) {
          return fail('coordinate-invalid', `position ${i + 1} of a ring is not a pair of finite numbers: ${JSON.stringify(p)?.slice(0, 60)}`, `环的第 ${i + 1} 个点不是有效的数值坐标: ${JSON.stringify(p)?.slice(0, 60)}`);
        }
        if (p[0] < minX) minX = p[0];
        if (p[0] > maxX) maxX = p[0];
        if (p[1] < minY) minY = p[1];
        if (p[1] > maxY) maxY = p[1];
      }
      const { ring: closed, wasClosed } = cleanRing(ring as Position[]);
      if (!wasClosed) unclosed++;
      if (closed.length < 4) {
        return fail('ring-too-short', `a ring has ${closed.length < 2 ? closed.length : closed.length - 1} distinct points; an area needs at least 3`, `某个环只有 ${closed.length < 2 ? closed.length : closed.length - 1} 个不同的点，面至少需要 3 个`);
      }
      cleanRings.push(closed);
    }
    cleaned.push(cleanRings);
  }
  const space = classifyCoordinates(minX, minY, maxX, maxY);
  if (space === 'projected') {
    return fail('coordinates-projected', `coordinates look projected in metres (x ${fmt(minX)}…${fmt(maxX)}, y ${fmt(minY)}…${fmt(maxY)}), e.g. Gauss-Kruger; convert to longitude/latitude first (park-atlas convert FILE --zone N, or import the file and choose the zone)`, `坐标像是投影坐标（米，x ${fmt(minX)}…${fmt(maxX)}，y ${fmt(minY)}…${fmt(maxY)}），如高斯-克吕格；请先转换为经纬度（park-atlas convert 文件 --zone 带号，或导入文件并选择分带）`);
  }
  if (space === 'swapped') {
    return fail('coordinates-swapped', `coordinates look like latitude/longitude in swapped order (x ${fmt(minX)}…${fmt(maxX)}, y ${fmt(minY)}…${fmt(maxY)}); GeoJSON is longitude first`, `坐标的经纬度顺序似乎颠倒（x ${fmt(minX)}…${fmt(maxX)}，y ${fmt(minY)}…${fmt(maxY)}）；GeoJSON 应经度在前`);
  }
  if (space === 'out-of-range') {
    return fail('coordinates-out-of-range', `coordinates outside longitude/latitude range (x ${fmt(minX)}…${fmt(maxX)}, y ${fmt(minY)}…${fmt(maxY)})`, `坐标超出经纬度范围（x ${fmt(minX)}…${fmt(maxX)}，y ${fmt(minY)}…${fmt(maxY)}）`);
  }
  for (let k = 0; k < cleaned.length; k++) {
    const rings = cleaned[k];
    for (const ring of rings) {
      const at = ringSelfIntersection(ring);
      if (at) {
        return fail('ring-self-intersection', `ring crosses or touches itself near ${fmt(at[0])}, ${fmt(at[1])}`, `环在 ${fmt(at[0])}, ${fmt(at[1])} 附近自相交或自接触`);
      }
    }
    const issue = polygonRingsIssue(rings);
    if (issue) {
      const part = cleaned.length > 1 ? { en: `polygon ${k + 1}: `, zh: `第 ${k + 1} 个多边形：` } : { en: '', zh: '' };
      if (issue.kind === 'crossing') {
        const [a, b] = issue.rings;
        const [x, y] = issue.at;
        return fail('rings-cross', `${part.en}ring ${b + 1} (a hole) crosses ring ${a + 1}${a === 0 ? ' (the outer ring)' : ''} near ${fmt(x)}, ${fmt(y)}`, `${part.zh}第 ${b + 1} 个环（内环）与第 ${a + 1} 个环${a === 0 ? '（外环）' : ''}在 ${fmt(x)}, ${fmt(y)} 附近相交`);
      }
      return fail('hole-outside', `${part.en}ring ${issue.ring + 1} (a hole) lies outside the outer ring`, `${part.zh}第 ${issue.ring + 1} 个环（内环）位于外环之外`);
    }
  }
  if (unclosed > 0) problems.push({ severity: 'warning', code: 'ring-unclosed', en: `${unclosed} ring(s) not closed; closed automatically`, zh: `${unclosed} 个环未闭合，已自动闭合` });
  const repaired: AreaGeometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: cleaned[0] } : { type: 'MultiPolygon', coordinates: cleaned };
  return { geometry: repaired, problems };
}

/** The message for JSON that is not an object at all (an array, a string, null …). */
export function notGeoJsonObject(json: unknown): { en: string; zh: string } {
  const found = Array.isArray(json) ? { en: 'a JSON array', zh: 'JSON 数组' } : json === null ? { en: 'null', zh: 'null' } : { en: `a ${typeof json}`, zh: typeof json === 'string' ? '字符串' : typeof json === 'number' ? '数字' : typeof json };
  return {
    en: `is not a GeoJSON object: it holds ${found.en}, where a FeatureCollection {"type": "FeatureCollection", "features": [...]} is expected`,
    zh: `不是 GeoJSON 对象：内容为${found.zh}，应为 FeatureCollection {"type": "FeatureCollection", "features": [...]}`,
  };
}

type DamagedText = Map<string, { count: number; first: { file: string; featureId: string; featureIndex: number }; value: string }>;

const describeText = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

/** Notes text fields holding U+FFFD (a replacement character): names garbled before the file reached us. */
function noteDamagedText(properties: Record<string, unknown>, where: { file: string; featureId: string; featureIndex: number }, damaged: DamagedText): void {
  for (const key in properties) {
    const value = properties[key];
    const hit = typeof value === 'string' && value.includes('\uFFFD') ? value : key.includes('\uFFFD') ? key : null;
    if (hit === null) continue;
    const d = damaged.get(key);
    if (d) d.count++;
    else damaged.set(key, { count: 1, first: where, value: hit });
  }
}

/**
 * The file-level problem of a top-level object that is neither a FeatureCollection with a "features" array nor a
 * lone Feature; null when it is one of those.
 */
export function topLevelProblem(type: unknown, hasFeaturesArray: boolean, file: string): Problem | null {
  if (type === 'FeatureCollection') return hasFeaturesArray ? null : problem('error', 'features-missing', { file }, 'FeatureCollection has no "features" array', 'FeatureCollection 缺少 "features" 数组');
  if (type === 'Feature') return null;
  return problem('error', 'wrong-type', { file }, `top-level type is ${JSON.stringify(type) ?? 'missing'}, expected "FeatureCollection"`, `顶层类型为 ${JSON.stringify(type) ?? '缺失'}，应为 "FeatureCollection"`);
}

/** The warning for a file holding one Feature rather than a FeatureCollection. */
export const singleFeatureProblem = (file: string) => problem('warning', 'single-feature', { file }, 'is a single Feature, read as a collection of one', '是单个要素，按只含一个要素的集合读取');

/** The layer's kind: its top-level `kind`, else `expectedKind`, else inferred from its features; or the file-level problem. */
export function resolveKind(top: Record<string, unknown>, file: string, expectedKind: LayerKind | undefined, infer: () => LayerKind | null): { ok: true; kind: LayerKind } | { ok: false; problem: Problem } {
  const fileProblem = (code: string, en: string, zh: string) => ({ ok: false as const, problem: problem('error', code, { file }, en, zh) });
  let kind: LayerKind | null = null;
  if (typeof top.kind === 'string') {
    if (!(LAYER_KINDS as readonly string[]).includes(top.kind)) {
      return fileProblem('kind-unknown', `unknown layer kind ${JSON.stringify(top.kind)}; expected one of ${LAYER_KINDS.join(', ')}`, `未知图层类型 ${JSON.stringify(top.kind)}，应为 ${LAYER_KINDS.join('、')} 之一`);
    }
    kind = top.kind as LayerKind;
  }
  if (expectedKind && kind && expectedKind !== kind) {
    return fileProblem('kind-mismatch', `layer kind is "${kind}" but "${expectedKind}" was expected`, `图层类型为 "${kind}"，但应为 "${expectedKind}"`);
  }
  kind = kind ?? expectedKind ?? infer();
  if (!kind) {
    return fileProblem('kind-unknown', `has no top-level "kind" and its properties do not tell whether it is a park, zone, parcel, relocation or plan layer; add "kind"`, `缺少顶层 "kind"，且无法从属性判断图层类型（park、zone、parcel、relocation、plan）；请添加 "kind"`);
  }
  return { ok: true, kind };
}

/** Checks a layer's features in file order, one batch at a time: ids stay unique across batches (validateLayer's loop). */
export interface FeatureValidation<K extends LayerKind = LayerKind> {
  /** Checks the next features; their results are appended to `features`, `records`, `invalidIds` and the problems. */
  add(features: readonly unknown[]): void;
  /** Features checked so far. */
  readonly count: number;
  readonly features: Layer<K>['features'];
  readonly records: KindRecords[K][];
  /** Adds the closing problems and builds the layer from the top-level members (`features` among them is replaced). */
  finish(top: Record<string, unknown>): ValidatedLayer<K>;
}

/** Starts checking the features of a layer of `kind`; problems are appended to `problems`. */
export function featureValidation(file: string, kind: LayerKind, problems: Problem[]): FeatureValidation {
  const seen = new Map<string, number>();
  const damaged: DamagedText = new Map();
  const invalidIds: string[] = [];
  const outFeatures: Layer['features'] = [];
  const records: KindRecords[LayerKind][] = [];
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  let index = 0;
  const add = (features: readonly unknown[]): void => {
    for (let k = 0; k < features.length; k++, index++) {
      const raw = features[k];
      if (raw === null || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'Feature') {
        problems.push(problem('error', 'feature-invalid', { file, featureIndex: index }, 'is not a GeoJSON Feature', '不是 GeoJSON 要素 (Feature)'));
        continue;
      }
      const f = raw as Record<string, unknown>;
      let id = featureIdOf(f);
      if (id === null) {
        id = `${base}#${index + 1}`;
        problems.push(problem('warning', 'id-missing', { file, featureIndex: index, featureId: id }, `has no id; called "${id}"`, `缺少 id，暂称 "${id}"`));
      } else if (seen.has(id)) {
        const first = seen.get(id)!;
        const original = id;
        id = `${id}#${index + 1}`;
        problems.push(problem('error', 'id-duplicate', { file, featureIndex: index, featureId: original }, `id "${original}" is used again (first by feature #${first + 1}); renamed "${id}" here`, `id "${original}" 重复（第 ${first + 1} 个要素已使用）；此处改称 "${id}"`));
      }
      seen.set(id, index);
      const where = { file, featureId: id, featureIndex: index };
      let properties = f.properties as Record<string, unknown> | null | undefined;
      if (properties === undefined) {
        problems.push(problem('warning', 'properties-missing', where, 'has no "properties" member', '缺少 "properties" 成员'));
        properties = null;
      } else if (properties !== null && (typeof properties !== 'object' || Array.isArray(properties))) {
        problems.push(problem('error', 'properties-invalid', where, '"properties" is not an object', '"properties" 不是对象'));
        properties = null;
      }
      if (properties) noteDamagedText(properties, where, damaged);
      const check = checkGeometry(f.geometry);
      for (const p of check.problems) problems.push(problem(p.severity, p.code, where, p.en, p.zh));
      const feature = { ...f, type: 'Feature', id, properties: properties ?? {}, geometry: check.geometry ?? (f.geometry as AreaGeometry) } as Layer['features'][number];
      if (check.geometry) {
        // geojson-validation checks the Feature's members; the geometry was checked above, more strictly and faster.
        const trace = gjv.isFeature({ ...feature, geometry: null }, true) as string[];
        if (trace.length > 0) {
          problems.push(problem('error', 'geojson-invalid', where, `invalid GeoJSON: ${trace.slice(0, 3).join('; ')}`, `GeoJSON 无效: ${trace.slice(0, 3).join('; ')}`));
          invalidIds.push(id);
        }
      } else {
        invalidIds.push(id);
      }
      outFeatures.push(feature);
      records.push(readRecord(kind, properties ?? null, where, problems));
    }
  };
  const finish = (top: Record<string, unknown>): ValidatedLayer => {
    if (index === 0) problems.push(problem('warning', 'empty', { file }, 'has no features', '没有要素'));
    for (const [field, d] of damaged) {
      problems.push(problem('warning', 'text-damaged', { ...d.first, field }, `holds ${describeText(d.value)} with "\uFFFD", the mark of characters lost when text was decoded with the wrong encoding (GBK read as UTF-8?)${d.count > 1 ? `; ${d.count} features have this` : ''}; the original text is not in this file: ask for a new export`, `值 ${describeText(d.value)} 含有 "\uFFFD"，即文本曾按错误编码解码（如 GBK 按 UTF-8 读取）而丢失的字符${d.count > 1 ? `；共 ${d.count} 个要素如此` : ''}；本文件已无原文，请重新导出`));
    }
    const layer = { ...top, type: 'FeatureCollection', kind, features: outFeatures } as Layer;
    if (typeof top.name !== 'string') layer.name = base;
    return { kind, layer, records, invalidIds, problems };
  };
  return { add, get count() { return index; }, features: outFeatures, records, finish };
}

/**
 * Validates parsed JSON as a layer of `expectedKind` (or its own top-level `kind`, or an inferred one).
 * Errors on the file as a whole give `ok: false`; errors on single features are listed but the layer is kept.
 */
export function validateLayer(json: unknown, file: string, expectedKind?: LayerKind): LayerResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const m = notGeoJsonObject(json);
    return { ok: false, problems: [problem('error', 'not-geojson', { file }, m.en, m.zh)] };
  }
  const top = json as Record<string, unknown>;
  const shape = topLevelProblem(top.type, Array.isArray(top.features), file);
  if (shape) return { ok: false, problems: [shape] };
  const problems: Problem[] = [];
  const features = top.type === 'FeatureCollection' ? (top.features as unknown[]) : [top];
  if (top.type === 'Feature') problems.push(singleFeatureProblem(file));
  const kind = resolveKind(top, file, expectedKind, () => inferKind(features));
  if (!kind.ok) return { ok: false, problems: [kind.problem] };
  const validation = featureValidation(file, kind.kind, problems);
  validation.add(features);
  return { ok: true, value: validation.finish(top) };
}
