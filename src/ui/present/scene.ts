// Puts a slide on a map: which layers show, how parcels are painted (land use, a metric's classes from core's
// figures, highlights), 3D extrusion, outlines, and the camera. The map draws; nothing here computes a figure.
import type { Feature, FeatureCollection } from 'geojson';
import type { VillageState } from '../../core/deck/relocation';
import type { ParcelStyle, Slide, SlideCamera, SlideLayerKind } from '../../core/deck/types';
import type { ConflictResult } from '../../core/overlay/types';
import type { PlanType } from '../../core/schema/types';
import { bboxOf } from '../../map/bounds';
import { extrusionFromValues, type Extrusion } from '../../map/extrusion';
import { featureId } from '../../map/featureInfo';
import { KIND_STYLES, MISSING_LINE } from '../../map/layerStyle';
import type { Camera, MapController } from '../../map/MapController';
import type { DerivedLayer, FeatureRef, MapLayer, MapLayerKind, Rgba, Thematic } from '../../map/types';
import { buildConflictLayer, CONFLICT_LAYER_ID } from '../conflicts/conflictLayer';
import type { EvaluatedProject } from '../data/evaluation';
import { tMaybe, type Lang } from '../i18n';
import { buildIdleLayer, buildThematic, IDLE_LAYER_ID } from '../thematic/themes';
import { ps } from './strings';

/** A project layer as the presentation needs it. */
export interface PresentLayer {
  id: string;
  kind: MapLayerKind;
  data: FeatureCollection;
  /** The plan type of a plan layer (each plan file holds one plan), else null. */
  planType: PlanType | null;
}

export function planTypeOf(kind: MapLayerKind, data: FeatureCollection): PlanType | null {
  if (kind !== 'plan') return null;
  const v = data.features.find((f) => typeof f.properties?.planType === 'string')?.properties?.planType;
  return typeof v === 'string' ? (v as PlanType) : null;
}

export const toMapLayers = (layers: readonly PresentLayer[]): MapLayer[] => layers.map((l) => ({ id: l.id, kind: l.kind, data: l.data, visible: false }));

const PARCEL_LINE: Rgba = [255, 255, 255, 235];
const PALED_LINE: Rgba = [255, 255, 255, 160];
/** Passing classes in 3D: 60 % of the way to a light grey, still telling their classes apart on a projector. */
const paled = (c: Rgba): Rgba => {
  const grey = [226, 229, 233];
  return [0, 1, 2].map((i) => Math.round(c[i] + (grey[i] - c[i]) * 0.6)).concat(c[3]) as Rgba;
};

/** Colours of a village's state in a year (the relocation slide's map and table). */
export const VILLAGE_STATE_COLOURS: Record<VillageState, Rgba> = {
  done: [34, 139, 76, 215],
  overdue: [200, 30, 40, 215],
  due: [236, 150, 20, 215],
  in_progress: [124, 72, 170, 200],
  planned: [120, 132, 150, 190],
  unknown: [200, 200, 200, 160],
};

/** Builds the thematic stylings a slide needs, once per slide, language and evaluation (the map compares by identity). */
export class SceneCache {
  private readonly thematics = new Map<string, Thematic | null>();
  private readonly extrusions = new Map<string, Extrusion>();
  private idle: ReturnType<typeof buildIdleLayer> | undefined;
  private conflicts: { result: ConflictResult; layer: DerivedLayer | null } | null = null;

  constructor(private readonly layers: readonly PresentLayer[], private readonly evaluated: EvaluatedProject | null) {}

  /**
   * How parcels are painted; `emphasise` (3D): the classes holding parcels core flags for the metric's rule keep
   * their colour and the others are paled, so the few failing blocks stand out among the many that pass.
   */
  parcelThematic(style: ParcelStyle, highlight: readonly string[], lang: Lang, emphasise = false): Thematic | null {
    const key = `${JSON.stringify(style)}|${style.by === 'highlight' ? highlight.join(',') : ''}|${lang}|${emphasise}`;
    if (!this.thematics.has(key)) {
      const base = this.buildParcelThematic(style, highlight, lang);
      this.thematics.set(key, emphasise && base && style.by === 'metric' ? this.emphasiseFailing(base, style.metric) : base);
    }
    return this.thematics.get(key) ?? null;
  }

