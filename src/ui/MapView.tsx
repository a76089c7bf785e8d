// The map container. The MapController lives in a ref; the React tree only hands it plain data.
// It is created with the state read from the URL and keeps the URL up to date with what is drawn (issue 4 §7).
import { useEffect, useRef, type RefObject } from 'react';
import { KIND_STYLES } from '../map/layerStyle';
import { MapController } from '../map/MapController';
import type { FeatureRef, HoverInfo } from '../map/types';
import { storedBaseMap } from './thematic/baseMapStorage';
import { mapStore } from './thematic/mapStore';
import { readUrlState, writeUrlStateDebounced } from './urlState';

interface Props {
  controllerRef: RefObject<MapController | null>;
  onReadyChange: (ready: boolean) => void;
  onHover: (info: HoverInfo | null) => void;
  /** A click on the map: the topmost feature, or null (also called once for a selection restored from the URL). */
  onClick?: (info: FeatureRef | null) => void;
  /** Called once the controller exists (and again if it is recreated). */
  onController: (controller: MapController) => void;
}

/** Writes the shareable state to the URL whenever what the map draws, or the theme, changes. */
function syncUrl(): () => void {
  const write = () => {
    const snap = mapStore.snapshot();
    if (snap.layers.length === 0) return; // nothing loaded yet: keep what the URL asks for
    const visibility: Record<string, boolean> = {};
    const opacity: Record<string, number> = {};
    for (const l of snap.layers) {
      const byDefault = l.derived ? true : !KIND_STYLES[l.kind].hiddenByDefault;
      if (l.visible !== byDefault) visibility[l.id] = l.visible;
      if (l.opacity < 1) opacity[l.id] = l.opacity;
    }
    writeUrlStateDebounced({ view: snap.view, visibility, opacity, theme: mapStore.theme(), selection: snap.selection });
  };
  return mapStore.subscribe(write);
}

export function MapView({ controllerRef, onReadyChange, onHover, onClick, onController }: Props) {
  const element = useRef<HTMLDivElement>(null);
  // Callbacks go through a ref so that the map is created once, not on every parent render.
  const callbacks = useRef({ onReadyChange, onHover, onClick, onController });
  callbacks.current = { onReadyChange, onHover, onClick, onController };

  useEffect(() => {
    if (!element.current) return;
    const url = readUrlState(window.location.search);
    const controller = new MapController(element.current, {
      onReadyChange: (ready) => callbacks.current.onReadyChange(ready),
      onHover: (info) => callbacks.current.onHover(info),
      onClick: (info) => callbacks.current.onClick?.(info),
      initialView: url.view,
      initialVisibility: url.visibility,
      initialOpacity: url.opacity,
      initialSelection: url.selection,
      initialBaseMap: storedBaseMap(),
      northTitle: document.documentElement.lang === 'en' ? 'North (click: north up)' : '指北针（点击恢复正北朝上）',
    });
    controllerRef.current = controller;
    mapStore.setController(controller);
    const stopUrl = syncUrl();
    callbacks.current.onController(controller);
    return () => {
      stopUrl();
      mapStore.setController(null);
      controller.destroy();
      if (controllerRef.current === controller) controllerRef.current = null;
    };
  }, [controllerRef]);

  // data-ready is written by the controller itself (DESIGN §11), so React never overwrites it.
  return <div ref={element} className="map" data-testid="map" />;
}
