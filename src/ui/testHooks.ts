// Read-only hooks for the end-to-end tests (DESIGN §11): what the map holds, where a place is on screen.
import type { RefObject } from 'react';
import { KIND_STYLES } from '../map/layerStyle';
import type { MapController } from '../map/MapController';
import type { Project } from './data/loadProject';

export function installTestHooks(controllerRef: RefObject<MapController | null>, projectRef: RefObject<Project | null>): () => void {
  window.__parkAtlas = Object.freeze({
    layerSummary: () => controllerRef.current?.layerSummary() ?? [],
    project: (lngLat: [number, number]) => controllerRef.current?.project(lngLat) ?? null,
    legend: () =>
      Object.fromEntries(
        (projectRef.current?.layers ?? []).map((l) => [
          l.id,
          {
            kind: l.kind,
            swatch: { fill: l.legend.swatch.fill ? [...l.legend.swatch.fill] : null, line: [...l.legend.swatch.line] },
            /** What the map fills unclassified features with (the park's faint tint has no legend swatch). */
            baseFill: [...KIND_STYLES[l.kind].base.fill],
            entries: l.legend.entries.map((e) => ({ value: e.value, fill: [...e.fill], line: [...e.line], count: e.count })),
          },
        ]),
      ),
  });
  return () => {
    delete window.__parkAtlas;
  };
}
