// The map drawn off screen at print resolution: a second map controller in a hidden box of the frame's size, given
// exactly what the review map draws (layers, order, visibility, opacity, styling), drawn at pixelRatio = dpi / 96,
// then its two canvases (maplibre below, deck above) composited into one. The screen map is not touched.
import { MapController } from '../../map/MapController';
import { CSS_DPI, zoomForFrame } from './scale';

export interface RenderedMap {
  canvas: HTMLCanvasElement;
  /** The camera it was drawn with (for the scale bar and north arrow). */
  view: { center: [number, number]; zoom: number; bearing: number };
  cssWidth: number;
  cssHeight: number;
  pixelRatio: number;
}

const READY_TIMEOUT_MS = 90_000;

/**
 * Draws what `source` shows into a frame of `cssWidth` × `cssHeight` CSS pixels at `dpi`, showing at least the screen's
 * view (same centre and bearing; the zoom grows with the frame).
 */
export async function renderMap(source: MapController, cssWidth: number, cssHeight: number, dpi: number): Promise<RenderedMap> {
  const pixelRatio = dpi / CSS_DPI;
  const screen = source.viewSize();
  const camera = source.getCamera();
  const zoom = zoomForFrame(screen, { width: cssWidth, height: cssHeight }, camera.zoom);
  const view = { center: camera.center, zoom, bearing: camera.bearing };
  const box = document.createElement('div');
  // Laid out in the viewport (deck sizes and draws only a canvas it sees) but invisible, behind the app, not clickable.
  Object.assign(box.style, { position: 'fixed', left: '0', top: '0', width: `${cssWidth}px`, height: `${cssHeight}px`, pointerEvents: 'none', opacity: '0', zIndex: '-1' });
  box.setAttribute('aria-hidden', 'true');
  document.body.appendChild(box);
  let controller: MapController | null = null;
  try {
    const drawn = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not drawn within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      controller = new MapController(box, {
        initialView: view,
        offscreen: { pixelRatio },
        onReadyChange: (ready) => {
          if (!ready) return;
          clearTimeout(timer);
          resolve();
        },
      });
      source.copyDrawingTo(controller);
    });
    await drawn;
    const c = controller as MapController | null;
    if (!c) throw new Error('no map');
    const width = Math.round(cssWidth * pixelRatio);
    const height = Math.round(cssHeight * pixelRatio);
    // deck sizes its canvas a few frames after it first draws (a resize observer): wait for the full size, then for
    // the frames that draw into it, and for the map to be ready again.
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    const full = (cv: HTMLCanvasElement) => Math.abs(cv.width - width) <= 2 && Math.abs(cv.height - height) <= 2;
    const until = performance.now() + 20_000;
    while (!c.canvases().every(full) && performance.now() < until) await frame();
    if (!c.canvases().every(full)) throw new Error(`the map canvas did not reach ${width} × ${height} px`);
    for (let k = 0; k < 3 || (!c.isReady() && performance.now() < until); k++) await frame();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    for (const layer of c.canvases()) ctx.drawImage(layer, 0, 0, width, height);
    return { canvas, view, cssWidth, cssHeight, pixelRatio };
  } finally {
    (controller as MapController | null)?.destroy();
    box.remove();
  }
}

/** A canvas as PNG bytes. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the image could not be encoded'));
      void blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject);
    }, 'image/png');
  });
}
