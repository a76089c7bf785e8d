// deck.gl layers for the project's map layers: per data layer a fill (GeoJsonLayer) and an outline (LineLayer),
// styled by kind or by a thematic styling, plus hatching for "data missing" and the selection outline on top.
import type { Layer } from '@deck.gl/core';
import { ClipExtension } from '@deck.gl/extensions';
import { BitmapLayer, GeoJsonLayer, LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection } from 'geojson';
import { HATCH_COLOR, HIGHLIGHT_COLOR, KIND_STYLES, SELECTION_HALO, SELECTION_LINE } from './layerStyle';
import { cachedLineList, cachedSegments, segmentsOf, type SegmentData } from './segments';
import type { RasterImage } from './raster';
import { ThinLineLayer } from './ThinLineLayer';
import type { DrawKind, Rgba } from './types';
import { extrudedFillLayer, type Extrusion } from './extrusion';

/** Suffix of the extra outline layer drawn above everything (park boundary). */
export const OUTLINE_SUFFIX = '::outline';
const HATCH_SUFFIX = '::hatch';
const LINE_SUFFIX = '::line';
const IMAGE_SUFFIX = '::image';
/** A hairline outline drawn as LineLayer for the swipe: another id, so deck does not reuse the ThinLineLayer's state. */
const SWIPE_LINE_SUFFIX = '::swipe-line';
/** Outlines up to this width are hairlines (ThinLineLayer, no instancing); wider ones use LineLayer. */
const THIN_LINE_MAX_PX = 1.5;
export const SELECTION_ID = '::selection';

export function baseLayerId(deckLayerId: string): string {
  for (const suffix of [OUTLINE_SUFFIX, LINE_SUFFIX, HATCH_SUFFIX, IMAGE_SUFFIX, SWIPE_LINE_SUFFIX]) if (deckLayerId.endsWith(suffix)) return deckLayerId.slice(0, -suffix.length);
  return deckLayerId;
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
  /** The features whose outlines are drawn (all, or those worth it in view for large layers: lod.ts). */
  outline?: FeatureCollection;
  /** The whole layer as one image (raster.ts) instead of fills and outlines, or null. */
  raster?: RasterImage | null;
  /** Raise the fills in 3D (presentation); absent or null = flat. */
  extrusion?: Extrusion | null;
  /** Colour of each hatch line (kinds hatched by category); absent: the "data missing" grey. */
  hatchColor?: ((f: Feature) => Rgba) | null;
  /** Compared with a swipe (clipLayers): outlines drawn as LineLayer, whose shaders the clip can hook into. */
  clipped?: boolean;
}

type AnyLayer = Layer;

const lineLayer = (id: string, data: SegmentData, width: number, visible: boolean, opacity: number): LineLayer =>
  new LineLayer({ id, data: data as never, visible, opacity, pickable: false, widthUnits: 'pixels', getWidth: width });

/** Round joints for a wide line: a dot of the line's width on every vertex. */
const jointLayer = (id: string, data: SegmentData, width: number, color: Rgba): ScatterplotLayer =>
  new ScatterplotLayer({
    id,
    data: { length: data.vertices.length / 2, attributes: { getPosition: { value: data.vertices, size: 2 } } } as never,
    pickable: false,
    radiusUnits: 'pixels',
    getRadius: width / 2,
    getFillColor: color,
  });

/**
 * Deck layers in drawing order (bottom → top). A frame layer (the park) is split: its fill goes to the very
 * bottom, so it never covers or steals the pointer from zones and parcels, and its outline to the very top.
 * Fills are GeoJsonLayers (they pick); outlines and hatching are LineLayers (see segments.ts for why).
 */
