// Owns the maplibre map and the deck.gl overlay. The React tree drives it through a ref and receives plain data
// (ready flag, hover info, a snapshot of what is drawn) through callbacks; React state never holds maplibre or deck objects.
import type { Layer, PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Feature, FeatureCollection } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { BASEMAP_LAYER_ID, BASEMAP_SOURCE_ID, LOCAL_IDEOGRAPH_FONT_FAMILY, offlineStyle, rasterSourceFor } from './baseStyle';
import { bboxOf, type BBox } from './bounds';
import { drawsAsImage, featureAt, needsLod, outlineSubset, windowFor, windowServes, windowSubset, type ViewWindow } from './lod';
import { rasterSizeFor, rasterWhenReady, type RasterImage } from './raster';
import { baseLayerId, buildDeckLayers, clipLayers, warmUpLayers, type DrawSpec } from './deckLayers';
import { featureId, featureName } from './featureInfo';
import { layerSymbols } from './legend';
import { HATCH_COLOR, KIND_STYLES } from './layerStyle';
import { NorthArrow } from './NorthArrow';
import type { Extrusion } from './extrusion';
import type { DerivedLayer, FeatureRef, HoverInfo, LayerState, LayerSummary, MapLayer, MapSnapshot, MapView, Swipe, Thematic } from './types';

maplibregl.setWorkerUrl(workerUrl);

export interface MapControllerOptions {
  /** Called whenever data-ready flips (DESIGN §11). */
  onReadyChange?: (ready: boolean) => void;
  /** Called with the feature under the pointer, or null. */
  onHover?: (info: HoverInfo | null) => void;
  /** A click on the map: the topmost picked feature, or null for a click on nothing. Also called once with a selection restored from the URL. */
  onClick?: (info: FeatureRef | null) => void;
  /** Initial camera before any layer is fitted, [lon, lat]. */
  center?: [number, number];
  zoom?: number;
  /** A view to restore (from the URL): the first layers are then not fitted. */
  initialView?: MapView | null;
  /** Visibility and opacity to restore by layer id, applied when layers with those ids arrive. */
  initialVisibility?: Record<string, boolean>;
  initialOpacity?: Record<string, number>;
  initialSelection?: FeatureRef | null;
  initialBaseMap?: string | null;
  northTitle?: string;
  /** Allow tilt and rotation (3D views in presentation mode); the review map stays flat and north-up. */
  pitchable?: boolean;
  /** A map drawn off screen for print and image export: no controls, no interaction, canvases kept readable, drawn at this pixel ratio. */
  offscreen?: { pixelRatio: number };
}

/** A full camera, pitch included (presentation slides). */
export interface Camera {
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
}

const FIT_PADDING = 48;
const ZOOM_PADDING = 72;
// A parcel fills part of the view, with its neighbours around it for context.
const MAX_ZOOM_TO = 15.5;
/** Steepest tilt of a pitchable map: beyond ~70° the horizon fills the screen with nothing. */
const MAX_PITCH = 70;

export class MapController {
  private readonly container: HTMLElement;
  private readonly map: maplibregl.Map;
  private readonly overlay: MapLibreOverlay;
  private readonly options: MapControllerOptions;
  /** Layers from setLayers, in their given order. */
  private baseLayers: MapLayer[] = [];
  private readonly derived = new Map<string, DerivedLayer>();
  /** Drawing order of every layer id (bottom → top), base and derived. */
  private order: string[] = [];
  private readonly opacity = new Map<string, number>();
  private readonly pendingVisibility = new Map<string, boolean>();
  private readonly thematic = new Map<string, Thematic>();
  private readonly filters = new Map<string, ReadonlySet<string>>();
  private selection: FeatureRef | null = null;
  /** Features outlined like the selection (presentation highlights). */
  private highlight: FeatureRef[] = [];
  private readonly extrusions = new Map<string, Extrusion>();
  private pendingSelection: FeatureRef | null;
  private baseMap: string | null = null;
  private deckLayers: Layer[] = [];
  /** The deck layers before the swipe's clipping (deckLayers are these, clipped: the ones deck holds). */
  private unclippedLayers: Layer[] = [];
  /** Two layers compared with a swipe (plan comparison), or null. */
  private swipe: Swipe | null = null;
  private snapshot: MapSnapshot = { layers: [], selection: null, view: null, baseMap: null };
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change that must be drawn before the map counts as ready again. */
  private generation = 0;
  /** Whether a layer's image (raster.ts) was still being drawn at the last update: not ready until it is in. */
  private rastersPending = false;
  /** The last finished image of each layer drawn as one, shown while a new one is drawn. */
  private readonly lastRaster = new Map<string, RasterImage>();
  private readonly onRasterDone = (): void => {
    if (this.destroyed) return;
    this.invalidate();
    this.update();
  };
  private deckDrawnGeneration = -1;
  private mapIdle = false;
  private ready = false;
  /** False until the first setLayers: an empty map before the data arrives is not "ready". */
  private hasLayerSet = false;
  private keepView: boolean;
  /** Whole zoom level the hatching is built for (rebuilt when it changes, so lines stay ~7 px apart). */
  private hatchZoom = 14;
  /** The view window outlines of large layers are built for (lod.ts); rebuilt when the view leaves it. */
  private lodWindow: ViewWindow | null = null;
  /** Layers drawn as one image now (raster.ts), by id: picked on the CPU. */
  private readonly imageLayers = new Map<string, FeatureCollection>();
  /** The view is the automatic fit to the park (no user move since): keep fitting it when the container resizes. */
  private autoFit = false;
  private destroyed = false;
  /** A drawing tool has the pointer (setPickingSuspended). */
  private pickingSuspended = false;
  /** The drawing tool's shapes and handles (setEditOverlay), drawn last. */
  private editOverlay: Layer | null = null;

