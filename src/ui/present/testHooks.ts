// Read-only hooks for the end-to-end tests on the presentation's own map (the app's window.__parkAtlas describes
// the review map; the portable deck has only this one): what the slide's map draws now.
import type { MapController } from '../../map/MapController';
import type { LayerSummary, MapSnapshot } from '../../map/types';

export interface DeckTestHooks {
  /** Layers in drawing order (bottom → top), derived ones included, with counts and the legend as drawn. */
  mapState(): MapSnapshot;
  layerSummary(): LayerSummary[];
}

declare global {
  interface Window {
    /** Test hooks of the presentation's map (test/e2e); not an API for anything else. */
    __parkAtlasDeck?: DeckTestHooks;
  }
}

export function installDeckTestHooks(controller: MapController): () => void {
  const hooks: DeckTestHooks = Object.freeze({
    mapState: () => JSON.parse(JSON.stringify(controller.getSnapshot())) as MapSnapshot,
    layerSummary: () => controller.layerSummary(),
  });
  window.__parkAtlasDeck = hooks;
  return () => {
    if (window.__parkAtlasDeck === hooks) delete window.__parkAtlasDeck;
  };
}