export function buildDeckLayers(specs: readonly DrawSpec[], selection: FeatureCollection | null): AnyLayer[] {
  const bottom: AnyLayer[] = [];
  const body: AnyLayer[] = [];
  const top: AnyLayer[] = [];
  for (const spec of specs) {
    const style = KIND_STYLES[spec.kind];
    if (spec.raster) {
      // One image for fills, outlines and hatching.
      (style.outlineOnTop ? bottom : body).push(new BitmapLayer({ id: spec.id + IMAGE_SUFFIX, image: spec.raster.image as never, bounds: spec.raster.bounds, visible: spec.visible, opacity: spec.opacity, pickable: false }));
      continue;
    }
    if (spec.extrusion) body.push(extrudedFillLayer(spec, spec.extrusion, HIGHLIGHT_COLOR));
    else (style.outlineOnTop ? bottom : body).push(
      new GeoJsonLayer<Record<string, unknown>>({
        id: spec.id,
        data: spec.data as never,
        visible: spec.visible,
        opacity: spec.opacity,
        pickable: style.pickable !== false,
        stroked: false,
        filled: style.filled,
        pointRadiusUnits: 'pixels',
        getPointRadius: 5,
        getFillColor: spec.fill as (f: Feature) => Rgba,
        updateTriggers: { getFillColor: spec.styleKey },
        autoHighlight: true,
        highlightColor: HIGHLIGHT_COLOR,
      }),
    );
    const thin = style.lineWidth <= THIN_LINE_MAX_PX;
    const outlineId = spec.id + (thin && spec.clipped ? SWIPE_LINE_SUFFIX : style.outlineOnTop ? OUTLINE_SUFFIX : LINE_SUFFIX);
    const outline = thin && !spec.clipped
      ? new ThinLineLayer({ id: outlineId, data: cachedLineList(spec.outline ?? spec.data, spec.styleKey, spec.line), visible: spec.visible, opacity: spec.opacity, pickable: false,
        // Flat hairlines on their own fills lose to them under the depth test here and there (z-fighting).
        ...(spec.extrusion ? {} : { parameters: { depthCompare: 'always' as const } }) })
      : lineLayer(outlineId, cachedSegments(spec.outline ?? spec.data, spec.styleKey, spec.line), style.lineWidth, spec.visible, spec.opacity);
    if (spec.hatch) body.push(new ThinLineLayer({ id: spec.id + HATCH_SUFFIX, data: spec.hatchColor ? cachedLineList(spec.hatch, 'hatch:coloured', spec.hatchColor) : cachedLineList(spec.hatch, 'hatch', () => HATCH_COLOR), visible: spec.visible, opacity: spec.opacity, pickable: false,
      // Hatch lines lie inside fills at the same depth: with the depth test most of them lost to the fill (z-fighting).
      parameters: { depthCompare: 'always' } }));
    // The frame's outline is not a target: hovering inside the park still reaches parcels and zones.
    (style.outlineOnTop ? top : body).push(outline);
  }
  if (selection) {
    for (const [suffix, color, width] of [['halo', SELECTION_HALO, 7], ['line', SELECTION_LINE, 3.5]] as const) {
      const segments = segmentsOf(selection.features, () => color);
      top.push(jointLayer(`${SELECTION_ID}-${suffix}-joints`, segments, width, color));
      top.push(new LineLayer({ id: `${SELECTION_ID}-${suffix}`, data: segments as never, pickable: false, widthUnits: 'pixels', getWidth: width, getColor: color }));
    }
  }
  return [...bottom, ...body, ...top];
}

const CLIP = new ClipExtension();
/** Web Mercator ends short of the poles: clip boxes stay within it. */
const MAX_LAT = 85;

/**
 * The swipe (plan comparison): the deck layers of `left` clipped to the west of longitude `lon`, those of `right`
 * to the east (on a north-up map a vertical screen line is a meridian). Cheap: only clip bounds change per frame.
 */
export function clipLayers(layers: readonly AnyLayer[], swipe: { left: string; right: string; lon: number } | null): AnyLayer[] {
  if (!swipe) return [...layers];
  return layers.map((l) => {
    const id = baseLayerId(l.id);
    if (id !== swipe.left && id !== swipe.right) return l;
    const clipBounds = id === swipe.left ? [-180, -MAX_LAT, swipe.lon, MAX_LAT] : [swipe.lon, -MAX_LAT, 180, MAX_LAT];
    return l.clone({ extensions: [CLIP], clipBounds } as never);
  });
}

/**
 * One tiny feature at 0°N 0°E (far off any park's view) drawn with every layer type the map uses. Under
 * software GL a pipeline compiles on its first draw (~0.1–0.3 s each); drawing these before the data arrive
 * moves that work off the critical path. Replaced by the real layers on the first setLayers.
 */
export function warmUpLayers(): AnyLayer[] {
  const ring = [[0, 0], [1e-6, 0], [0, 1e-6], [0, 0]];
  const kind = 'parcel' as const;
  const data: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] };
  const spec: DrawSpec = { id: '::warm-up', kind, data, visible: true, opacity: 1, fill: () => [0, 0, 0, 1], line: () => [0, 0, 0, 1], styleKey: 'warm-up', hatch: data };
  return buildDeckLayers([spec], data).map((l) => l.clone({ pickable: false }));
}
