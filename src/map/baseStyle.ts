// The default, fully offline base style (DESIGN §9): a neutral background and nothing that fetches.
// No `glyphs`, `sprite` or tile sources: until the user adds a base map the app makes no request of its own.
import type { RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';

export const BACKGROUND_COLOR = '#eef0f1';

/** CJK glyphs are drawn by the browser from these local fonts, never downloaded. */
export const LOCAL_IDEOGRAPH_FONT_FAMILY = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'park-atlas-offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
}

export const BASEMAP_SOURCE_ID = 'user-basemap';
export const BASEMAP_LAYER_ID = 'user-basemap';

/**
 * Whether a user's tile URL template can be used: http(s) with {z}, {x} and {y} (or {-y}) placeholders, e.g.
 * 天地图 WMTS in KVP form `…&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`. Returns a reason code, or null when fine.
 */
export function baseMapProblem(url: string): 'scheme' | 'placeholders' | null {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/[{}]/g, ''));
  } catch {
    return 'scheme';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'scheme';
  if (!url.includes('{z}') || !url.includes('{x}') || !(url.includes('{y}') || url.includes('{-y}'))) return 'placeholders';
  return null;
}

/** A raster source for an XYZ/WMTS template; `{s}` subdomains (天地图 t0–t7) are expanded to several URLs. */
export function rasterSourceFor(url: string): RasterSourceSpecification {
  const tiles = url.includes('{s}') ? ['0', '1', '2', '3'].map((s) => url.replace('{s}', s)) : [url];
  const scheme = url.includes('{-y}') ? 'tms' : 'xyz';
  return { type: 'raster', tiles: tiles.map((t) => t.replace('{-y}', '{y}')), tileSize: 256, scheme, maxzoom: 18 };
}