  private emphasiseFailing(base: Thematic, metric: string): Thematic {
    const failing = new Set<number>();
    for (const p of this.evaluated?.evaluation.parcels ?? []) {
      if (p.flags.some((f) => f.rule === metric)) failing.add(base.classOf.get(p.id) ?? base.fallbackClass);
    }
    if (failing.size === 0) return base;
    const classes = base.classes.map((c, i) => (failing.has(i) || c.hatch ? c : { ...c, fill: paled(c.fill), line: PALED_LINE }));
    return { ...base, id: `${base.id}:emphasis`, classes };
  }

  private buildParcelThematic(style: ParcelStyle, highlight: readonly string[], lang: Lang): Thematic | null {
    switch (style.by) {
      case 'landUse': return null;
      case 'compliance': return buildThematic({ metric: 'compliance', method: 'threshold' }, this.evaluated, lang);
      case 'metric': return buildThematic({ metric: style.metric, method: style.method }, this.evaluated, lang);
      case 'faded':
        return { id: `faded:${lang}`, title: ps(lang, 'present.faded'), classes: [{ key: 'faded', label: ps(lang, 'present.faded'), fill: [214, 217, 222, 210], line: PARCEL_LINE }], classOf: new Map(), fallbackClass: 0 };
      case 'highlight': {
        const classOf = new Map<string, number>(highlight.map((id) => [id, 0]));
        return {
          id: `highlight:${highlight.join(',')}:${lang}`,
          title: ps(lang, 'present.highlighted'),
          classes: [
            { key: 'highlight', label: ps(lang, 'present.highlighted'), fill: [206, 40, 36, 240], line: [120, 10, 10, 255] },
            { key: 'other', label: ps(lang, 'present.others'), fill: [210, 213, 218, 210], line: PARCEL_LINE },
          ],
          classOf,
          fallbackClass: 1,
        };
      }
    }
  }

  /** Zones in projector colours: the review map's zone tints are too faint for a projector in a lit room. */
  zoneThematic(lang: Lang): Thematic {
    const key = `zones:${lang}`;
    const cached = this.thematics.get(key);
    if (cached) return cached;
    const cats = KIND_STYLES.zone.categories;
    const classOf = new Map<string, number>();
    for (const l of this.layers) {
      if (l.kind !== 'zone') continue;
      for (const f of l.data.features) {
        const id = featureId(f);
        const i = cats.findIndex((c) => c.value === f.properties?.zoneType);
        if (id !== null && i >= 0) classOf.set(id, i);
      }
    }
    const classes = [
      ...cats.map((c) => ({ key: c.value, label: tMaybe(lang, c.labelKey, c.value), fill: [c.fill[0], c.fill[1], c.fill[2], 150] as Rgba, line: c.line })),
      { key: 'other', label: tMaybe(lang, 'legend.unclassified', '—'), fill: KIND_STYLES.zone.base.fill, line: KIND_STYLES.zone.base.line },
    ];
    const t: Thematic = { id: key, title: '', classes, classOf, fallbackClass: classes.length - 1 };
    this.thematics.set(key, t);
    return t;
  }

  /** Plans on the conflicts slide: the constraints a conflict is about (DESIGN §6) strong, other plan classes clear. */
  constraintThematic(lang: Lang): Thematic {
    const key = `constraints:${lang}`;
    const cached = this.thematics.get(key);
    if (cached) return cached;
    const wanted = ['basic_farmland', 'eco_red_line', 'restricted', 'prohibited'];
    const cats = wanted.map((v) => KIND_STYLES.plan.categories.find((c) => c.value === v)!).filter(Boolean);
    const classOf = new Map<string, number>();
    for (const l of this.layers) {
      if (l.kind !== 'plan') continue;
      for (const f of l.data.features) {
        const id = featureId(f);
        const i = cats.findIndex((c) => c.value === f.properties?.planClass);
        if (id !== null && i >= 0) classOf.set(id, i);
      }
    }
    const classes = [
      ...cats.map((c) => ({ key: c.value, label: tMaybe(lang, c.labelKey, c.value), fill: [c.fill[0], c.fill[1], c.fill[2], 175] as Rgba, line: c.line })),
      { key: 'other', label: ps(lang, 'present.planOther'), fill: [255, 255, 255, 0] as Rgba, line: [120, 128, 140, 110] as Rgba },
    ];
    const t: Thematic = { id: key, title: '', classes, classOf, fallbackClass: classes.length - 1 };
    this.thematics.set(key, t);
    return t;
  }

