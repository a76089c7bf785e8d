// Owns the maplibre map and the deck.gl overlay. The React tree drives it through a ref and receives plain data
// (ready flag, hover info) through callbacks; React state never holds maplibre or deck objects.
import type { PickingInfo } from '@deck.gl/core';
import type { GeoJsonLayer } from '@deck.gl/layers';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Feature } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { LOCAL_IDEOGRAPH_FONT_FAMILY, offlineStyle } from './baseStyle';
import { bboxOf } from './bounds';
import { baseLayerId, buildDeckLayers } from './deckLayers';
import { featureId, featureName } from './featureInfo';
import type { HoverInfo, LayerSummary, MapLayer } from './types';

maplibregl.setWorkerUrl(workerUrl);

export interface MapControllerOptions {
  /** Called whenever data-ready flips (DESIGN §11). */
  onReadyChange?: (ready: boolean) => void;
  /** Called with the feature under the pointer, or null. */
  onHover?: (info: HoverInfo | null) => void;
  /** Initial camera before any layer is fitted, [lon, lat]. */
  center?: [number, number];
  zoom?: number;
}

const FIT_PADDING = 48;

export class MapController {
  private readonly container: HTMLElement;
  private readonly map: maplibregl.Map;
  private readonly overlay: MapLibreOverlay;
  private readonly options: MapControllerOptions;
  private layers: MapLayer[] = [];
  private deckLayers: GeoJsonLayer<Record<string, unknown>>[] = [];
  /** Bumped on every change that must be drawn before the map counts as ready again. */
  private generation = 0;
  private deckDrawnGeneration = -1;
  private mapIdle = false;
  private ready = false;
  /** False until the first setLayers: an empty map before the data arrives is not "ready". */
  private hasLayerSet = false;
  private destroyed = false;

  constructor(container: HTMLElement, options: MapControllerOptions = {}) {
    this.container = container;
    this.options = options;
    this.setReady(false);
    this.map = new maplibregl.Map({
      container,
      style: offlineStyle(),
      center: options.center ?? [114.0, 33.0],
      zoom: options.zoom ?? 11,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      attributionControl: false,
      maxPitch: 0,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-right');

    this.overlay = new MapLibreOverlay({
      layers: [],
      onAfterRender: this.handleAfterRender,
      onHover: this.handleHover,
      getCursor: () => 'inherit',
    });
    this.map.addControl(this.overlay);

    this.map.on('movestart', this.handleBusy);
    this.map.on('dataloading', this.handleBusy);
    this.map.on('idle', this.handleIdle);
    this.map.on('mouseout', this.handleMouseOut);
  }

  /** Replace all layers (drawing order bottom → top) and fit the view to the park boundary, else to all layers. */
  setLayers(layers: readonly MapLayer[]): void {
    if (this.destroyed) return;
    this.layers = layers.map((l) => ({ ...l }));
    this.hasLayerSet = true;
    this.invalidate();
    this.fitToLayers();
    this.pushLayers();
  }

  setLayerVisibility(id: string, visible: boolean): void {
    const layer = this.layers.find((l) => l.id === id);
    if (!layer || layer.visible === visible || this.destroyed) return;
    layer.visible = visible;
    this.invalidate();
    this.pushLayers();
  }

  /** Fit to the park layer(s) if any are loaded, else to everything. */
  fitToLayers(): void {
    const parks = this.layers.filter((l) => l.kind === 'park');
    const box = bboxOf((parks.length > 0 ? parks : this.layers).map((l) => l.data));
    if (!box) return;
    this.map.fitBounds(
      [
        [box[0], box[1]],
        [box[2], box[3]],
      ],
      { padding: FIT_PADDING, duration: 0, maxZoom: 18 },
    );
  }

  layerSummary(): LayerSummary[] {
    return this.layers.map((l) => ({ id: l.id, kind: l.kind, featureCount: l.data.features.length, visible: l.visible }));
  }

  /** Screen position (px in the map container) of a lon/lat; for tests and overlays. */
  project(lngLat: [number, number]): [number, number] {
    const p = this.map.project(lngLat);
    return [p.x, p.y];
  }

  isReady(): boolean {
    return this.ready;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.map.off('movestart', this.handleBusy);
    this.map.off('dataloading', this.handleBusy);
    this.map.off('idle', this.handleIdle);
    this.map.off('mouseout', this.handleMouseOut);
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }

  private pushLayers(): void {
    this.deckLayers = buildDeckLayers(this.layers);
    this.overlay.setProps({ layers: this.deckLayers });
    this.map.triggerRepaint();
  }

  private invalidate(): void {
    this.generation += 1;
    this.setReady(false);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready && this.container.dataset.ready !== undefined) return;
    this.ready = ready;
    this.container.dataset.ready = ready ? 'true' : 'false';
    this.options.onReadyChange?.(ready);
  }

  private maybeReady(): void {
    if (this.destroyed || this.ready || !this.hasLayerSet) return;
    if (this.deckDrawnGeneration === this.generation && this.mapIdle && this.map.loaded()) this.setReady(true);
  }

  private readonly handleAfterRender = (): void => {
    // The layer objects handed to deck become the live ones, so their isLoaded reflects what was just drawn.
    if (this.deckLayers.every((l) => l.isLoaded)) this.deckDrawnGeneration = this.generation;
    this.maybeReady();
  };

  private readonly handleBusy = (): void => {
    this.mapIdle = false;
    if (this.ready) this.invalidate();
  };

  private readonly handleIdle = (): void => {
    this.mapIdle = true;
    this.maybeReady();
  };

  private readonly handleMouseOut = (): void => {
    this.options.onHover?.(null);
  };

  private readonly handleHover = (info: PickingInfo): void => {
    const f = info.object as Feature | undefined;
    const canvas = this.map.getCanvas();
    if (!f || !info.layer) {
      canvas.style.cursor = '';
      this.options.onHover?.(null);
      return;
    }
    canvas.style.cursor = 'pointer';
    this.options.onHover?.({
      x: info.x,
      y: info.y,
      layerId: baseLayerId(info.layer.id),
      featureId: featureId(f),
      name: featureName(f),
    });
  };
}
