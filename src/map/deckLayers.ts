// deck.gl layers for the project's map layers: one GeoJsonLayer per data layer, styled by kind.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import { HIGHLIGHT_COLOR, KIND_STYLES, symbologyFor } from './layerStyle';
import type { MapLayer, Rgba } from './types';

/** Suffix of the extra outline layer drawn above everything (park boundary). */
export const OUTLINE_SUFFIX = '::outline';

export function baseLayerId(deckLayerId: string): string {
  return deckLayerId.endsWith(OUTLINE_SUFFIX) ? deckLayerId.slice(0, -OUTLINE_SUFFIX.length) : deckLayerId;
}

/**
 * Deck layers in drawing order (bottom → top). A frame layer (the park) is split: its fill goes to the very
 * bottom, so it never covers or steals the pointer from zones and parcels, and its outline to the very top.
 */
export function buildDeckLayers(layers: readonly MapLayer[]): GeoJsonLayer<Record<string, unknown>>[] {
  const bottom: GeoJsonLayer<Record<string, unknown>>[] = [];
  const body: GeoJsonLayer<Record<string, unknown>>[] = [];
  const top: GeoJsonLayer<Record<string, unknown>>[] = [];
  for (const layer of layers) {
    const style = KIND_STYLES[layer.kind];
    const sym = symbologyFor(layer.kind, layer.data);
    const common = {
      data: layer.data as never,
      visible: layer.visible,
      pickable: true,
      stroked: true,
      lineWidthUnits: 'pixels' as const,
      lineJointRounded: true,
      pointRadiusUnits: 'pixels' as const,
      getPointRadius: 5,
      getLineColor: sym.line as (f: Feature) => Rgba,
      getFillColor: sym.fill as (f: Feature) => Rgba,
    };
    (style.outlineOnTop ? bottom : body).push(
      new GeoJsonLayer<Record<string, unknown>>({
        ...common,
        id: layer.id,
        filled: style.filled,
        getLineWidth: style.outlineOnTop ? 0 : style.lineWidth,
        lineWidthMinPixels: 0,
        autoHighlight: true,
        highlightColor: HIGHLIGHT_COLOR,
      }),
    );
    if (style.outlineOnTop) {
      top.push(
        new GeoJsonLayer<Record<string, unknown>>({
          ...common,
          id: layer.id + OUTLINE_SUFFIX,
          filled: false,
          // The outline is a frame, not a target: hovering inside the park still reaches parcels and zones.
          pickable: false,
          getLineWidth: style.lineWidth,
        }),
      );
    }
  }
  return [...bottom, ...body, ...top];
}