  constructor(container: HTMLElement, options: MapControllerOptions = {}) {
    this.container = container;
    this.options = options;
    this.setReady(false);
    const view = options.initialView ?? null;
    this.keepView = view !== null;
    for (const [id, v] of Object.entries(options.initialVisibility ?? {})) this.pendingVisibility.set(id, v);
    for (const [id, v] of Object.entries(options.initialOpacity ?? {})) this.opacity.set(id, clamp01(v));
    this.pendingSelection = options.initialSelection ?? null;
    this.map = new maplibregl.Map({
      container,
      style: offlineStyle(),
      center: view?.center ?? options.center ?? [114.0, 33.0],
      zoom: view?.zoom ?? options.zoom ?? 11,
      bearing: view?.bearing ?? 0,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      attributionControl: false,
      maxPitch: options.pitchable ? MAX_PITCH : 0,
      dragRotate: options.pitchable === true,
      pitchWithRotate: options.pitchable === true,
      ...(options.offscreen
        ? { pixelRatio: options.offscreen.pixelRatio, canvasContextAttributes: { preserveDrawingBuffer: true }, interactive: false, fadeDuration: 0 }
        : {}),
    });
    if (!options.pitchable) this.map.touchZoomRotate.disableRotation();
    if (!options.offscreen) {
      this.map.addControl(new NorthArrow(options.northTitle), 'top-right');
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-right');
    }

    this.overlay = new MapLibreOverlay({
      // Until data arrive, draw one off-screen feature of each layer type so software GL compiles the shaders
      // while the data load, not after (see warmUpLayers).
      layers: warmUpLayers(),
      onAfterRender: this.handleAfterRender,
      onHover: this.handleHover,
      onClick: this.handleClick,
      getCursor: () => 'inherit',
      ...(options.offscreen ? { useDevicePixels: options.offscreen.pixelRatio } : {}),
    });
    this.map.addControl(this.overlay);

    this.map.on('movestart', this.handleBusy);
    this.map.on('movestart', this.handleMoveStart);
    this.map.on('dataloading', this.handleBusy);
    this.map.on('idle', this.handleIdle);
    this.map.on('mouseout', this.handleMouseOut);
    this.map.on('moveend', this.handleMoveEnd);
    this.map.on('resize', this.handleResize);
    this.map.on('move', this.handleSwipeMove);
    if (options.initialBaseMap) this.setBaseMap(options.initialBaseMap);
  }

  // ------------------------------------------------------------ layers

  /**
   * Replace all layers (drawing order bottom → top) and fit the view to the park boundary, else to all layers;
   * `view` (an opened project's camera) is shown instead of the fit.
   */
  setLayers(layers: readonly MapLayer[], options: { view?: Camera | null } = {}): void {
    if (this.destroyed) return;
    this.baseLayers = layers.map((l) => {
      const v = this.pendingVisibility.get(l.id);
      return { ...l, visible: v ?? l.visible };
    });
    this.pendingVisibility.clear();
    this.order = this.baseLayers.map((l) => l.id);
    for (const d of this.derived.values()) this.insertDerived(d);
    this.hasLayerSet = true;
    performance.mark('park-atlas:layers-set');
    this.invalidate();
    if (options.view) {
      this.keepView = false;
      this.autoFit = false;
      this.map.jumpTo({ center: options.view.center, zoom: options.view.zoom, bearing: options.view.bearing, pitch: options.view.pitch });
    } else if (this.keepView) this.keepView = false;
    else this.fitToLayers();
    this.restoreSelection();
    this.update();
  }

