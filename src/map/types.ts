// Plain data the map draws and reports; no maplibre or deck objects cross this boundary.
import type { FeatureCollection } from 'geojson';
import type { LayerKind } from '../core/schema/types';

/** A layer kind from DESIGN §3, or `generic` for a file whose kind is unknown. */
export type MapLayerKind = LayerKind | 'generic';

export const MAP_LAYER_KINDS: readonly MapLayerKind[] = ['park', 'zone', 'parcel', 'relocation', 'plan', 'generic'];

export function isMapLayerKind(value: unknown): value is MapLayerKind {
  return typeof value === 'string' && (MAP_LAYER_KINDS as readonly string[]).includes(value);
}

/** One drawable layer; the array order given to the map is the drawing order, bottom to top. */
export interface MapLayer {
  id: string;
  kind: MapLayerKind;
  data: FeatureCollection;
  visible: boolean;
}

export interface LayerSummary {
  id: string;
  kind: MapLayerKind;
  featureCount: number;
  visible: boolean;
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
