// The default, fully offline base style (DESIGN §9): a neutral background and nothing that fetches.
// No `glyphs`, `sprite` or tile sources: until the user adds a base map the app makes no request of its own.
import type { StyleSpecification } from 'maplibre-gl';

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