  /**
   * New data for the layers after an edit, undo or import: the view, the drawing order of kept layers, opacity and
   * styling stay; visibility is as given; new layers go on top, missing ones leave. Nothing changed: nothing redrawn.
   */
  updateLayers(layers: readonly MapLayer[]): void {
    if (this.destroyed) return;
    if (!this.hasLayerSet) {
      this.setLayers(layers);
      return;
    }
    const old = new Map(this.baseLayers.map((l) => [l.id, l]));
    const same = layers.length === this.baseLayers.length && layers.every((l) => {
      const o = old.get(l.id);
      return o !== undefined && o.data === l.data && o.visible === l.visible && o.kind === l.kind;
    });
    if (same) return;
    const ids = new Set(layers.map((l) => l.id));
    this.baseLayers = layers.map((l) => ({ ...l }));
    const kept = this.order.filter((id) => ids.has(id) || this.derived.has(id));
    const added = layers.map((l) => l.id).filter((id) => !old.has(id));
    this.order = [...kept, ...added];
    this.invalidate();
    this.update();
  }

  /** Draw the layers in this order (bottom → top); layers not listed (derived ones) keep their places. */
  setLayerOrder(ids: readonly string[]): void {
    if (this.destroyed) return;
    const wanted = ids.filter((id) => this.order.includes(id));
    const slots = new Set(wanted);
    let k = 0;
    const order = this.order.map((id) => (slots.has(id) ? wanted[k++] : id));
    if (order.every((id, i) => id === this.order[i])) return;
    this.order = order;
    this.invalidate();
    this.update();
  }

  /** Add or replace a layer derived from core's results, drawn right above its source layer; null removes it. */
  setDerivedLayer(id: string, layer: DerivedLayer | null): void {
    if (this.destroyed) return;
    const old = this.derived.get(id);
    if (!layer && !old) return;
    if (old) this.order = this.order.filter((x) => x !== id);
    if (layer) {
      const v = this.pendingVisibility.get(id);
      if (v !== undefined) this.pendingVisibility.delete(id);
      const visible = v ?? old?.visible ?? layer.visible;
      const d = { ...layer, id, visible };
      this.derived.set(id, d);
      this.insertDerived(d);
    } else this.derived.delete(id);
    this.invalidate();
    this.update();
  }

  setLayerVisibility(id: string, visible: boolean): void {
    const layer = this.entry(id);
    if (!layer || layer.visible === visible || this.destroyed) return;
    layer.visible = visible;
    this.invalidate();
    this.update();
  }

  setLayerOpacity(id: string, opacity: number): void {
    const v = clamp01(opacity);
    if (this.destroyed || !this.entry(id) || (this.opacity.get(id) ?? 1) === v) return;
    this.opacity.set(id, v);
    this.invalidate();
    this.update();
  }

  /** Move a layer up (+1, drawn later) or down (−1) in the drawing order. */
  moveLayer(id: string, delta: 1 | -1): void {
    const i = this.order.indexOf(id);
    const j = i + delta;
    if (this.destroyed || i < 0 || j < 0 || j >= this.order.length) return;
    const order = [...this.order];
    [order[i], order[j]] = [order[j], order[i]];
    this.order = order;
    this.invalidate();
    this.update();
  }

  /** Put a layer where another one is in the drawing order (drag and drop in the layer panel). */
  moveLayerTo(id: string, targetId: string): void {
    const from = this.order.indexOf(id);
    const to = this.order.indexOf(targetId);
    if (this.destroyed || from < 0 || to < 0 || from === to) return;
    const order = this.order.filter((x) => x !== id);
    order.splice(to, 0, id);
    this.order = order;
    this.invalidate();
    this.update();
  }

  /** Paint a layer by a thematic styling (null returns it to its kind's cartography). */
  setThematic(layerId: string, thematic: Thematic | null): void {
    if (this.destroyed) return;
    const old = this.thematic.get(layerId) ?? null;
    if (old === thematic) return;
    if (thematic) this.thematic.set(layerId, thematic);
    else this.thematic.delete(layerId);
    this.invalidate();
    this.update();
  }

  /** Show only these feature ids of a layer (null = all); the legend counts follow. */
  setFeatureFilter(layerId: string, ids: ReadonlySet<string> | null): void {
    if (this.destroyed) return;
    const old = this.filters.get(layerId) ?? null;
    if (old === ids) return;
    if (ids) this.filters.set(layerId, ids);
    else this.filters.delete(layerId);
    this.invalidate();
    this.update();
  }

  /** Selection highlight (thick outline, drawn on top); null clears. */
  setSelection(sel: FeatureRef | null): void {
    if (this.destroyed) return;
    this.pendingSelection = null;
    if (sel?.layerId === this.selection?.layerId && sel?.featureId === this.selection?.featureId) return;
    this.selection = sel ? { layerId: sel.layerId, featureId: sel.featureId } : null;
    this.invalidate();
    this.update();
  }

