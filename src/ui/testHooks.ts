// Read-only hooks for the end-to-end tests (DESIGN §11): what the map holds, where a place is on screen.
import type { RefObject } from 'react';
import { KIND_STYLES } from '../map/layerStyle';
import type { MapController } from '../map/MapController';
import type { EvaluatedProject } from './data/evaluation';
import type { Project } from './data/loadProject';

export function installTestHooks(
  controllerRef: RefObject<MapController | null>,
  projectRef: RefObject<Project | null>,
  evaluatedRef: RefObject<EvaluatedProject | null>,
): () => void {
  window.__parkAtlas = Object.freeze({
    /** Core's evaluation of the loaded project, as plain JSON (what the CLI prints), for checking figures on screen. */
    evaluation: () => (evaluatedRef.current ? JSON.parse(JSON.stringify(evaluatedRef.current.evaluation)) : null),
    layerSummary: () => controllerRef.current?.layerSummary() ?? [],
    /** Layers drawn as one image (large layers seen whole). */
    imageLayers: () => controllerRef.current?.layersDrawnAsImage() ?? [],
    /** What the map draws now (map helper): layers in drawing order with opacity, filters and the legend as shown. */
    mapState: () => (controllerRef.current ? JSON.parse(JSON.stringify(controllerRef.current.getSnapshot())) : null),
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
