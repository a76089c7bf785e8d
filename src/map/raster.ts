// A large layer seen whole (tens of thousands of parcels in view) is drawn as one image, rasterised once per
// styling with Canvas 2D in web-mercator pixels, instead of as that many polygons. Why: under software GL a
// frame costs ~1–3 µs per vertex, so 100k parcels took seconds a frame and the map could not be panned; an
// image is one quad. Zoomed in, the layer is drawn as vectors again (lod.ts decides). Picking in image mode
// is done on the CPU (lod.ts featureAt).
import type { Feature, FeatureCollection, Position } from 'geojson';
import { bboxOf } from './bounds';
import type { Rgba } from './types';

/** Longest side of the image, px (a WebGL texture of this size is supported everywhere). */
const MAX_SIZE = 4096;

export interface RasterImage {
  image: ImageBitmap | HTMLCanvasElement;
  /** [west, south, east, north] in lon/lat. */
  bounds: [number, number, number, number];
}

const mercX = (lon: number): number => (lon + 180) / 360;
const mercY = (lat: number): number => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

const css = ([r, g, b, a = 255]: Rgba): string => `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;

function canvasOf(w: number, h: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

function ringsOf(f: Feature): Position[][] {
  const g = f.geometry;
  if (!g) return [];
  if (g.type === 'Polygon' || g.type === 'MultiLineString') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  if (g.type === 'LineString') return [g.coordinates];
  return [];
}

/** Rasterises fills (and outlines, and hatch lines) of a collection into a web-mercator image over its bounds. */
export function rasterize(data: FeatureCollection, fill: (f: Feature) => Rgba, line: (f: Feature) => Rgba, hatch: FeatureCollection | null, hatchColor: Rgba): RasterImage | null {
  const box = bboxOf([data]);
  if (!box) return null;
  const x0 = mercX(box[0]);
  const x1 = mercX(box[2]);
  const y0 = mercY(box[3]);
  const y1 = mercY(box[1]);
  const scale = MAX_SIZE / Math.max(x1 - x0, y1 - y0);
  const w = Math.max(1, Math.ceil((x1 - x0) * scale));
  const h = Math.max(1, Math.ceil((y1 - y0) * scale));
  const canvas = canvasOf(w, h);
  const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!g) return null;
  const trace = (f: Feature, close: boolean) => {
    g.beginPath();
    for (const ring of ringsOf(f)) {
      ring.forEach(([lon, lat], k) => {
        const px = (mercX(lon) - x0) * scale;
        const py = (mercY(lat) - y0) * scale;
        if (k === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      });
      if (close) g.closePath();
    }
  };
  g.lineWidth = 1;
  g.lineJoin = 'round';
  for (const f of data.features) {
    trace(f, true);
    const c = fill(f);
    if (c[3] !== 0) {
      g.fillStyle = css(c);
      g.fill('evenodd');
    }
    g.strokeStyle = css(line(f));
    g.stroke();
  }
  if (hatch) {
    g.strokeStyle = css(hatchColor);
    for (const f of hatch.features) {
      trace(f, false);
      g.stroke();
    }
  }
  const image = canvas instanceof HTMLCanvasElement ? canvas : canvas.transferToImageBitmap();
  return { image, bounds: [box[0], box[1], box[2], box[3]] };
}

const cache = new WeakMap<FeatureCollection, { key: string; raster: RasterImage | null }>();

/** `rasterize` remembered per collection and style key (one image per collection; a new style replaces it). */
export function cachedRaster(data: FeatureCollection, styleKey: string, fill: (f: Feature) => Rgba, line: (f: Feature) => Rgba, hatch: FeatureCollection | null, hatchColor: Rgba): RasterImage | null {
  const hit = cache.get(data);
  if (hit && hit.key === styleKey) return hit.raster;
  if (hit?.raster && 'close' in hit.raster.image) hit.raster.image.close();
  const raster = rasterize(data, fill, line, hatch, hatchColor);
  cache.set(data, { key: styleKey, raster });
  return raster;
}