  /**
   * Compare two layers with a swipe: both drawn (whatever their visibility), above the other layers but below
   * derived conflict polygons, `left` only left of the line at `fraction` of the width and `right` only right of it;
   * with `solo` the other layers (but the park boundary and conflicts) are not drawn. null ends the comparison.
   */
  setSwipe(swipe: Swipe | null): void {
    if (this.destroyed) return;
    const next = swipe && this.entry(swipe.left) && this.entry(swipe.right) ? { ...swipe, fraction: clamp01(swipe.fraction) } : null;
    const old = this.swipe;
    this.swipe = next;
    this.invalidate();
    if (next && old && next.left === old.left && next.right === old.right && next.solo === old.solo) {
      // Only the line moved: new clip bounds, nothing rebuilt.
      this.applyClip();
      return;
    }
    this.update();
  }

  /** Fit the camera to a feature or a whole layer. */
  zoomTo(target: { layerId: string; featureId?: string }): void {
    const layer = this.entry(target.layerId);
    if (!layer || this.destroyed) return;
    let box: BBox | null;
    if (target.featureId !== undefined) {
      const f = featureIndex(layer.data).get(target.featureId);
      box = f ? bboxOf([{ type: 'FeatureCollection', features: [f] }]) : null;
    } else box = bboxOf([{ type: 'FeatureCollection', features: this.shownFeatures(layer) }]);
    if (!box) return;
    this.map.fitBounds(
      [
        [box[0], box[1]],
        [box[2], box[3]],
      ],
      { padding: ZOOM_PADDING, duration: 350, maxZoom: MAX_ZOOM_TO },
    );
    this.autoFit = false;
  }

  /** Fit to the park layer(s) if any are loaded, else to everything. */
  fitToLayers(): void {
    const parks = this.baseLayers.filter((l) => l.kind === 'park');
    const box = bboxOf((parks.length > 0 ? parks : this.baseLayers).map((l) => l.data));
    if (!box) return;
    this.map.fitBounds(
      [
        [box[0], box[1]],
        [box[2], box[3]],
      ],
      { padding: FIT_PADDING, duration: 0, maxZoom: 18 },
    );
    this.autoFit = true;
  }

  // ------------------------------------------------------------ base map

  /** An XYZ/WMTS tile URL template drawn under the data layers; null removes it (then no request leaves the app). */
  setBaseMap(url: string | null): void {
    if (this.destroyed || url === this.baseMap) return;
    this.applyBaseMap(url, url ? rasterSourceFor(url) : null);
  }

  /** A base map from a local file (a raster PMTiles archive, see localBaseMap.ts); `label` names it in the snapshot. */
  setLocalBaseMap(label: string, source: maplibregl.RasterSourceSpecification): void {
    if (this.destroyed) return;
    this.applyBaseMap(label, source);
  }

  private applyBaseMap(label: string | null, source: maplibregl.RasterSourceSpecification | null): void {
    this.baseMap = label;
    const apply = () => {
      if (this.destroyed) return;
      if (this.map.getLayer(BASEMAP_LAYER_ID)) this.map.removeLayer(BASEMAP_LAYER_ID);
      if (this.map.getSource(BASEMAP_SOURCE_ID)) this.map.removeSource(BASEMAP_SOURCE_ID);
      if (source) {
        this.map.addSource(BASEMAP_SOURCE_ID, source);
        this.map.addLayer({ id: BASEMAP_LAYER_ID, type: 'raster', source: BASEMAP_SOURCE_ID, paint: { 'raster-opacity': 0.85 } });
      }
      this.map.triggerRepaint();
    };
    if (this.map.isStyleLoaded()) apply();
    else this.map.once('load', apply);
    this.invalidate();
    this.update();
  }

  // ------------------------------------------------------------ reading

  /** Ids of the layers drawn as one image now (raster.ts), with their image drawn. */
  layersDrawnAsImage(): string[] {
    return [...this.imageLayers.keys()].filter((id) => this.lastRaster.has(id));
  }

  layerSummary(): LayerSummary[] {
    return this.baseLayers.map((l) => ({ id: l.id, kind: l.kind, featureCount: l.data.features.length, visible: l.visible }));
  }

  /** What is drawn now, for the layer panel and the URL; a new object after every change. */
  getSnapshot = (): MapSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Raise a layer's fills in 3D (null: flat again). */
  setExtrusion(layerId: string, extrusion: Extrusion | null): void {
    if (this.destroyed || (this.extrusions.get(layerId) ?? null) === extrusion) return;
    if (extrusion) this.extrusions.set(layerId, extrusion);
    else this.extrusions.delete(layerId);
    this.invalidate();
    this.update();
  }

  /** Outline these features like the selection (an empty list clears). */
  setHighlight(refs: readonly FeatureRef[]): void {
    if (this.destroyed) return;
    const same = refs.length === this.highlight.length && refs.every((r, i) => r.layerId === this.highlight[i].layerId && r.featureId === this.highlight[i].featureId);
    if (same) return;
    this.highlight = refs.map((r) => ({ layerId: r.layerId, featureId: r.featureId }));
    this.invalidate();
    this.update();
  }