  /** Villages painted by their state in a year (core's relocationAt). */
  villageThematic(states: readonly { id: string; state: VillageState }[], year: number, lang: Lang): Thematic {
    const key = `village:${year}:${lang}:${states.map((s) => s.state).join(',')}`;
    const cached = this.thematics.get(key);
    if (cached) return cached;
    const order: VillageState[] = ['done', 'overdue', 'due', 'in_progress', 'planned', 'unknown'];
    const classes = order.map((s) => ({
      key: s, label: ps(lang, `present.state.${s}`), fill: VILLAGE_STATE_COLOURS[s],
      line: (s === 'unknown' ? MISSING_LINE : [40, 40, 40, 255]) as Rgba, hatch: s === 'unknown',
    }));
    const t: Thematic = { id: key, title: String(year), classes, classOf: new Map(states.map((s) => [s.id, order.indexOf(s.state)])), fallbackClass: order.indexOf('unknown') };
    this.thematics.set(key, t);
    return t;
  }

  extrusion(by: 'plotRatio' | 'floorArea'): Extrusion {
    let e = this.extrusions.get(by);
    if (!e) {
      const values = new Map<string, number | null>();
      for (const l of this.layers) {
        if (l.kind !== 'parcel') continue;
        for (const f of l.data.features) {
          const id = featureId(f);
          if (id === null) continue;
          // Plot ratio is core's figure; floor area is the parcel's own datum (DESIGN §3).
          const v = by === 'plotRatio' ? (this.evaluated?.parcels.get(id)?.plotRatio ?? null) : numberOrNull(f.properties?.floorAreaM2);
          values.set(id, v);
        }
      }
      e = extrusionFromValues(by, values, 'present');
      this.extrusions.set(by, e);
    }
    return e;
  }

  idleLayer() {
    if (this.idle === undefined) this.idle = buildIdleLayer(this.layers.filter((l) => l.kind === 'parcel').map((l) => ({ id: l.id, kind: l.kind, data: l.data, visible: true })), this.evaluated);
    return this.idle;
  }

  /** The conflict polygons as the 五规合一 panel puts them on the review map (conflictLayer.ts), above every layer. */
  conflictLayer(result: ConflictResult): DerivedLayer | null {
    if (this.conflicts?.result !== result) {
      const top = this.layers[this.layers.length - 1]?.id;
      this.conflicts = { result, layer: top === undefined ? null : buildConflictLayer(result, top) };
    }
    return this.conflicts.layer;
  }
}

/** Whether a slide draws the 五规合一 conflict polygons: the conflicts slide, and a view captured with them shown. */
export function showsConflicts(slide: Slide): boolean {
  return slide.kind === 'conflicts' || slide.map.layers.ids.includes(CONFLICT_LAYER_ID);
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Is a layer shown on this slide? */
export function layerShown(l: PresentLayer, slide: Slide): boolean {
  const m = slide.map;
  if (m.layers.ids.includes(l.id)) return true;
  if (!m.layers.kinds.includes(l.kind as SlideLayerKind)) return false;
  return l.kind !== 'plan' || m.planTypes === null || (l.planType !== null && m.planTypes.includes(l.planType));
}

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Sets layers, styling, 3D and outlines of a slide (the camera is separate: see cameraOf); `conflicts` is the 五规合一
 * check's result when there is one (the conflicts slide draws its polygons).
 */
export function applySlideLayers(controller: MapController, slide: Slide, layers: readonly PresentLayer[], cache: SceneCache, lang: Lang, villageThematic: Thematic | null, conflicts: ConflictResult | null = null): void {
  for (const l of layers) controller.setLayerVisibility(l.id, layerShown(l, slide));
  const showIdle = slide.map.layers.kinds.includes('idle') || slide.map.layers.ids.includes(IDLE_LAYER_ID);
  controller.setDerivedLayer(IDLE_LAYER_ID, showIdle ? cache.idleLayer() : null);
  controller.setDerivedLayer(CONFLICT_LAYER_ID, conflicts && showsConflicts(slide) ? cache.conflictLayer(conflicts) : null);
  const extrusion = slide.map.extrude ? cache.extrusion(slide.map.extrude) : null;
  const thematic = cache.parcelThematic(slide.map.parcelStyle, slide.map.highlight, lang, extrusion !== null);
  for (const l of layers) {
    if (l.kind === 'parcel') {
      controller.setThematic(l.id, thematic);
      controller.setExtrusion(l.id, extrusion);
    } else if (l.kind === 'relocation') controller.setThematic(l.id, villageThematic);
    else if (l.kind === 'zone') controller.setThematic(l.id, slide.kind === 'zones' ? cache.zoneThematic(lang) : null);
    else if (l.kind === 'plan') controller.setThematic(l.id, slide.kind === 'conflicts' ? cache.constraintThematic(lang) : null);
  }
  const refs: FeatureRef[] = [];
  if (slide.map.highlight.length > 0) {
    const wanted = new Set(slide.map.highlight);
    for (const l of layers) for (const f of l.data.features) {
      const id = featureId(f);
      if (id !== null && wanted.has(id)) refs.push({ layerId: l.id, featureId: id });
    }
  }
  // Outlines at ground level would hide inside 3D blocks: in 3D the highlight is the parcels' colour alone.
  controller.setHighlight(extrusion ? refs.filter((r) => !layers.some((l) => l.id === r.layerId && l.kind === 'parcel')) : refs);
}

/**
 * The map centre that shows `center` displaced by (dx, dy) screen pixels from the middle (web mercator, 512-px
 * world at zoom 0 as maplibre draws it; bearing turns screen axes into world axes). Exact for a flat view.
 */
export function shiftedCenter(center: [number, number], zoom: number, bearing: number, dx: number, dy: number): [number, number] {
  const world = 512 * 2 ** zoom;
  const x = ((center[0] + 180) / 360) * world;
  const y = ((180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (center[1] * Math.PI) / 360))) * world) / 360;
  const b = (bearing * Math.PI) / 180;
  const wx = x + dx * Math.cos(b) - dy * Math.sin(b);
  const wy = y + dx * Math.sin(b) + dy * Math.cos(b);
  const lng = (wx / world) * 360 - 180;
  const lat = (360 / Math.PI) * Math.atan(Math.exp(((180 - (wy / world) * 360) * Math.PI) / 180)) - 90;
  return [lng, lat];
}

