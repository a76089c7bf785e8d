// Parcels in 3D (issue 8): a layer's fills raised by a value per feature — core's plot ratio, or the floor area
// of the data — and painted with the layer's current colours (land use or the active metric's classes).
// The height is a drawing scale only; the figures themselves are on the slide, from core.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import { featureId } from './featureInfo';
import type { DrawSpec } from './deckLayers';
import type { Rgba } from './types';

export interface Extrusion {
  /** Height in metres of a feature (0 = flat, e.g. when its value is missing). */
  elevation: (f: Feature) => number;
  /** Changes whenever `elevation` would give other heights (deck re-reads accessors only on a new key). */
  key: string;
}

/** Metres drawn per unit of plot ratio: 1.0 → 120 m, tall enough to read across a room at park scale. */
export const METRES_PER_PLOT_RATIO = 120;
/** The largest floor area is drawn this tall; the others in proportion. */
export const MAX_FLOOR_AREA_METRES = 420;

/**
 * Heights from values by feature id: plot ratio × METRES_PER_PLOT_RATIO, or floor area scaled so the largest is
 * MAX_FLOOR_AREA_METRES. Missing, negative or non-finite values stay flat.
 */
export function extrusionFromValues(by: 'plotRatio' | 'floorArea', values: ReadonlyMap<string, number | null>, key: string): Extrusion {
  let max = 0;
  if (by === 'floorArea') for (const v of values.values()) if (v !== null && Number.isFinite(v) && v > max) max = v;
  const scale = by === 'plotRatio' ? METRES_PER_PLOT_RATIO : max > 0 ? MAX_FLOOR_AREA_METRES / max : 0;
  return {
    key: `${by}:${key}`,
    elevation: (f) => {
      const id = featureId(f);
      const v = id === null ? null : (values.get(id) ?? null);
      return v !== null && Number.isFinite(v) && v > 0 ? v * scale : 0;
    },
  };
}

/** The extruded variant of a layer's fill: solid blocks lit from above, in the layer's fill colours. */
export function extrudedFillLayer(spec: DrawSpec, extrusion: Extrusion, highlightColor: Rgba): GeoJsonLayer<Record<string, unknown>> {
  return new GeoJsonLayer<Record<string, unknown>>({
    id: spec.id,
    data: spec.data as never,
    visible: spec.visible,
    opacity: spec.opacity,
    pickable: true,
    stroked: false,
    filled: true,
    extruded: true,
    wireframe: false,
    getFillColor: (f: Feature) => {
      const c = spec.fill(f);
      // Blocks are drawn opaque: a see-through block shows the ones behind it and reads as noise on a projector.
      return [c[0], c[1], c[2], 255] as Rgba;
    },
    getElevation: extrusion.elevation as (f: Feature) => number,
    material: { ambient: 0.45, diffuse: 0.6, shininess: 12, specularColor: [40, 40, 40] },
    updateTriggers: { getFillColor: spec.styleKey, getElevation: extrusion.key },
    autoHighlight: true,
    highlightColor,
  });
}
