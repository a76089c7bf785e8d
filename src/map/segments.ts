// Polygon outlines and hatching as straight segments for deck.gl's LineLayer, in binary attributes.
// Why: PathLayer (GeoJsonLayer's stroke) has a heavy vertex shader; under software GL (SwiftShader, on the
// machines here and on old office PCs) it cost ~0.6 s of first frame for the sample park. Outlines 1–3 px wide
// need no joints; the few wide lines (selection) get round vertex dots instead (see deckLayers.ts).
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { ThinLineData } from './ThinLineLayer';
import type { Rgba } from './types';

/** LineLayer binary data: one segment per entry. Positions stay float64 (deck splits them for precision). */
export interface SegmentData {
  length: number;
  attributes: {
    getSourcePosition: { value: Float64Array; size: 2 };
    getTargetPosition: { value: Float64Array; size: 2 };
    getColor: { value: Uint8Array; size: 4; normalized: true };
  };
  /** Every vertex once per ring (no closing duplicate), for round joints of wide lines. */
  vertices: Float64Array;
}

function linesOf(f: Feature): Position[][] {
  const g = f.geometry;
  if (!g) return [];
  switch (g.type) {
    case 'Polygon':
    case 'MultiLineString':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'LineString':
      return [g.coordinates];
    default:
      return [];
  }
}

/** Segments of every ring or line of the features, each coloured by `color(feature)`. */
export function segmentsOf(features: readonly Feature[], color: (f: Feature) => Rgba): SegmentData {
  let n = 0;
  let nv = 0;
  for (const f of features) for (const line of linesOf(f)) if (line.length > 1) { n += line.length - 1; nv += line.length; }
  const source = new Float64Array(n * 2);
  const target = new Float64Array(n * 2);
  const colors = new Uint8Array(n * 4);
  const vertices = new Float64Array(nv * 2);
  let i = 0;
  let v = 0;
  for (const f of features) {
    const lines = linesOf(f);
    if (lines.length === 0) continue;
    const c = color(f);
    for (const line of lines) {
      if (line.length < 2) continue;
      for (let k = 1; k < line.length; k++, i++) {
        source[2 * i] = line[k - 1][0];
        source[2 * i + 1] = line[k - 1][1];
        target[2 * i] = line[k][0];
        target[2 * i + 1] = line[k][1];
        colors[4 * i] = c[0];
        colors[4 * i + 1] = c[1];
        colors[4 * i + 2] = c[2];
        colors[4 * i + 3] = c[3] ?? 255;
      }
      for (const p of line) { vertices[v++] = p[0]; vertices[v++] = p[1]; }
    }
  }
  return {
    length: i,
    attributes: {
      getSourcePosition: { value: source, size: 2 },
      getTargetPosition: { value: target, size: 2 },
      getColor: { value: colors, size: 4, normalized: true },
    },
    vertices: vertices.subarray(0, v),
  };
}

/** The same segments as a line list for ThinLineLayer: two vertices per segment, colour per vertex. */
export function lineListOf(features: readonly Feature[], color: (f: Feature) => Rgba): ThinLineData {
  let n = 0;
  for (const f of features) for (const line of linesOf(f)) if (line.length > 1) n += line.length - 1;
  const positions = new Float64Array(n * 4);
  const colors = new Uint8Array(n * 8);
  let i = 0;
  for (const f of features) {
    const lines = linesOf(f);
    if (lines.length === 0) continue;
    const [r, g, b, a = 255] = color(f);
    for (const line of lines) {
      for (let k = 1; k < line.length; k++, i++) {
        positions[4 * i] = line[k - 1][0];
        positions[4 * i + 1] = line[k - 1][1];
        positions[4 * i + 2] = line[k][0];
        positions[4 * i + 3] = line[k][1];
        colors.set([r, g, b, a, r, g, b, a], 8 * i);
      }
    }
  }
  return { length: 2 * i, attributes: { getPosition: { value: positions, size: 2 }, getColor: { value: colors, size: 4, normalized: true } } };
}

const segmentCache = new WeakMap<FeatureCollection, Map<string, SegmentData>>();
const lineListCache = new WeakMap<FeatureCollection, Map<string, ThinLineData>>();

function remembered<T>(cache: WeakMap<FeatureCollection, Map<string, T>>, data: FeatureCollection, styleKey: string, build: () => T): T {
  let byKey = cache.get(data);
  if (!byKey) cache.set(data, (byKey = new Map()));
  let s = byKey.get(styleKey);
  if (!s) {
    // One entry per collection is enough: a new style replaces the old one.
    byKey.clear();
    s = build();
    byKey.set(styleKey, s);
  }
  return s;
}

/** `segmentsOf` remembered per collection and style key (colours change only with the key). */
export const cachedSegments = (data: FeatureCollection, styleKey: string, color: (f: Feature) => Rgba): SegmentData =>
  remembered(segmentCache, data, styleKey, () => segmentsOf(data.features, color));

/** `lineListOf` remembered per collection and style key. */
export const cachedLineList = (data: FeatureCollection, styleKey: string, color: (f: Feature) => Rgba): ThinLineData =>
  remembered(lineListCache, data, styleKey, () => lineListOf(data.features, color));