export const WARM_UP_3D_ID = 'present::warm-up-3d';
const WARM_UP_EXTRUSION: Extrusion = { key: 'warm-up', elevation: () => 1 };

/**
 * One tiny block at 0°N 0°E, far outside any park's view, drawn in 3D from the first slide on while the deck has a
 * 3D slide: software GL compiles a pipeline on its first draw (~0.5 s), which would otherwise delay the first 3D
 * slide. Not in the park's layers, so no legend or figure sees it.
 */
export function warmUp3d(controller: MapController, anchorLayerId: string | null, on: boolean): void {
  if (!on || anchorLayerId === null) {
    controller.setDerivedLayer(WARM_UP_3D_ID, null);
    return;
  }
  const ring = [[0, 0], [1e-6, 0], [0, 1e-6], [0, 0]];
  controller.setDerivedLayer(WARM_UP_3D_ID, {
    id: WARM_UP_3D_ID, kind: 'generic', visible: true, above: anchorLayerId, pickAs: anchorLayerId,
    data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] },
  });
  controller.setExtrusion(WARM_UP_3D_ID, WARM_UP_EXTRUSION);
}

/** The park core assigns a feature to (a park is its own), for framing one park of several. */
export type ParkOf = (kind: MapLayerKind, id: string, f: Feature) => string | null;

export function parkOfFrom(evaluated: EvaluatedProject | null): ParkOf {
  return (kind, id, f) => {
    if (kind === 'park') return id;
    const r = kind === 'parcel' ? evaluated?.parcels.get(id) : kind === 'zone' ? evaluated?.zones.get(id) : kind === 'relocation' ? evaluated?.villages.get(id) : undefined;
    if (r) return r.park;
    const own = f.properties?.park;
    return typeof own === 'string' ? own : null;
  };
}

/** The features a fit camera frames (of one park when the target names one and that park has any). */
function targetFeatures(camera: Extract<SlideCamera, { type: 'fit' }>, layers: readonly PresentLayer[], parkOf: ParkOf | null): Feature[] {
  const t = camera.target;
  if ('featureIds' in t) {
    const wanted = new Set(t.featureIds);
    return layers.flatMap((l) => l.data.features.filter((f) => { const id = featureId(f); return id !== null && wanted.has(id); }));
  }
  const all = layers.filter((l) => t.layerKinds.includes(l.kind as SlideLayerKind));
  if (t.park !== undefined && parkOf) {
    const mine = all.flatMap((l) => l.data.features.filter((f) => { const id = featureId(f); return id !== null && parkOf(l.kind, id, f) === t.park; }));
    if (mine.length > 0) return mine;
  }
  return all.flatMap((l) => l.data.features);
}

