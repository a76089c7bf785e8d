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
const MIN_SIZE = 1024;

/**
 * The image's longest side for a map canvas of this size (device px): the next power of two above 1.25× the
 * canvas, so the layer stays sharp seen whole and one zoom step in (closer, it is drawn as vectors). Why not always
 * 4096: fill and texture upload cost grow with the pixels (4× from 2048 to 4096), about a second under software GL.
 */
export function rasterSizeFor(canvasWidth: number, canvasHeight: number): number {
  const want = 1.25 * Math.max(canvasWidth, canvasHeight, 1);
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, 2 ** Math.ceil(Math.log2(want))));
}

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

/** Work between yields: a sliced rasterisation never holds the page for much longer than this. */
const SLICE_MS = 25;

/**
 * Lets other tasks run. scheduler.yield() where the browser has it: input still comes first, but the drawing then
 * continues ahead of other queued work (the parts of an evaluation arriving), so the image is done in about its own
 * CPU time instead of several times that. Else a message (not a timer: timers are throttled in background tabs).
 */
const yieldToPage = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });
};

/**
 * Rasterises fills (and outlines, and hatch lines) of a collection into a web-mercator image over its bounds,
 * yielding to the page every SLICE_MS (100k parcels take ~1 s to draw on a software canvas: one task that long
 * freezes the page).
 */
async function rasterizeInSlices(data: FeatureCollection, fill: (f: Feature) => Rgba, line: (f: Feature) => Rgba, hatch: FeatureCollection | null, hatchColor: Rgba, size: number): Promise<RasterImage | null> {
  const box = bboxOf([data]);
  if (!box) return null;
  const x0 = mercX(box[0]);
  const x1 = mercX(box[2]);
  const y0 = mercY(box[3]);
  const y1 = mercY(box[1]);
  const scale = Math.min(MAX_SIZE, size) / Math.max(x1 - x0, y1 - y0);
  const w = Math.max(1, Math.ceil((x1 - x0) * scale));
  const h = Math.max(1, Math.ceil((y1 - y0) * scale));
  const canvas = canvasOf(w, h);
  const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!g) return null;
  const trace = (f: Feature, close: boolean) => {
    g.beginPath();
    for (const ring of ringsOf(f)) {
      for (let k = 0; k < ring.length; k++) {
        const px = (mercX(ring[k][0]) - x0) * scale;
        const py = (mercY(ring[k][1]) - y0) * scale;
        if (k === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      }
      if (close) g.closePath();
    }
  };
  g.lineWidth = 1;
  g.lineJoin = 'round';
  // A style is set only when it changes: the canvas parses the colour text on every assignment, and neighbouring
  // parcels mostly share their colours (the styling hands out one array per class).
  const cssCache = new WeakMap<Rgba, string>();
  const cssOf = (c: Rgba): string => {
    let v = cssCache.get(c);
    if (v === undefined) cssCache.set(c, (v = css(c)));
    return v;
  };
  let fillNow = '';
  let strokeNow = '';
  const setFill = (style: string) => { if (style !== fillNow) g.fillStyle = fillNow = style; };
  const setStroke = (style: string) => { if (style !== strokeNow) g.strokeStyle = strokeNow = style; };
  const drawFeature = (f: Feature) => {
    trace(f, true);
    const c = fill(f);
    if (c[3] !== 0) {
      setFill(cssOf(c));
      g.fill('evenodd');
    }
    setStroke(cssOf(line(f)));
    g.stroke();
  };
  const drawHatch = (f: Feature) => {
    setStroke(cssOf(hatchColor));
    trace(f, false);
    g.stroke();
  };
  const finish = (): RasterImage => {
    const image = canvas instanceof HTMLCanvasElement ? canvas : canvas.transferToImageBitmap();
    return { image, bounds: [box[0], box[1], box[2], box[3]] };
  };
  const hatchFeatures = hatch?.features ?? [];
  let t0 = performance.now();
  const steps: Array<[readonly Feature[], (f: Feature) => void]> = [[data.features, drawFeature], [hatchFeatures, drawHatch]];
  for (const [features, draw] of steps) {
    for (let i = 0; i < features.length; i++) {
      draw(features[i]);
      if ((i & 255) === 255 && performance.now() - t0 > SLICE_MS) {
        await yieldToPage();
        t0 = performance.now();
      }
    }
  }
  return finish();
}

const cache = new WeakMap<FeatureCollection, { key: string; raster: RasterImage | null; pending: Promise<void> | null }>();

function store(data: FeatureCollection, key: string, raster: RasterImage | null): void {
  const old = cache.get(data);
  if (old?.raster && old.raster !== raster && 'close' in old.raster.image) old.raster.image.close();
  cache.set(data, { key, raster, pending: null });
}

/**
 * The image of a collection in this style and size, remembered per collection (a new style replaces it), when it is
 * drawn; else starts drawing it in slices (once) and returns
 * null, and `onDone` is called when it is ready (then this returns it).
 */
export function rasterWhenReady(data: FeatureCollection, style: string, fill: (f: Feature) => Rgba, line: (f: Feature) => Rgba, hatch: FeatureCollection | null, hatchColor: Rgba, size: number, onDone: () => void): RasterImage | null {
  const styleKey = `${style}@${size}`;
  const hit = cache.get(data);
  if (hit && hit.key === styleKey) {
    if (!hit.pending) return hit.raster;
    return null;
  }
  const entry: { key: string; raster: RasterImage | null; pending: Promise<void> | null } = { key: styleKey, raster: hit?.raster ?? null, pending: null };
  const started = performance.now();
  entry.pending = rasterizeInSlices(data, fill, line, hatch, hatchColor, size).then((raster) => {
    // For the bench and profiling: which image took how long from start to finish (slices and waits included).
    performance.mark('park-atlas:raster-drawn', { detail: { features: data.features.length, size, ms: Math.round(performance.now() - started) } });
    // A newer style may have started meanwhile: only the entry still current is filled in.
    if (cache.get(data) !== entry) {
      if (raster && 'close' in raster.image) raster.image.close();
      return;
    }
    store(data, styleKey, raster);
    onDone();
  });
  cache.set(data, entry);
  return null;
}
