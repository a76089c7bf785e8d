// The one map of the page, for components that are not its parent (layer panel, legend, URL writer):
// MapView registers its controller here; the rest subscribe to what it draws. Also holds the thematic setting.
import { useSyncExternalStore } from 'react';
import type { MapController } from '../../map/MapController';
import type { MapSnapshot } from '../../map/types';
import { readUrlState, type ThemeSetting } from '../urlState';

type Listener = () => void;

const EMPTY: MapSnapshot = { layers: [], selection: null, view: null, baseMap: null };

let controller: MapController | null = null;
let unsubscribeController: (() => void) | null = null;
let theme: ThemeSetting = readUrlState(typeof window === 'undefined' ? '' : window.location.search).theme;
const listeners = new Set<Listener>();

function emit(): void {
  for (const l of [...listeners]) l();
}

export const mapStore = {
  setController(c: MapController | null): void {
    if (controller === c) return;
    unsubscribeController?.();
    unsubscribeController = null;
    controller = c;
    if (c) unsubscribeController = c.subscribe(emit);
    emit();
  },
  controller: (): MapController | null => controller,
  snapshot: (): MapSnapshot => controller?.getSnapshot() ?? EMPTY,
  theme: (): ThemeSetting => theme,
  setTheme(t: ThemeSetting): void {
    if (t.metric === theme.metric && t.method === theme.method) return;
    theme = t;
    emit();
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

export const useMapController = (): MapController | null => useSyncExternalStore(mapStore.subscribe, mapStore.controller);
export const useMapSnapshot = (): MapSnapshot => useSyncExternalStore(mapStore.subscribe, mapStore.snapshot);
export const useTheme = (): ThemeSetting => useSyncExternalStore(mapStore.subscribe, mapStore.theme);