// ---------------------------------------------------------------- framing a tilted view

/** maplibre's default vertical field of view (36.87°): tan(fov / 2) = 1/3, the camera 1.5 screen heights away. */
const TAN_HALF_FOV = 1 / 3;
const EARTH_CIRCUMFERENCE_M = 40075016.686;
/** Vertices used to frame a view (more are sampled evenly): framing is a drawing aid, not a measurement. */
const MAX_FIT_POINTS = 20_000;

/** A point to keep in view: web-mercator x, y in a 512-px world at zoom 0, and its height in metres. */
interface FitPoint { x: number; y: number; z: number }

const mercX = (lng: number) => ((lng + 180) / 360) * 512;
const mercY = (lat: number) => ((180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) * 512) / 360;
const lngOf = (x: number) => (x / 512) * 360 - 180;
const latOf = (y: number) => (360 / Math.PI) * Math.atan(Math.exp(((180 - (y / 512) * 360) * Math.PI) / 180)) - 90;

function fitPoints(features: readonly Feature[], elevation: ((f: Feature) => number) | null): FitPoint[] {
  const out: FitPoint[] = [];
  const ring = (coords: unknown, z: number) => {
    if (!Array.isArray(coords)) return;
    for (const p of coords as number[][]) {
      if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[1]) > 85) continue;
      const x = mercX(p[0]);
      const y = mercY(p[1]);
      out.push({ x, y, z: 0 });
      if (z > 0) out.push({ x, y, z });
    }
  };
  for (const f of features) {
    const g = f.geometry;
    const z = elevation ? elevation(f) : 0;
    // Outer rings bound a polygon; points and lines are kept as they are.
    if (g?.type === 'Polygon') ring(g.coordinates[0], z);
    else if (g?.type === 'MultiPolygon') for (const poly of g.coordinates) ring(poly[0], z);
    else if (g?.type === 'LineString' || g?.type === 'MultiPoint') ring(g.coordinates, z);
    else if (g?.type === 'MultiLineString') for (const l of g.coordinates) ring(l, z);
    else if (g?.type === 'Point') ring([g.coordinates], z);
  }
  if (out.length <= MAX_FIT_POINTS) return out;
  const step = out.length / MAX_FIT_POINTS;
  return Array.from({ length: MAX_FIT_POINTS }, (_, i) => out[Math.floor(i * step)]);
}

/**
 * Screen extent of the points seen from a camera (maplibre's perspective: the view centre in the middle of the
 * screen, the camera tilted by `pitch` towards the top of the screen); null when a point is behind the camera.
 */
function screenExtent(points: readonly FitPoint[], cx: number, cy: number, zoom: number, pitchDeg: number, bearingDeg: number, view: { w: number; h: number }) {
  const k = 2 ** zoom;
  const d = view.h / 2 / TAN_HALF_FOV;
  const p = (pitchDeg * Math.PI) / 180;
  const b = (bearingDeg * Math.PI) / 180;
  const [sinP, cosP, sinB, cosB] = [Math.sin(p), Math.cos(p), Math.sin(b), Math.cos(b)];
  const metre = (512 * k) / (EARTH_CIRCUMFERENCE_M * Math.cos((latOf(cy) * Math.PI) / 180));
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const pt of points) {
    const ox = (pt.x - cx) * k;
    const oy = (pt.y - cy) * k;
    const dx = ox * cosB + oy * sinB;
    const dy = -ox * sinB + oy * cosB;
    const zp = pt.z * metre;
    const depth = d - dy * sinP - zp * cosP;
    if (depth < 0.05 * d) return null;
    const sx = view.w / 2 + (dx * d) / depth;
    const sy = view.h / 2 + ((dy * cosP - zp * sinP) * d) / depth;
    if (sx < minX) minX = sx;
    if (sx > maxX) maxX = sx;
    if (sy < minY) minY = sy;
    if (sy > maxY) maxY = sy;
  }
  return { minX, maxX, minY, maxY };
}

/**
 * The camera at this pitch and bearing whose view shows every point (blocks with their height) inside the screen
 * left free by `padding`, as large as fits. Perspective makes the near side larger, so a box fit with the tilt applied
 * afterwards either crops or wastes half the screen; this searches the zoom and centre against the projection itself.
 */
