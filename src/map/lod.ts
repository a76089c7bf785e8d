// Level of detail for outlines of large layers: draw a feature's outline only when it is in (or near) the view and
// at least a few pixels wide there. Fills are always drawn, so nothing disappears; outlines of features too small
// to show them would only cost vertex work (1–3 µs a vertex under software GL) and draw a solid mush.
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection } from 'geojson';
import { pointInGeometry } from '../core/metrics/assign';
import { bboxOf, featureBox, type BBox } from './bounds';

/** Layers with more features than this get outline LOD; smaller ones always draw every outline. */
export const LOD_MIN_FEATURES = 5000;
/** Outlines are drawn for features at least this wide or tall on screen. */
export const MIN_OUTLINE_PX = 8;
/** The window outlines are built for extends this fraction of the view on every side. */
const PAD = 0.5;

export interface ViewWindow {
  /** The box outlines were built for (padded view), lon/lat. */
  box: BBox;
  zoom: number;
}

interface Index {
  tree: Flatbush;
  boxes: Float64Array;
}

const indexCache = new WeakMap<FeatureCollection, Index | null>();

function indexOf(data: FeatureCollection): Index | null {
  if (indexCache.has(data)) return indexCache.get(data)!;
  const features = data.features;
  let index: Index | null = null;
  if (features.length > 0) {
    const tree = new Flatbush(features.length);
    const boxes = new Float64Array(features.length * 4);
    features.forEach((f, i) => {
      const b = featureBox(f) ?? [0, 0, 0, 0];
      boxes.set(b, i * 4);
      tree.add(b[0], b[1], b[2], b[3]);
    });
    tree.finish();
    index = { tree, boxes };
  }
  indexCache.set(data, index);
  return index;
}

/** Pixels per degree of longitude at a web-mercator zoom (512 px tiles, as maplibre). */
const pxPerDegree = (zoom: number): number => (512 * 2 ** zoom) / 360;

/** The padded window for a view box and zoom. */
export function windowFor(view: BBox, zoom: number): ViewWindow {
  const w = view[2] - view[0];
  const h = view[3] - view[1];
  return { box: [view[0] - w * PAD, view[1] - h * PAD, view[2] + w * PAD, view[3] + h * PAD], zoom };
}

/** Whether a window built earlier still serves this view (inside it, zoom within half a level). */
export function windowServes(built: ViewWindow | null, view: BBox, zoom: number): boolean {
  if (!built) return false;
  const [x0, y0, x1, y1] = built.box;
  return Math.abs(built.zoom - zoom) < 0.5 && view[0] >= x0 && view[1] >= y0 && view[2] <= x1 && view[3] <= y1;
}

const subsetCache = new WeakMap<FeatureCollection, { window: ViewWindow; subset: FeatureCollection }>();

/**
 * Features whose outline is worth drawing in the window; the collection itself when LOD does not apply. The same
 * window gives the same object back, so the outline geometry built from it is reused.
 */
export function outlineSubset(data: FeatureCollection, window: ViewWindow | null): FeatureCollection {
  if (!window || data.features.length <= LOD_MIN_FEATURES) return data;
  const cached = subsetCache.get(data);
  if (cached?.window === window) return cached.subset;
  const subset = computeSubset(data, window);
  subsetCache.set(data, { window, subset });
  return subset;
}

function computeSubset(data: FeatureCollection, window: ViewWindow): FeatureCollection {
  const index = indexOf(data);
  if (!index) return data;
  const [x0, y0, x1, y1] = window.box;
  const latScale = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const minDeg = MIN_OUTLINE_PX / pxPerDegree(window.zoom);
  const features: Feature[] = [];
  for (const i of index.tree.search(x0, y0, x1, y1)) {
    const b = index.boxes.subarray(i * 4, i * 4 + 4);
    // Latitude degrees are longer on screen than longitude degrees by 1/cos(lat) in web mercator.
    if (b[2] - b[0] >= minDeg || (b[3] - b[1]) / latScale >= minDeg) features.push(data.features[i]);
  }
  return { type: 'FeatureCollection', features };
}

/** Whether any of these collections is large enough for LOD. */
export const needsLod = (collections: readonly FeatureCollection[]): boolean => collections.some((c) => c.features.length > LOD_MIN_FEATURES);

/** Layers with more features than this may draw as one image (raster.ts) when many of them are in view. */
export const RASTER_MIN_FEATURES = 20_000;
/** A large layer draws as vectors when its view window holds at most this many features, else as an image. */
export const VECTOR_MAX_IN_WINDOW = 12_000;

const windowCache = new WeakMap<FeatureCollection, { window: ViewWindow; subset: FeatureCollection }>();

/** Features of a large layer within the window (same window, same object); the collection itself for small ones. */
export function windowSubset(data: FeatureCollection, window: ViewWindow): FeatureCollection {
  if (data.features.length <= RASTER_MIN_FEATURES) return data;
  const cached = windowCache.get(data);
  if (cached?.window === window) return cached.subset;
  const [x0, y0, x1, y1] = window.box;
  // The whole layer in the window (it is seen whole): no spatial index needed yet.
  const all = bboxOf([data]);
  if (all && all[0] >= x0 && all[1] >= y0 && all[2] <= x1 && all[3] <= y1) {
    windowCache.set(data, { window, subset: data });
    return data;
  }
  const index = indexOf(data);
  const subset: FeatureCollection = index ? { type: 'FeatureCollection', features: index.tree.search(x0, y0, x1, y1).sort((a, b) => a - b).map((i) => data.features[i]) } : data;
  windowCache.set(data, { window, subset });
  return subset;
}

/** Whether a layer draws as an image in this window: large, with more features in view than vectors can carry. */
export function drawsAsImage(data: FeatureCollection, window: ViewWindow): boolean {
  return data.features.length > RASTER_MIN_FEATURES && windowSubset(data, window).features.length > VECTOR_MAX_IN_WINDOW;
}

/** The topmost-drawn (last) feature of a collection containing the point, by its index; for layers drawn as an image. */
export function featureAt(data: FeatureCollection, lon: number, lat: number): Feature | null {
  const index = indexOf(data);
  if (!index) return null;
  const hits = index.tree.search(lon, lat, lon, lat).sort((a, b) => b - a);
  for (const i of hits) {
    const f = data.features[i];
    const g = f.geometry;
    if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && pointInGeometry(lon, lat, g)) return f;
  }
  return null;
}
