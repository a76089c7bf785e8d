// Edits of a layer's features that need no geometry library: add a drawn parcel, replace a geometry, delete, set
// properties. Each returns a new collection sharing every untouched feature object (the undo history keeps many
// versions cheaply) or a reason in both languages. Split and merge (turf, polygon-clipping) are in geometryOps.ts.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { featureId } from '../../map/featureInfo';

export interface Bilingual {
  zh: string;
  en: string;
}

export type EditResult = { ok: true; data: FeatureCollection; ids: string[] } | { ok: false; reason: Bilingual };

export type Area = Polygon | MultiPolygon;

export const fail = (zh: string, en: string): EditResult => ({ ok: false, reason: { zh, en } });

export function indexOf(fc: FeatureCollection, id: string): number {
  return fc.features.findIndex((f) => featureId(f) === id);
}

/** A feature with a new id (the GeoJSON id, and properties.id when the file kept it there). */
export function withId(f: Feature, id: string, geometry: Area): Feature {
  const props = { ...(f.properties ?? {}) };
  if ('id' in props) props.id = id;
  return { ...f, id, properties: props, geometry };
}

/**
 * The next free id in the style of the layer's ids: "RH-245" follows "RH-244" (same prefix and padding);
 * otherwise `${fallbackPrefix}-1`, `-2` …
 */
export function nextFeatureId(fc: FeatureCollection, fallbackPrefix = 'NEW'): string {
  const ids = new Set(fc.features.map(featureId).filter((x): x is string => x !== null));
  const counts = new Map<string, { n: number; width: number; max: number }>();
  for (const id of ids) {
    const m = /^(.*?)(\d+)$/.exec(id);
    if (!m) continue;
    const e = counts.get(m[1]) ?? { n: 0, width: m[2].length, max: 0 };
    e.n++;
    e.max = Math.max(e.max, Number(m[2]));
    e.width = Math.max(e.width, m[2].length);
    counts.set(m[1], e);
  }
  const best = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  if (best && best[1].n >= 2) {
    const [prefix, e] = best;
    for (let k = e.max + 1; ; k++) {
      const id = `${prefix}${String(k).padStart(e.width, '0')}`;
      if (!ids.has(id)) return id;
    }
  }
  for (let k = 1; ; k++) {
    const id = `${fallbackPrefix}-${k}`;
    if (!ids.has(id)) return id;
  }
}

/** `base`, else `base-2`, `base-3` … whichever is not taken. */
export function freeId(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export const idsOf = (fc: FeatureCollection) => new Set(fc.features.map(featureId).filter((x): x is string => x !== null));

function closedRing(ring: Position[]): Position[] {
  const r = ring.map((p) => [p[0], p[1]]);
  const a = r[0];
  const b = r[r.length - 1];
  if (r.length > 0 && (a[0] !== b[0] || a[1] !== b[1])) r.push([a[0], a[1]]);
  return r;
}

/** A drawn polygon is usable: a closed outer ring of at least three distinct corners. */
function checkPolygon(geometry: Polygon): Bilingual | null {
  const ring = geometry.coordinates[0];
  if (!ring) return { zh: '多边形没有外环', en: 'the polygon has no outer ring' };
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return { zh: '多边形至少需要三个不同的顶点', en: 'a polygon needs at least three distinct corners' };
  return null;
}

/** Adds a drawn parcel with a new id and the given properties (empty by default), on top of the layer. */
export function addFeature(fc: FeatureCollection, geometry: Polygon, properties: Record<string, unknown> = {}, id = nextFeatureId(fc)): EditResult {
  const bad = checkPolygon(geometry);
  if (bad) return { ok: false, reason: bad };
  const clean: Polygon = { type: 'Polygon', coordinates: geometry.coordinates.map(closedRing) };
  const feature: Feature = { type: 'Feature', id, properties: { ...properties }, geometry: clean };
  return { ok: true, data: { ...fc, features: [...fc.features, feature] }, ids: [id] };
}

/** The same feature (id, properties) with a new geometry, e.g. after moving vertices. */
export function replaceGeometry(fc: FeatureCollection, id: string, geometry: Area): EditResult {
  const at = indexOf(fc, id);
  if (at < 0) return fail(`找不到要素 ${id}`, `feature ${id} not found`);
  if (geometry.type === 'Polygon') {
    const bad = checkPolygon(geometry);
    if (bad) return { ok: false, reason: bad };
  }
  const features = fc.features.slice();
  features[at] = { ...fc.features[at], geometry };
  return { ok: true, data: { ...fc, features }, ids: [id] };
}

/** Removes a feature. */
export function deleteFeature(fc: FeatureCollection, id: string): EditResult {
  const at = indexOf(fc, id);
  if (at < 0) return fail(`找不到要素 ${id}`, `feature ${id} not found`);
  return { ok: true, data: { ...fc, features: fc.features.filter((_, i) => i !== at) }, ids: [] };
}

/** Properties replaced wholesale (the attribute editor hands over the complete, checked set). */
export function setProperties(fc: FeatureCollection, id: string, properties: Record<string, unknown>): EditResult {
  const at = indexOf(fc, id);
  if (at < 0) return fail(`找不到要素 ${id}`, `feature ${id} not found`);
  const features = fc.features.slice();
  features[at] = { ...fc.features[at], properties: { ...properties } };
  return { ok: true, data: { ...fc, features }, ids: [id] };
}