export function fitTilted(points: readonly FitPoint[], pitch: number, bearing: number, padding: Padding, view: { w: number; h: number }, fill = 0.96): Camera | null {
  if (points.length === 0) return null;
  const free = { w: view.w - padding.left - padding.right, h: view.h - padding.top - padding.bottom };
  if (free.w <= 0 || free.h <= 0) return null;
  const target = { x: (padding.left + view.w - padding.right) / 2, y: (padding.top + view.h - padding.bottom) / 2 };
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
  }
  const b = (bearing * Math.PI) / 180;
  const cosP = Math.cos((pitch * Math.PI) / 180);
  // For a zoom: moves the centre until the points' screen extent is centred in the free area; its size, or null.
  const place = (zoom: number, start: [number, number]) => {
    let [cx, cy] = start;
    let e = screenExtent(points, cx, cy, zoom, pitch, bearing, view);
    for (let i = 0; i < 12 && e; i++) {
      const ex = (e.minX + e.maxX) / 2 - target.x;
      const ey = (e.minY + e.maxY) / 2 - target.y;
      if (Math.abs(ex) < 0.25 && Math.abs(ey) < 0.25) break;
      const k = 2 ** zoom;
      const dx = ex / k;
      const dy = ey / (k * Math.max(0.2, cosP));
      cx += dx * Math.cos(b) - dy * Math.sin(b);
      cy += dx * Math.sin(b) + dy * Math.cos(b);
      e = screenExtent(points, cx, cy, zoom, pitch, bearing, view);
    }
    if (!e) return null;
    return { cx, cy, ratio: Math.max((e.maxX - e.minX) / free.w, (e.maxY - e.minY) / free.h) };
  };
  const span = Math.max(x1 - x0, y1 - y0, 1e-9);
  let lo = Math.log2(Math.min(free.w, free.h) / span) - 3;
  let hi = lo + 8;
  let best: { cx: number; cy: number; zoom: number } | null = null;
  let centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
  for (let i = 0; i < 30; i++) {
    const zoom = (lo + hi) / 2;
    const r = place(zoom, centre);
    if (r && r.ratio <= fill) {
      best = { cx: r.cx, cy: r.cy, zoom };
      centre = [r.cx, r.cy];
      lo = zoom;
    } else hi = zoom;
  }
  if (!best) return null;
  return { center: [lngOf(best.cx), latOf(best.cy)], zoom: Math.min(best.zoom, 20), pitch, bearing };
}

export interface CameraOptions {
  /** Heights of extruded features in metres (the slide's 3D), kept in view with their tops. */
  elevation?: ((f: Feature) => number) | null;
  /** Which park a feature belongs to (for a fit on one park's features). */
  parkOf?: ParkOf | null;
}

/** The slide's camera on this map (a fit is framed inside `padding`, the screen left free by the panels). */
export function cameraOf(controller: MapController, slide: Slide, layers: readonly PresentLayer[], padding: Padding, viewport: { w: number; h: number }, options: CameraOptions = {}): Camera | null {
  const c = slide.map.camera;
  if (c.type === 'view') {
    // The view's centre goes to the middle of the screen the panels leave free (not under the figure panel).
    const dx = viewport.w / 2 - (padding.left + (viewport.w - padding.right)) / 2;
    const dy = viewport.h / 2 - (padding.top + (viewport.h - padding.bottom)) / 2;
    return { center: shiftedCenter(c.center, c.zoom, c.bearing, dx, dy), zoom: c.zoom, pitch: c.pitch, bearing: c.bearing };
  }
  let features = targetFeatures(c, layers, options.parkOf ?? null);
  if (features.length === 0) features = layers.filter((l) => l.kind === 'park').flatMap((l) => l.data.features);
  // A single small feature (one village) would fill the screen: keep some surroundings.
  const keepSurroundings = (cam: Camera): Camera => (features.length <= 2 ? { ...cam, zoom: Math.min(cam.zoom, 14.8) } : cam);
  if (c.pitch > 0 || c.bearing !== 0) {
    const tilted = fitTilted(fitPoints(features, options.elevation ?? null), c.pitch, c.bearing, padding, viewport);
    if (tilted) return keepSurroundings(tilted);
  }
  const box = bboxOf([{ type: 'FeatureCollection', features }]);
  if (!box) return null;
  const flat = controller.cameraForBox(box, { pitch: 0, bearing: c.bearing, padding });
  return flat ? keepSurroundings({ ...flat, pitch: c.pitch }) : null;
}