  getCamera(): Camera {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), pitch: this.map.getPitch(), bearing: this.map.getBearing() };
  }

  /** The camera that frames a box at this pitch and bearing, with padding in CSS pixels; null if it cannot. */
  cameraForBox(box: BBox, options: { pitch: number; bearing: number; padding: { top: number; right: number; bottom: number; left: number } }): Camera | null {
    const c = this.map.cameraForBounds([[box[0], box[1]], [box[2], box[3]]], { padding: options.padding, bearing: options.bearing, pitch: options.pitch, maxZoom: MAX_ZOOM_TO });
    if (!c || c.center === undefined || c.zoom === undefined) return null;
    const center = maplibregl.LngLat.convert(c.center);
    return { center: [center.lng, center.lat], zoom: c.zoom, pitch: options.pitch, bearing: options.bearing };
  }

  /** Fly to a camera (0 ms jumps); data-ready resets and returns once the view there is drawn. */
  flyTo(camera: Camera, durationMs: number): void {
    if (this.destroyed) return;
    this.autoFit = false;
    const target = { center: camera.center, zoom: camera.zoom, pitch: camera.pitch, bearing: camera.bearing };
    if (durationMs <= 0) this.map.jumpTo(target);
    else this.map.flyTo({ ...target, duration: durationMs, essential: true, curve: 1.3 });
  }

  getView(): MapView {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
  }

  /** The maplibre map, for the drawing tools (terra-draw's adapter); nothing else should reach past the controller. */
  getMaplibreMap(): maplibregl.Map {
    return this.map;
  }

  /** While drawing, clicks and hovers belong to the drawing tool: no picking, no selection by click. */
  setPickingSuspended(suspended: boolean): void {
    if (this.destroyed || this.pickingSuspended === suspended) return;
    this.pickingSuspended = suspended;
    this.overlay.setProps({ _pickable: !suspended });
    if (suspended) {
      this.map.getCanvas().style.cursor = '';
      this.options.onHover?.(null);
    }
  }

  /** Size of the map in CSS pixels. */
  viewSize(): { width: number; height: number } {
    return { width: this.container.clientWidth, height: this.container.clientHeight };
  }

  /** The canvases that make up the picture, bottom first (maplibre, then deck), for compositing an image. */
  canvases(): HTMLCanvasElement[] {
    const deck = this.overlay.getCanvas();
    return deck ? [this.map.getCanvas(), deck] : [this.map.getCanvas()];
  }

  /** Makes `target` (an off-screen controller) draw what this one draws: layers, order, visibility, opacity, styling, filters. */
  copyDrawingTo(target: MapController): void {
    if (this.destroyed || target.destroyed) return;
    target.baseLayers = this.baseLayers.map((l) => ({ ...l }));
    target.derived.clear();
    for (const [id, d] of this.derived) target.derived.set(id, { ...d });
    target.order = [...this.order];
    const copy = <K, V>(from: Map<K, V>, to: Map<K, V>) => {
      to.clear();
      for (const [k, v] of from) to.set(k, v);
    };
    copy(this.opacity, target.opacity);
    copy(this.thematic, target.thematic);
    copy(this.filters, target.filters);
    copy(this.extrusions, target.extrusions);
    target.swipe = this.swipe;
    target.hatchZoom = this.hatchZoom;
    target.pendingVisibility.clear();
    target.hasLayerSet = true;
    target.keepView = false;
    if (this.baseMap) target.setBaseMap(this.baseMap);
    target.invalidate();
    target.update();
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
    this.listeners.clear();
    this.map.off('movestart', this.handleBusy);
    this.map.off('movestart', this.handleMoveStart);
    this.map.off('dataloading', this.handleBusy);
    this.map.off('idle', this.handleIdle);
    this.map.off('mouseout', this.handleMouseOut);
    this.map.off('moveend', this.handleMoveEnd);
    this.map.off('resize', this.handleResize);
    this.map.off('move', this.handleSwipeMove);
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }

  // ------------------------------------------------------------ internals

  /** The live (mutable) layer with this id, base or derived. */
  private entry(id: string): MapLayer | undefined {
    return this.baseLayers.find((l) => l.id === id) ?? this.derived.get(id);
  }

  private insertDerived(d: DerivedLayer): void {
    const at = this.order.indexOf(d.above);
    if (at < 0) this.order.push(d.id);
    else this.order.splice(at + 1, 0, d.id);
  }

  private shownFeatures(layer: MapLayer): Feature[] {
    const ids = this.filters.get(layer.id) ?? (this.derived.get(layer.id) ? this.filters.get(this.derived.get(layer.id)!.pickAs) : undefined);
    if (!ids) return layer.data.features;
    return filtered(layer.data, ids).features;
  }

  private restoreSelection(): void {
    const sel = this.pendingSelection;
    if (!sel) return;
    const layer = this.baseLayers.find((l) => l.id === sel.layerId);
    if (!layer) return;
    this.pendingSelection = null;
    if (!featureIndex(layer.data).has(sel.featureId)) return;
    this.selection = sel;
    // The app opens its inspector as for a click (after this call stack, once it has the layers).
    setTimeout(() => this.options.onClick?.(sel), 0);
  }

  /** Rebuild deck layers and the snapshot from the current state, then tell the listeners. */
  private update(): void {
    let rastersPending = false;
    const specs: DrawSpec[] = [];
    const states: LayerState[] = [];
    for (const id of this.drawOrder()) {
      const layer = this.entry(id);
      if (!layer) continue;
      const swiped = this.swipe !== null && (id === this.swipe.left || id === this.swipe.right);
      const hiddenBySwipe = this.swipe?.solo === true && layer.kind !== 'park' && layer.kind !== 'conflict';
      const visible = swiped || (layer.visible && !hiddenBySwipe);
      const derived = this.derived.get(id) ?? null;
      const ids = this.filters.get(id) ?? (derived ? this.filters.get(derived.pickAs) : undefined) ?? null;
      const data = ids ? filtered(layer.data, ids) : layer.data;
      const thematic = this.thematic.get(id) ?? null;
      const sym = layerSymbols(layer.kind, layer.data, data.features, thematic, this.hatchZoom);
      const opacity = this.opacity.get(id) ?? 1;
      // Large layers (lod.ts): one image while many features are in view, else the features near the view.
      const window = this.currentLodWindow();
      const asImage = visible && !this.extrusions.has(id) && drawsAsImage(data, window);
      if (asImage) this.imageLayers.set(id, data);
      else this.imageLayers.delete(id);
      // Drawn in slices so the page stays responsive; until it is ready the layer's last image stays up.
      let raster: RasterImage | null = null;
      if (asImage) {
        const canvas = this.map.getCanvas();
        raster = rasterWhenReady(data, sym.styleKey, sym.fill, sym.line, sym.hatch, HATCH_COLOR, rasterSizeFor(canvas.width, canvas.height), this.onRasterDone);
        if (raster) this.lastRaster.set(id, raster);
        else {
          rastersPending = true;
          raster = this.lastRaster.get(id) ?? null;
        }
      } else this.lastRaster.delete(id);
      // An image layer whose first image is not drawn yet shows nothing meanwhile: as polygons, the whole layer
      // would cost the seconds the image is there to save.
      const drawn = asImage ? (raster ? data : NOTHING_DRAWN) : windowSubset(data, window);
      specs.push({
        id, kind: layer.kind, data: drawn, visible, opacity, fill: sym.fill, line: sym.line, styleKey: sym.styleKey,
        hatch: asImage ? null : sym.hatch, outline: asImage ? undefined : outlineSubset(drawn, window), raster, extrusion: this.extrusions.get(id) ?? null,
        hatchColor: sym.hatchColor, clipped: swiped,
      });
      states.push({
        id, kind: layer.kind, visible: layer.visible, opacity,
        featureCount: layer.data.features.length, shownCount: data.features.length, filtered: ids !== null, derived: derived !== null,
        swatch: sym.swatch, lineWidth: KIND_STYLES[layer.kind].lineWidth, thematicTitle: thematic?.title ?? null, legend: sym.legend,
      });
    }
    let selection: FeatureCollection | null = null;
    if (this.selection) {
      const layer = this.entry(this.selection.layerId);
      const f = layer ? featureIndex(layer.data).get(this.selection.featureId) : undefined;
      if (f) selection = { type: 'FeatureCollection', features: [f] };
    }
    if (this.highlight.length > 0) {
      const marked = this.highlight.flatMap((r) => {
        const layer = this.entry(r.layerId);
        const f = layer?.visible ? featureIndex(layer.data).get(r.featureId) : undefined;
        return f ? [f] : [];
      });
      if (marked.length > 0) selection = { type: 'FeatureCollection', features: [...(selection?.features ?? []), ...marked] };
    }
    this.rastersPending = rastersPending;
    this.unclippedLayers = buildDeckLayers(specs, selection);
    this.applyClip();
    this.snapshot = { layers: states, selection: this.selection, view: this.snapshot.view, baseMap: this.baseMap };
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private invalidate(): void {
    this.generation += 1;
    this.setReady(false);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready && this.container.dataset.ready !== undefined) return;
    this.ready = ready;
    // Marks for the render bench (performance timeline): when the map is drawn, and when it starts over.
    if (typeof performance !== 'undefined') performance.mark(ready ? 'park-atlas:ready' : 'park-atlas:busy');
    this.container.dataset.ready = ready ? 'true' : 'false';
    this.options.onReadyChange?.(ready);
  }

  private maybeReady(): void {
    if (this.destroyed || this.ready || !this.hasLayerSet) return;
    if (this.deckDrawnGeneration === this.generation && !this.rastersPending && this.mapIdle && this.map.loaded()) this.setReady(true);
  }

  private readonly handleAfterRender = (): void => {
    // The layer objects handed to deck become the live ones, so their isLoaded reflects what was just drawn.
    if (this.deckLayers.every((l) => l.isLoaded)) this.deckDrawnGeneration = this.generation;
    this.maybeReady();
  };

  private readonly handleBusy = (e?: { originalEvent?: unknown; type?: string }): void => {
    // A move the user makes (drag, wheel, keys) ends the automatic fit.
    if (e?.type === 'movestart' && e.originalEvent) this.autoFit = false;
    this.mapIdle = false;
    if (this.ready) this.invalidate();
  };

  private readonly handleIdle = (): void => {
    this.mapIdle = true;
    this.maybeReady();
  };

  private readonly handleResize = (): void => {
    if (this.autoFit && !this.destroyed) this.fitToLayers();
  };

  // No picking while the camera moves: under software GL every pointer move during a drag would otherwise draw
  // all layers once more into the picking buffer (and the tooltip would chase a moving map anyway).
  private readonly handleMoveStart = (): void => {
    this.overlay.setProps({ _pickable: false });
    this.options.onHover?.(null);
  };

  /** Layer ids in drawing order; with a swipe, its two layers go to the top, under derived conflict polygons. */
  private drawOrder(): string[] {
    const swipe = this.swipe;
    if (!swipe) return this.order;
    const isConflict = (id: string) => this.derived.get(id)?.kind === 'conflict';
    const rest = this.order.filter((id) => id !== swipe.left && id !== swipe.right);
    return [...rest.filter((id) => !isConflict(id)), swipe.left, swipe.right, ...rest.filter(isConflict)];
  }

  /** Hands deck the layers, the swipe's two clipped at the meridian under its line. */
  private applyClip(): void {
    const swipe = this.swipe;
    let clip: { left: string; right: string; lon: number } | null = null;
    if (swipe) {
      const canvas = this.map.getCanvas();
      const width = canvas.clientWidth || this.container.clientWidth;
      const height = canvas.clientHeight || this.container.clientHeight;
      clip = { left: swipe.left, right: swipe.right, lon: this.map.unproject([swipe.fraction * width, height / 2]).lng };
    }
    this.deckLayers = clipLayers(this.unclippedLayers, clip);
    this.overlay.setProps({ layers: this.editOverlay ? [...this.deckLayers, this.editOverlay] : this.deckLayers });
    this.map.triggerRepaint();
  }

  /**
   * What a drawing tool is drawing (shape, line, vertex handles), on top of every layer. The tool's own rendering
   * (maplibre layers) lies under deck's canvas and would be hidden by the parcels. Not a data change: the map stays ready.
   */
  setEditOverlay(features: FeatureCollection | null): void {
    if (this.destroyed) return;
    this.editOverlay = features && features.features.length > 0 ? editOverlayLayer(features) : null;
    this.overlay.setProps({ layers: this.editOverlay ? [...this.deckLayers, this.editOverlay] : this.deckLayers });
    this.map.triggerRepaint();
  }

  /** The swipe's line stays put on screen while the map moves under it. */
  private readonly handleSwipeMove = (): void => {
    if (this.swipe && !this.destroyed) this.applyClip();
  };

  /** The outline window for the current view: the one built before while it still serves, else a new one. */
  private currentLodWindow(): ViewWindow {
    const b = this.map.getBounds();
    const view: BBox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    const zoom = this.map.getZoom();
    if (!windowServes(this.lodWindow, view, zoom)) this.lodWindow = windowFor(view, zoom);
    return this.lodWindow!;
  }

  private readonly handleMoveEnd = (): void => {
    if (this.destroyed) return;
    // Large layers: outlines for the new view once the camera rests (lod.ts).
    const window = this.lodWindow;
    if (window !== this.currentLodWindow() && needsLod(this.baseLayers.map((l) => l.data))) {
      this.invalidate();
      this.update();
    }
    this.overlay.setProps({ _pickable: !this.pickingSuspended });
    const z = Math.round(this.map.getZoom());
    if (z !== this.hatchZoom) {
      this.hatchZoom = z;
      if (this.thematic.size > 0 || [...this.derived.values()].some((d) => d.visible && KIND_STYLES[d.kind].hatched)) {
        this.invalidate();
        this.update();
      }
    }
    this.snapshot = { ...this.snapshot, view: this.getView() };
    this.emit();
  };

  private readonly handleMouseOut = (): void => {
    this.options.onHover?.(null);
  };

  /** The source layer id a deck layer reports (derived layers report the layer their features come from). */
  private pickedLayerId(deckLayerId: string): string {
    const id = baseLayerId(deckLayerId);
    return this.derived.get(id)?.pickAs ?? id;
  }

  /** The feature under a point of a layer drawn as an image (topmost layer first), found on the CPU. */
  private imagePick(info: PickingInfo): { layerId: string; feature: Feature } | null {
    if (this.imageLayers.size === 0 || !info.coordinate) return null;
    const [lon, lat] = info.coordinate as [number, number];
    for (const id of [...this.order].reverse()) {
      const data = this.imageLayers.get(id);
      const feature = data ? featureAt(data, lon, lat) : null;
      if (feature) return { layerId: this.derived.get(id)?.pickAs ?? id, feature };
    }
    return null;
  }

  private readonly handleHover = (info: PickingInfo): void => {
    if (this.pickingSuspended) return;
    const image = info.object ? null : this.imagePick(info);
    const f = (info.object as Feature | undefined) ?? image?.feature;
    const canvas = this.map.getCanvas();
    if (image && f) {
      canvas.style.cursor = 'pointer';
      this.options.onHover?.({ x: info.x, y: info.y, layerId: image.layerId, featureId: featureId(f), name: featureName(f) });
      return;
    }
    if (!f || !info.layer) {
      canvas.style.cursor = '';
      this.options.onHover?.(null);
      return;
    }
    canvas.style.cursor = 'pointer';
    this.options.onHover?.({
      x: info.x,
      y: info.y,
      layerId: this.pickedLayerId(info.layer.id),
      featureId: featureId(f),
      name: featureName(f),
    });
  };

  private readonly handleClick = (info: PickingInfo): void => {
    if (this.pickingSuspended) return;
    const image = info.object ? null : this.imagePick(info);
    if (image) {
      const id = featureId(image.feature);
      this.options.onClick?.(id !== null ? { layerId: image.layerId, featureId: id } : null);
      return;
    }
    const f = info.object as Feature | undefined;
    const id = f ? featureId(f) : null;
    this.options.onClick?.(f && info.layer && id !== null ? { layerId: this.pickedLayerId(info.layer.id), featureId: id } : null);
  };
}

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1);

