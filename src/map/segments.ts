// Polygon outlines and hatching as straight segments for deck.gl's LineLayer, in binary attributes.
// Why: PathLayer (GeoJsonLayer's stroke) has a heavy vertex shader; under software GL (SwiftShader, on the
// machines here and on old office PCs) it cost ~0.6 s of first frame for the sample park. Outlines 1–3 px wide
// need no joints; the few wide lines (selection) get round vertex dots instead (see deckLayers.ts).
import type { Feature, FeatureCollection, Position } from 'geojson';
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

const cache = new WeakMap<FeatureCollection, Map<string, SegmentData>>();

/** `segmentsOf` remembered per collection and style key (colours change only with the key). */
export function cachedSegments(data: FeatureCollection, styleKey: string, color: (f: Feature) => Rgba): SegmentData {
  let byKey = cache.get(data);
  if (!byKey) cache.set(data, (byKey = new Map()));
  let s = byKey.get(styleKey);
  if (!s) {
    // One entry per collection is enough: a new style replaces the old one.
    byKey.clear();
    s = segmentsOf(data.features, color);
    byKey.set(styleKey, s);
  }
  return s;
}
