// The symbols a layer is drawn with and its legend, from one computation so they cannot disagree: the kind's
// cartography (layerStyle) or a thematic styling, with counts of the features actually drawn (after filters).
import type { Feature, FeatureCollection } from 'geojson';
import { featureId } from './featureInfo';
import { hatchLines } from './hatch';
import { KIND_STYLES, symbologyFor } from './layerStyle';
import type { LegendItem, DrawKind, Rgba, Thematic } from './types';

export interface LayerSymbols {
  fill: (f: Feature) => Rgba;
  line: (f: Feature) => Rgba;
  styleKey: string;
  swatch: { fill: Rgba | null; line: Rgba; hatch: boolean };
  legend: LegendItem[];
  hatch: FeatureCollection | null;
  /** Colour of each hatch line feature, or null for the "data missing" grey. */
  hatchColor: ((f: Feature) => Rgba) | null;
}

/** Hatch lines are about this many pixels apart on screen. */
const HATCH_SPACING_PX = 7;
const hatchCache = new WeakMap<Feature, Map<number, Feature | null>>();

/** Ground metres per CSS pixel at a zoom level (maplibre's 512 px world) and latitude. */
const metresPerPixel = (zoom: number, lat: number) => (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);

function hatchOf(f: Feature, zoomLevel: number): Feature | null {
  let byZoom = hatchCache.get(f);
  if (!byZoom) hatchCache.set(f, (byZoom = new Map()));
  if (!byZoom.has(zoomLevel)) {
    const g = f.geometry;
    const first = g?.type === 'Polygon' ? g.coordinates[0]?.[0] : g?.type === 'MultiPolygon' ? g.coordinates[0]?.[0]?.[0] : undefined;
    byZoom.set(zoomLevel, first ? hatchLines(f, HATCH_SPACING_PX * metresPerPixel(zoomLevel, first[1])) : null);
  }
  return byZoom.get(zoomLevel) ?? null;
}

/** `zoomLevel` is the map zoom rounded to a whole level: hatching is rebuilt when it changes. */
export function layerSymbols(kind: DrawKind, data: FeatureCollection, shown: readonly Feature[], thematic: Thematic | null, zoomLevel = 14): LayerSymbols {
  if (thematic && thematic.classes.length > 0) {
    const classIndex = (f: Feature): number => {
      const id = featureId(f);
      return (id !== null ? thematic.classOf.get(id) : undefined) ?? thematic.fallbackClass;
    };
    const counts = new Array<number>(thematic.classes.length).fill(0);
    const hatched: Feature[] = [];
    for (const f of shown) {
      const i = classIndex(f);
      counts[i]++;
      if (thematic.classes[i].hatch) {
        const h = hatchOf(f, zoomLevel);
        if (h) hatched.push(h);
      }
    }
    const legend: LegendItem[] = thematic.classes.map((c, i) => ({
      labelKey: null, label: c.label, value: c.key, fill: c.fill, line: c.line, hatch: c.hatch === true, count: counts[i],
    }));
    const main = thematic.classes[counts.indexOf(Math.max(...counts))] ?? thematic.classes[0];
    return {
      fill: (f) => thematic.classes[classIndex(f)].fill,
      line: (f) => thematic.classes[classIndex(f)].line,
      styleKey: `thematic:${thematic.id}`,
      swatch: { fill: main.fill, line: main.line, hatch: false },
      legend,
      hatch: hatched.length > 0 ? { type: 'FeatureCollection', features: hatched } : null,
      hatchColor: null,
    };
  }
  const sym = symbologyFor(kind, data);
  const key = KIND_STYLES[kind].classifyBy;
  let legend: LegendItem[] = sym.entries.map((e) => ({ labelKey: e.labelKey, label: null, value: e.value, fill: e.fill, line: e.line, hatch: false, count: e.count }));
  if (key && shown.length !== data.features.length) {
    // Colours stay those of the whole layer; only the counts follow the filter.
    const counts = new Map<string, number>();
    for (const f of shown) {
      const v = f.properties?.[key];
      const s = v === undefined || v === null ? '' : String(v);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    legend = legend.map((e) => ({ ...e, count: counts.get(e.value) ?? 0 }));
  }
  if (KIND_STYLES[kind].hatched) return hatchedSymbols(sym.fill, sym.line, key, shown, legend, sym.swatch, zoomLevel);
  return { fill: sym.fill, line: sym.line, styleKey: 'kind', swatch: { ...sym.swatch, hatch: false }, legend, hatch: null, hatchColor: null };
}

const HATCH_LINE_ALPHA = 180;
/** Above this many features a hatched kind is drawn plain: hatching tens of thousands would stall every redraw. */
const HATCH_MAX_FEATURES = 5000;

/** A kind hatched throughout (conflicts): every shown feature hatched in its category's line colour. */
function hatchedSymbols(
  fill: (f: Feature) => Rgba, line: (f: Feature) => Rgba, key: string | null, shown: readonly Feature[], legend: LegendItem[],
  swatch: { fill: Rgba | null; line: Rgba }, zoomLevel: number,
): LayerSymbols {
  if (shown.length > HATCH_MAX_FEATURES) return { fill, line, styleKey: 'kind', swatch: { ...swatch, hatch: false }, legend, hatch: null, hatchColor: null };
  const hatched: Feature[] = [];
  for (const f of shown) {
    const h = hatchOf(f, zoomLevel);
    // The hatch lines carry the category so that `line` colours them like the feature's outline.
    if (h) hatched.push({ type: 'Feature', geometry: h.geometry, properties: key ? { [key]: f.properties?.[key] ?? null } : {} });
  }
  return {
    fill, line, styleKey: 'kind', swatch: { ...swatch, hatch: true },
    legend: legend.map((e) => ({ ...e, hatch: true })),
    hatch: hatched.length > 0 ? { type: 'FeatureCollection', features: hatched } : null,
    // Lighter than the outline: at 7 px spacing full-strength lines would hide what lies under the polygon.
    hatchColor: (f) => {
      const c = line(f);
      return [c[0], c[1], c[2], HATCH_LINE_ALPHA];
    },
  };
}
