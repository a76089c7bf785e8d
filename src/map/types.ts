// Plain data the map draws and reports; no maplibre or deck objects cross this boundary.
import type { FeatureCollection } from 'geojson';
import type { LayerKind } from '../core/schema/types';

/** A layer kind from DESIGN §3, or `generic` for a file whose kind is unknown. */
export type MapLayerKind = LayerKind | 'generic';
/**
 * What the map can draw: a file's kind, or a kind only ever derived from core's results: `idle` (idle parcels)
 * and `conflict` (五规合一 conflict polygons, by conflict type).
 */
export type DrawKind = MapLayerKind | 'idle' | 'conflict';

export const MAP_LAYER_KINDS: readonly MapLayerKind[] = ['park', 'zone', 'parcel', 'relocation', 'plan', 'generic'];

export function isMapLayerKind(value: unknown): value is MapLayerKind {
  return typeof value === 'string' && (MAP_LAYER_KINDS as readonly string[]).includes(value);
}

/** One drawable layer; the array order given to the map is the drawing order, bottom to top. */
export interface MapLayer {
  id: string;
  kind: DrawKind;
  data: FeatureCollection;
  visible: boolean;
  /** Layer opacity 0–1 (default 1). */
  opacity?: number;
}

/** A layer derived in the UI from core's results (e.g. idle parcels), drawn right above `above`. */
export interface DerivedLayer extends MapLayer {
  above: string;
  /** Hover and click report this layer id (the source layer of the features), not the derived one. */
  pickAs: string;
}

/** Thematic styling of one layer: the UI computes classes from core's figures; the map only paints them. */
export interface ThematicClass {
  /** Stable key (e.g. `c0`, `missing`, `pass`). */
  key: string;
  /** Legend text, already in the user's language (ranges formatted with units). */
  label: string;
  fill: Rgba;
  line: Rgba;
  /** Drawn with diagonal hatching ("data missing": unknown must never look like fine). */
  hatch?: boolean;
}

export interface Thematic {
  /** Identifies the styling, e.g. `investmentIntensity:quantile`; a new id repaints. */
  id: string;
  title: string;
  classes: ThematicClass[];
  /** Class index by feature id; features not listed get `fallbackClass`. */
  classOf: ReadonlyMap<string, number>;
  fallbackClass: number;
}

export interface FeatureRef {
  layerId: string;
  featureId: string;
}

export interface MapView {
  center: [number, number];
  zoom: number;
  bearing: number;
}
export interface LayerSummary {
  id: string;
  kind: DrawKind;
  featureCount: number;
  visible: boolean;
}

export interface LegendItem {
  /** Dictionary key for the label, or null when `label`/`value` is shown as is. */
  labelKey: string | null;
  /** Ready-made label (thematic classes), else null. */
  label: string | null;
  value: string;
  fill: Rgba;
  line: Rgba;
  hatch: boolean;
  /** Features of this class currently drawn (after filters). */
  count: number;
}

/** What the map currently draws for one layer, for the layer panel: the legend is built with the symbols. */
export interface LayerState {
  id: string;
  kind: DrawKind;
  visible: boolean;
  opacity: number;
  featureCount: number;
  /** Features drawn after the feature filter. */
  shownCount: number;
  filtered: boolean;
  derived: boolean;
  swatch: { fill: Rgba | null; line: Rgba; hatch: boolean };
  lineWidth: number;
  /** Title of the thematic styling in force, or null for the layer's own cartography. */
  thematicTitle: string | null;
  legend: LegendItem[];
}

/** Two layers compared with a swipe: `left` drawn left of a vertical line at `fraction` of the map's width, `right` right of it. */
export interface Swipe {
  left: string;
  right: string;
  /** 0 (all right) … 1 (all left). */
  fraction: number;
  /** Draw only the two (with the park boundary and conflict polygons), so their classes read clearly. */
  solo?: boolean;
}

export interface MapSnapshot {
  /** Drawing order, bottom → top. */
  layers: LayerState[];
  selection: FeatureRef | null;
  view: MapView | null;
  baseMap: string | null;
}

/** What the pointer is over: screen position (px, relative to the map container) and the feature's identity. */
export interface HoverInfo {
  x: number;
  y: number;
  layerId: string;
  featureId: string | null;
  name: string | null;
}

export type Rgba = [number, number, number, number];
