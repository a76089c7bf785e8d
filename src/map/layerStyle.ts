// Cartography per layer kind: colours, line widths and the legend built from them (one source for map and legend).
// Land-use colours follow the hues of the Chinese planning drawing convention (CJJ/T 97: 居住 yellow, 商业 red,
// 工业 brown, 仓储 purple, 公共 pink, 绿地 green, 道路 grey), muted so that outlines and highlights stay legible.
import type { Feature, FeatureCollection } from 'geojson';
import type { DrawKind, Rgba } from './types';

type Rgb = [number, number, number];

export interface Category {
  /** The property value this category matches. */
  value: string;
  /** Legend label key in the UI dictionary, e.g. `landUse.industrial`; unknown values are shown raw. */
  labelKey: string;
  fill: Rgba;
  line: Rgba;
}

export interface KindStyle {
  /** Property whose value picks the category, or null for a single symbol. */
  classifyBy: string | null;
  categories: Category[];
  /** Symbol for the whole layer and for features no category matches. */
  base: { fill: Rgba; line: Rgba };
  filled: boolean;
  /** Outline width in CSS pixels. */
  lineWidth: number;
  /** Draw the outline again above every other layer (the park boundary must never be hidden by parcels). */
  outlineOnTop: boolean;
  /** Layers of this kind start hidden (plans are reference overlays the planner turns on). */
  hiddenByDefault: boolean;
  /** Hatch every feature in its category's line colour (conflict polygons read as "problem here" over any fill). */
  hatched?: boolean;
  /** False: clicks and hover go through to the features underneath (default true). */
  pickable?: boolean;
}

const rgba = (c: Rgb, a: number): Rgba => [c[0], c[1], c[2], a];
const darker = (c: Rgb, f = 0.72): Rgb => [Math.round(c[0] * f), Math.round(c[1] * f), Math.round(c[2] * f)];

function categories(prefix: string, entries: [string, Rgb][], fillAlpha: number, lineAlpha = 255, lineOf?: (c: Rgb) => Rgba): Category[] {
  return entries.map(([value, c]) => ({
    value,
    labelKey: `${prefix}.${value}`,
    fill: rgba(c, fillAlpha),
    line: lineOf ? lineOf(c) : rgba(darker(c), lineAlpha),
  }));
}

const LAND_USE: [string, Rgb][] = [
  ['industrial', [184, 138, 98]],
  ['warehouse', [151, 125, 196]],
  ['commercial', [222, 96, 88]],
  ['residential', [240, 206, 88]],
  ['public', [226, 137, 176]],
  ['road', [168, 168, 168]],
  ['green', [108, 178, 98]],
  ['other', [204, 198, 182]],
];

/** GB 50137-2011 major classes, same hues as the parcel land uses. */
const GB50137: [string, Rgb][] = [
  ['M', [184, 138, 98]],
  ['W', [151, 125, 196]],
  ['R', [240, 206, 88]],
  ['A', [226, 137, 176]],
  ['B', [222, 96, 88]],
  ['S', [168, 168, 168]],
  ['U', [72, 132, 182]],
  ['G', [108, 178, 98]],
  ['E', [134, 188, 222]],
];

const PLAN_CLASSES: [string, Rgb][] = [
  ['basic_farmland', [226, 196, 52]],
  ['permitted_construction', [214, 118, 88]],
  ['conditional_construction', [236, 168, 118]],
  ['restricted', [146, 158, 170]],
  ['prohibited', [86, 90, 104]],
  ['eco_red_line', [34, 139, 84]],
  ...GB50137,
];

const PARCEL_LINE: Rgba = [255, 255, 255, 235];


