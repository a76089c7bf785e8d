// The map container. The MapController lives in a ref; the React tree only hands it plain data.
import { useEffect, useRef, type RefObject } from 'react';
import { MapController } from '../map/MapController';
import type { HoverInfo } from '../map/types';

interface Props {
  controllerRef: RefObject<MapController | null>;
  onReadyChange: (ready: boolean) => void;
  onHover: (info: HoverInfo | null) => void;
  /** Called once the controller exists (and again if it is recreated). */
  onController: (controller: MapController) => void;
}

export function MapView({ controllerRef, onReadyChange, onHover, onController }: Props) {
  const element = useRef<HTMLDivElement>(null);
  // Callbacks go through a ref so that the map is created once, not on every parent render.
  const callbacks = useRef({ onReadyChange, onHover, onController });
  callbacks.current = { onReadyChange, onHover, onController };

  useEffect(() => {
    if (!element.current) return;
    const controller = new MapController(element.current, {
      onReadyChange: (ready) => callbacks.current.onReadyChange(ready),
      onHover: (info) => callbacks.current.onHover(info),
    });
    controllerRef.current = controller;
    callbacks.current.onController(controller);
    return () => {
      controller.destroy();
      if (controllerRef.current === controller) controllerRef.current = null;
    };
  }, [controllerRef]);

  // data-ready is written by the controller itself (DESIGN §11), so React never overwrites it.
  return <div ref={element} className="map" data-testid="map" />;
}
