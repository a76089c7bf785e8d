// Paper, pixels and scale for the print layout and the PNG export: sheet sizes, how many pixels a print resolution
// needs, the zoom that shows the screen's view in another frame, and a scale bar of round length. Display
// arithmetic only (web-mercator ground resolution); no figure of the review comes from here.

export type Paper = 'A4' | 'A3';
export type Orientation = 'landscape' | 'portrait';

/** ISO 216 sheet sizes, millimetres (short × long side). */
export const PAPER_MM: Record<Paper, [number, number]> = { A4: [210, 297], A3: [297, 420] };

export const MM_PER_INCH = 25.4;
/** CSS pixels per inch (CSS defines 1in = 96px). */
export const CSS_DPI = 96;
/** maplibre's tiles are 512 CSS px: the world is 512·2^zoom px wide. */
const TILE_SIZE = 512;
/** Equatorial circumference of the web-mercator sphere (WGS 84 semi-major axis), metres. */
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;

export function sheetMm(paper: Paper, orientation: Orientation): { width: number; height: number } {
  const [short, long] = PAPER_MM[paper];
  return orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

/** Pixels for a length on paper at a print resolution (300 dpi: 297 mm → 3508 px). */
export const pixelsFor = (mm: number, dpi: number): number => Math.round((mm / MM_PER_INCH) * dpi);

/** CSS pixels for a length on paper (what the browser lays out; printing maps them 1:1 to paper). */
export const cssPixelsFor = (mm: number): number => (mm / MM_PER_INCH) * CSS_DPI;

/** Ground metres per CSS pixel at a latitude and zoom on the map. */
export function metersPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (TILE_SIZE * 2 ** zoom);
}

/**
 * The zoom at which a frame of `frame` CSS pixels shows at least what a screen map of `screen` CSS pixels shows at
 * `zoom` (same centre): the frame's tighter side decides.
 */
export function zoomForFrame(screen: { width: number; height: number }, frame: { width: number; height: number }, zoom: number): number {
  const k = Math.min(frame.width / screen.width, frame.height / screen.height);
  return zoom + Math.log2(k);
}

/** 1 : N for a map printed at `metersPerMm` ground metres per millimetre of paper, N rounded to 2 significant digits. */
export function scaleDenominator(metersPerMm: number): number {
  const n = metersPerMm * 1000;
  if (!(n > 0) || !Number.isFinite(n)) return NaN;
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / p) * p;
}

export interface ScaleBar {
  /** Ground length of the bar, metres (1, 2 or 5 × 10ⁿ). */
  meters: number;
  /** Its length on paper (or screen), in the unit `metersPerUnit` is given in. */
  length: number;
  /** "500 m", "2 km". */
  label: string;
}

/** The longest round bar (1, 2, 5 × 10ⁿ m) no longer than `maxLength` units, at `metersPerUnit` ground metres per unit. */
export function scaleBar(metersPerUnit: number, maxLength: number): ScaleBar {
  const maxMeters = metersPerUnit * maxLength;
  let meters = 10 ** Math.floor(Math.log10(maxMeters));
  for (const k of [5, 2]) if (meters * k <= maxMeters) { meters *= k; break; }
  const label = meters >= 1000 ? `${meters / 1000} km` : `${meters} m`;
  return { meters, length: meters / metersPerUnit, label };
}