export const KIND_STYLES: Record<DrawKind, KindStyle> = {
  park: {
    classifyBy: null,
    categories: [],
    base: { fill: [190, 32, 46, 10], line: [190, 32, 46, 255] },
    filled: true,
    lineWidth: 3,
    outlineOnTop: true,
    hiddenByDefault: false,
  },
  zone: {
    classifyBy: 'zoneType',
    categories: [
      { value: 'built', labelKey: 'zoneType.built', fill: [232, 116, 72, 60], line: [206, 84, 44, 255] },
      { value: 'development', labelKey: 'zoneType.development', fill: [64, 132, 206, 52], line: [40, 100, 172, 255] },
      { value: 'control', labelKey: 'zoneType.control', fill: [110, 150, 84, 46], line: [84, 122, 62, 255] },
    ],
    base: { fill: [120, 130, 150, 40], line: [90, 100, 120, 255] },
    filled: true,
    lineWidth: 2,
    outlineOnTop: false,
    hiddenByDefault: false,
  },
  parcel: {
    classifyBy: 'landUse',
    categories: categories('landUse', LAND_USE, 235, 255, () => PARCEL_LINE),
    base: { fill: [204, 198, 182, 235], line: PARCEL_LINE },
    filled: true,
    lineWidth: 1,
    outlineOnTop: false,
    hiddenByDefault: false,
  },
  relocation: {
    classifyBy: 'status',
    categories: categories('relocationStatus', [
      ['planned', [240, 152, 36]],
      ['in_progress', [150, 84, 180]],
      ['done', [44, 156, 88]],
    ], 120),
    base: { fill: [240, 152, 36, 120], line: [172, 108, 24, 255] },
    filled: true,
    lineWidth: 2,
    outlineOnTop: false,
    hiddenByDefault: false,
  },
  plan: {
    classifyBy: 'planClass',
    categories: categories('planClass', PLAN_CLASSES, 115),
    base: { fill: [72, 132, 182, 100], line: [50, 96, 134, 255] },
    filled: true,
    lineWidth: 1,
    outlineOnTop: false,
    hiddenByDefault: true,
  },
  // Idle parcels (闲置土地) by disposal, derived from core's idle findings, drawn above the parcels.
  idle: {
    classifyBy: 'idleClass',
    categories: [
      { value: 'reclaim', labelKey: 'idleClass.reclaim', fill: [200, 32, 44, 150], line: [176, 18, 32, 255] },
      { value: 'fee', labelKey: 'idleClass.fee', fill: [244, 136, 28, 150], line: [214, 106, 0, 255] },
      { value: 'negotiate', labelKey: 'idleClass.negotiate', fill: [92, 98, 204, 150], line: [60, 66, 180, 255] },
      { value: 'approaching', labelKey: 'idleClass.approaching', fill: [252, 216, 64, 150], line: [196, 150, 0, 255] },
    ],
    base: { fill: [160, 160, 160, 150], line: [90, 90, 90, 255] },
    filled: true,
    // An overlay: translucent fill and a strong outline, so the parcel's own colour (or theme class) still shows.
    lineWidth: 3,
    outlineOnTop: false,
    hiddenByDefault: false,
  },
  // 五规合一 conflict polygons (DESIGN §6), derived from core's overlay, hatched in a colour per conflict type and
  // drawn above the plans. Not pickable: a click reaches the plan feature or parcel underneath.
  conflict: {
    classifyBy: 'type',
    categories: [
      { value: 'basic_farmland', labelKey: 'conflictType.basic_farmland', fill: [214, 40, 40, 60], line: [196, 20, 20, 255] },
      { value: 'eco_red_line', labelKey: 'conflictType.eco_red_line', fill: [16, 128, 64, 60], line: [8, 110, 50, 255] },
      { value: 'outside_construction_zone', labelKey: 'conflictType.outside_construction_zone', fill: [240, 120, 0, 60], line: [214, 98, 0, 255] },
      { value: 'landuse_mismatch', labelKey: 'conflictType.landuse_mismatch', fill: [128, 64, 208, 60], line: [104, 44, 184, 255] },
      { value: 'outside_park', labelKey: 'conflictType.outside_park', fill: [24, 96, 214, 60], line: [16, 76, 190, 255] },
    ],
    base: { fill: [120, 120, 120, 60], line: [80, 80, 80, 255] },
    filled: true,
    // A hairline (ThinLineLayer): a check can find tens of thousands of polygons, and wide lines are drawn
    // per segment instance (slow under software GL); the hatching carries the emphasis.
    lineWidth: 1.5,
    outlineOnTop: false,
    hiddenByDefault: false,
    hatched: true,
    pickable: false,
  },
  generic: {
    classifyBy: null,
    categories: [],
    base: { fill: [74, 111, 165, 80], line: [40, 70, 120, 255] },
    filled: true,
    lineWidth: 1.5,
    outlineOnTop: false,
    hiddenByDefault: false,
  },
};

export const HIGHLIGHT_COLOR: Rgba = [255, 255, 255, 90];