const EDIT_COLOR: [number, number, number, number] = [31, 111, 235, 255];
const CUT_COLOR: [number, number, number, number] = [217, 45, 32, 255];

/** The drawing tool's features: the shape (light fill, blue outline), a cutting line (red), vertex handles (white dots). */
function editOverlayLayer(features: FeatureCollection): Layer {
  const prop = (f: Feature, k: string) => (f.properties as Record<string, unknown> | null)?.[k] === true;
  return new GeoJsonLayer({
    id: '::edit-overlay',
    data: features,
    pickable: false,
    stroked: true,
    filled: true,
    pointType: 'circle',
    getFillColor: (f: Feature) => {
      if (f.geometry.type === 'Point') return prop(f, 'midPoint') ? [31, 111, 235, 170] : prop(f, 'snappingPoint') ? [247, 144, 9, 255] : [255, 255, 255, 255];
      return [31, 111, 235, 46];
    },
    getLineColor: (f: Feature) => (f.geometry.type === 'LineString' ? CUT_COLOR : EDIT_COLOR),
    getLineWidth: (f: Feature) => (f.geometry.type === 'Point' ? 1.5 : f.geometry.type === 'LineString' ? 3 : 2.5),
    lineWidthUnits: 'pixels',
    getPointRadius: (f: Feature) => (prop(f, 'midPoint') ? 3.5 : prop(f, 'closingPoint') || prop(f, 'snappingPoint') ? 6.5 : 5),
    pointRadiusUnits: 'pixels',
    parameters: { depthCompare: 'always' },
  });
}

const indexCache = new WeakMap<FeatureCollection, Map<string, Feature>>();
function featureIndex(data: FeatureCollection): Map<string, Feature> {
  let index = indexCache.get(data);
  if (!index) {
    index = new Map();
    for (const f of data.features) {
      const id = featureId(f);
      if (id !== null && !index.has(id)) index.set(id, f);
    }
    indexCache.set(data, index);
  }
  return index;
}

const filterCache = new WeakMap<FeatureCollection, WeakMap<ReadonlySet<string>, FeatureCollection>>();
const NOTHING_DRAWN: FeatureCollection = { type: 'FeatureCollection', features: [] };

function filtered(data: FeatureCollection, ids: ReadonlySet<string>): FeatureCollection {
  let byIds = filterCache.get(data);
  if (!byIds) filterCache.set(data, (byIds = new WeakMap()));
  let fc = byIds.get(ids);
  if (!fc) {
    fc = { type: 'FeatureCollection', features: data.features.filter((f) => { const id = featureId(f); return id !== null && ids.has(id); }) };
    byIds.set(ids, fc);
  }
  return fc;
}
