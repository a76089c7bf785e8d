// terra-draw on the review map: draw a polygon, draw a cutting line, or reshape one polygon's vertices. The session
// turns terra-draw's events into plain geometries for the edit functions; what it draws is handed to the map
// controller (drawn above the parcels) through `onOverlay`. Snapping goes to the editable layers' vertices.
import type { Feature, FeatureCollection, LineString, Polygon, Position } from 'geojson';
import type { Map as MaplibreMap } from 'maplibre-gl';
import {
  TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode,
  type GeoJSONStoreFeatures, type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { VertexIndex } from './snap';

/** Pixels within which the pointer jumps to an existing vertex. */
export const SNAP_TOLERANCE_PX = 10;
/** How near (px) the pointer must be to a corner or handle to close a shape or grab the handle. */
const POINTER_PX = 12;

export type DrawTool = 'idle' | 'draw' | 'vertices' | 'split';

interface Callbacks {
  onPolygon: (polygon: Polygon) => void;
  onLine: (line: LineString) => void;
  onReshape: (polygon: Polygon) => void;
  /** What terra-draw holds now (shapes and handles), or null when nothing. */
  onOverlay: (features: FeatureCollection | null) => void;
}

// terra-draw's own rendering lies under the deck canvas; it is made invisible and drawn again by the controller.
const INVISIBLE = { fillOpacity: 0, outlineOpacity: 0, outlineWidth: 0 };
const INVISIBLE_POINTS = {
  closingPointOpacity: 0, closingPointOutlineOpacity: 0, snappingPointOpacity: 0, snappingPointOutlineOpacity: 0,
  editedPointOpacity: 0, editedPointOutlineOpacity: 0, coordinatePointOpacity: 0, coordinatePointOutlineOpacity: 0,
};

export class DrawSession {
  private readonly draw: TerraDraw;
  private readonly map: MaplibreMap;
  private tool: DrawTool = 'idle';
  private editedId: string | number | null = null;
  private snapIndex: VertexIndex | null = null;
  private snapping = true;
  private readonly callbacks: Callbacks;
  private readonly doubleClickZoom: boolean;

  constructor(map: MaplibreMap, callbacks: Callbacks) {
    this.map = map;
    this.callbacks = callbacks;
    const snap: SnapToCustom = (event, context) => {
      if (!this.snapping || !this.snapIndex) return undefined;
      const p = this.snapIndex.snap({ x: event.containerX, y: event.containerY }, context.project, context.unproject, SNAP_TOLERANCE_PX);
      return p ?? undefined;
    };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 10 }),
      modes: [
        // A click within POINTER_PX of the first corner closes the polygon (terra-draw's default, 40 px, closes small parcels early).
        new TerraDrawPolygonMode({ pointerDistance: POINTER_PX, snapping: { toCustom: snap }, styles: { ...INVISIBLE, ...INVISIBLE_POINTS } }),
        new TerraDrawLineStringMode({ pointerDistance: POINTER_PX, snapping: { toCustom: snap }, styles: { lineStringOpacity: 0, closingPointOpacity: 0, closingPointOutlineOpacity: 0, snappingPointOpacity: 0, snappingPointOutlineOpacity: 0 } }),
        new TerraDrawSelectMode({
          pointerDistance: POINTER_PX,
          allowManualDeselection: false,
          allowManualSelection: false,
          flags: {
            polygon: {
              feature: {
                draggable: false,
                coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom: snap } },
              },
            },
          },
          styles: {
            selectedPolygonFillOpacity: 0, selectedPolygonOutlineOpacity: 0, selectedPolygonOutlineWidth: 0,
            selectionPointOpacity: 0, selectionPointOutlineOpacity: 0, midPointOpacity: 0, midPointOutlineOpacity: 0,
          },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('change', this.handleChange);
    this.draw.on('finish', this.handleFinish);
    this.doubleClickZoom = map.doubleClickZoom.isEnabled();
  }

  getTool(): DrawTool {
    return this.tool;
  }

  /** Vertices to snap to (the editable layers), and whether snapping is on. */
  setSnapping(index: VertexIndex | null, on: boolean): void {
    this.snapIndex = index;
    this.snapping = on;
  }

  /** Stops any tool, forgetting unfinished shapes. */
  idle(): void {
    this.tool = 'idle';
    this.editedId = null;
    this.draw.setMode('static');
    this.draw.clear();
    this.map.doubleClickZoom[this.doubleClickZoom ? 'enable' : 'disable']();
    this.callbacks.onOverlay(null);
  }

  drawPolygon(): void {
    this.begin('draw');
    this.draw.setMode('polygon');
  }

  drawLine(): void {
    this.begin('split');
    this.draw.setMode('linestring');
  }

  /** Puts one polygon under vertex editing (its outer ring; holes are kept as they are). */
  reshape(polygon: Polygon): void {
    this.begin('vertices');
    const id = this.draw.getFeatureId();
    const feature: GeoJSONStoreFeatures = { type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [polygon.coordinates[0]] }, properties: { mode: 'polygon' } };
    const [result] = this.draw.addFeatures([feature]);
    if (!result?.valid) throw new Error(result?.reason ?? 'terra-draw refused the polygon');
    this.editedId = id;
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.publish();
  }

  /** The polygon under vertex editing was changed elsewhere (undo): show the new shape. */
  replaceReshaped(polygon: Polygon): void {
    if (this.tool !== 'vertices' || this.editedId === null) return;
    this.draw.updateFeatureGeometry(this.editedId, { type: 'Polygon', coordinates: [polygon.coordinates[0]] });
    this.publish();
  }

  destroy(): void {
    this.draw.off('change', this.handleChange);
    this.draw.off('finish', this.handleFinish);
    this.map.doubleClickZoom[this.doubleClickZoom ? 'enable' : 'disable']();
    this.callbacks.onOverlay(null);
    this.draw.stop();
  }

  private begin(tool: DrawTool): void {
    this.draw.setMode('static');
    this.draw.clear();
    this.editedId = null;
    this.tool = tool;
    // A double click would zoom while corners are placed.
    this.map.doubleClickZoom.disable();
  }

  private publish(): void {
    const features = this.draw.getSnapshot() as Feature[];
    this.callbacks.onOverlay(features.length > 0 ? { type: 'FeatureCollection', features } : null);
  }

  private readonly handleChange = (): void => {
    this.publish();
  };

  private readonly handleFinish = (id: string | number, context: { mode: string; action: string }): void => {
    const f = this.draw.getSnapshotFeature(id);
    if (!f) return;
    if (this.tool === 'draw' && f.geometry.type === 'Polygon' && context.action === 'draw') {
      this.draw.removeFeatures([id]);
      this.publish();
      this.callbacks.onPolygon(f.geometry as Polygon);
    } else if (this.tool === 'split' && f.geometry.type === 'LineString' && context.action === 'draw') {
      this.draw.removeFeatures([id]);
      this.publish();
      this.callbacks.onLine(f.geometry as LineString);
    } else if (this.tool === 'vertices' && id === this.editedId && f.geometry.type === 'Polygon') {
      this.callbacks.onReshape(f.geometry as Polygon);
    }
  };
}

/** Each corner within `eps` degrees of an existing vertex takes that vertex exactly (terra-draw rounds coordinates). */
export function exactCorners(polygon: Polygon, index: VertexIndex | null, eps = 1e-8): Polygon {
  if (!index) return polygon;
  const fix = (p: Position): Position => {
    const near = index.within(p[0] - eps, p[1] - eps, p[0] + eps, p[1] + eps);
    return near.length > 0 ? [near[0][0], near[0][1]] : p;
  };
  return { type: 'Polygon', coordinates: polygon.coordinates.map((ring) => ring.map(fix)) };
}
