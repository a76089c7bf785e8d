// deck.gl layers for the project's map layers: one GeoJsonLayer per data layer, styled by kind or by a thematic
// styling, plus hatching for "data missing" and the selection outline on top.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection } from 'geojson';
import { HATCH_COLOR, HIGHLIGHT_COLOR, KIND_STYLES, SELECTION_HALO, SELECTION_LINE } from './layerStyle';
import type { DrawKind, Rgba } from './types';

/** Suffix of the extra outline layer drawn above everything (park boundary). */
export const OUTLINE_SUFFIX = '::outline';
const HATCH_SUFFIX = '::hatch';
export const SELECTION_ID = '::selection';

export function baseLayerId(deckLayerId: string): string {
  return deckLayerId.endsWith(OUTLINE_SUFFIX) ? deckLayerId.slice(0, -OUTLINE_SUFFIX.length) : deckLayerId;
}

/** One layer as it is to be drawn: data after filters, symbol accessors and a key that changes with them. */
export interface DrawSpec {
  id: string;
  kind: DrawKind;
  data: FeatureCollection;
  visible: boolean;
  opacity: number;
  fill: (f: Feature) => Rgba;
  line: (f: Feature) => Rgba;
  /** Changes whenever `fill`/`line` would give other colours (deck only re-reads accessors on a new key). */
  styleKey: string;
  /** Hatch lines over features whose data are missing, or null. */
  hatch: FeatureCollection | null;
}

type AnyLayer = GeoJsonLayer<Record<string, unknown>>;

/**
 * Deck layers in drawing order (bottom → top). A frame layer (the park) is split: its fill goes to the very
 * bottom, so it never covers or steals the pointer from zones and parcels, and its outline to the very top.
 */
export function buildDeckLayers(specs: readonly DrawSpec[], selection: FeatureCollection | null): AnyLayer[] {
  const bottom: AnyLayer[] = [];
  const body: AnyLayer[] = [];
  const top: AnyLayer[] = [];
  for (const spec of specs) {
    const style = KIND_STYLES[spec.kind];
    const common = {
      data: spec.data as never,
      visible: spec.visible,
      opacity: spec.opacity,
      pickable: true,
      stroked: true,
      lineWidthUnits: 'pixels' as const,
      lineJointRounded: true,
      pointRadiusUnits: 'pixels' as const,
      getPointRadius: 5,
      getLineColor: spec.line as (f: Feature) => Rgba,
      getFillColor: spec.fill as (f: Feature) => Rgba,
      updateTriggers: { getFillColor: spec.styleKey, getLineColor: spec.styleKey },
    };
    (style.outlineOnTop ? bottom : body).push(
      new GeoJsonLayer<Record<string, unknown>>({
        ...common,
        id: spec.id,
        filled: style.filled,
        getLineWidth: style.outlineOnTop ? 0 : style.lineWidth,
        lineWidthMinPixels: 0,
        autoHighlight: true,
        highlightColor: HIGHLIGHT_COLOR,
      }),
    );
    if (spec.hatch) {
      body.push(
        new GeoJsonLayer<Record<string, unknown>>({
          id: spec.id + HATCH_SUFFIX,
          data: spec.hatch as never,
          visible: spec.visible,
          opacity: spec.opacity,
          pickable: false,
          stroked: true,
          filled: false,
          lineWidthUnits: 'pixels',
          getLineWidth: 1,
          getLineColor: HATCH_COLOR,
        }),
      );
    }
    if (style.outlineOnTop) {
      top.push(
        new GeoJsonLayer<Record<string, unknown>>({
          ...common,
          id: spec.id + OUTLINE_SUFFIX,
          filled: false,
          // The outline is a frame, not a target: hovering inside the park still reaches parcels and zones.
          pickable: false,
          getLineWidth: style.lineWidth,
        }),
      );
    }
  }
  if (selection) {
    for (const [suffix, color, width] of [['halo', SELECTION_HALO, 7], ['line', SELECTION_LINE, 3.5]] as const) {
      top.push(
        new GeoJsonLayer<Record<string, unknown>>({
          id: `${SELECTION_ID}-${suffix}`,
          data: selection as never,
          pickable: false,
          stroked: true,
          filled: false,
          lineWidthUnits: 'pixels',
          lineJointRounded: true,
          getLineWidth: width,
          getLineColor: color,
          getPointRadius: 8,
          pointRadiusUnits: 'pixels',
        }),
      );
    }
  }
  return [...bottom, ...body, ...top];
}