/** Selection: a bright core line over a dark halo, readable on every fill. */
export const SELECTION_HALO: Rgba = [16, 24, 40, 220];
export const SELECTION_LINE: Rgba = [0, 214, 255, 255];

/** "Data missing" (数据缺失): pale fill with dark diagonal hatching, never a class colour. */
export const MISSING_FILL: Rgba = [246, 246, 246, 235];
export const MISSING_LINE: Rgba = [92, 100, 114, 255];
export const HATCH_COLOR: Rgba = [92, 100, 114, 200];

export interface LegendEntry {
  /** Dictionary key for the label, or null when `value` is shown as is. */
  labelKey: string | null;
  value: string;
  fill: Rgba;
  line: Rgba;
  count: number;
}

export interface LayerLegend {
  swatch: { fill: Rgba | null; line: Rgba };
  entries: LegendEntry[];
}

export interface Symbology extends LayerLegend {
  fill: (f: Feature) => Rgba;
  line: (f: Feature) => Rgba;
}

/** Colours for class values the style does not know (e.g. a plan's facility types), in order of first use. */
const EXTRA_PALETTE: Rgb[] = [
  [78, 121, 167],
  [242, 142, 43],
  [89, 161, 79],
  [176, 122, 161],
  [118, 183, 178],
  [225, 87, 89],
  [156, 117, 95],
  [237, 201, 72],
  [255, 157, 167],
  [120, 120, 120],
];

const symbologyCache = new WeakMap<FeatureCollection, Map<DrawKind, Symbology>>();

/**
 * Symbols of a layer and its legend, from one computation so they cannot disagree: the categories its
 * features use, in the style's order, then values the style does not know with palette colours, then
 * features without a value. Cached per data object, so accessors keep their identity across redraws.
 */
export function symbologyFor(kind: DrawKind, data: FeatureCollection): Symbology {
  let byKind = symbologyCache.get(data);
  if (!byKind) symbologyCache.set(data, (byKind = new Map()));
  const cached = byKind.get(kind);
  if (cached) return cached;

  const style = KIND_STYLES[kind];
  const key = style.classifyBy;
  let result: Symbology;
  if (!key) {
    const swatch = { fill: kind === 'park' ? null : style.base.fill, line: style.base.line };
    result = { swatch, entries: [], fill: () => style.base.fill, line: () => style.base.line };
  } else {
    const valueOf = (f: Feature): string => {
      const v = f.properties?.[key];
      return v === undefined || v === null ? '' : String(v);
    };
    const counts = new Map<string, number>();
    for (const f of data.features) counts.set(valueOf(f), (counts.get(valueOf(f)) ?? 0) + 1);
    const entries: LegendEntry[] = [];
    for (const c of style.categories) {
      const count = counts.get(c.value);
      if (count) entries.push({ labelKey: c.labelKey, value: c.value, fill: c.fill, line: c.line, count });
    }
    const known = new Set(style.categories.map((c) => c.value));
    const fillAlpha = style.base.fill[3];
    let extra = 0;
    for (const [value, count] of counts) {
      if (value === '' || known.has(value)) continue;
      const c = EXTRA_PALETTE[extra++ % EXTRA_PALETTE.length];
      entries.push({ labelKey: null, value, fill: rgba(c, fillAlpha), line: rgba(darker(c), 255), count });
    }
    const missing = counts.get('');
    if (missing) entries.push({ labelKey: 'legend.unclassified', value: '', fill: style.base.fill, line: style.base.line, count: missing });
    const byValue = new Map(entries.map((e) => [e.value, e]));
    // The layer's own swatch is its commonest class, so the list row looks like what the map shows.
    const main = entries.reduce<LegendEntry | undefined>((best, e) => (!best || e.count > best.count ? e : best), undefined);
    result = {
      swatch: { fill: main?.fill ?? style.base.fill, line: main?.line ?? style.base.line },
      entries,
      fill: (f) => byValue.get(valueOf(f))?.fill ?? style.base.fill,
      line: (f) => byValue.get(valueOf(f))?.line ?? style.base.line,
    };
  }
  byKind.set(kind, result);
  return result;
}

/** The plain-data part of the symbology, for the legend in the UI. */
export function legendFor(kind: DrawKind, data: FeatureCollection): LayerLegend {
  const { swatch, entries } = symbologyFor(kind, data);
  return { swatch, entries };
}

export const cssColor = (c: Rgba): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(3)})`;
