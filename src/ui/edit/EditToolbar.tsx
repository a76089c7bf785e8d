// Edit mode (issue 7): a toolbar over the map to draw a new parcel, reshape the selected one, split it by a line,
// merge it with a neighbour, or delete it, with snapping to existing vertices. Every edit goes through the working
// project (one undo step each) and core re-evaluates the edited layer at once.
import type { FeatureCollection, LineString, Polygon } from 'geojson';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MapController } from '../../map/MapController';
import { featureId } from '../../map/featureInfo';
import type { LoadedLayer } from '../data/loadProject';
import { t, type Lang, type MessageKey } from '../i18n';
import type { Selection } from '../inspector/Inspector';
import { DrawSession, exactCorners, type DrawTool } from './drawSession';
import { addFeature, deleteFeature, mergeFeatures, replaceGeometry, splitFeature, type EditResult } from './geometryOps';
import { VertexIndex } from './snap';

type Tool = DrawTool | 'merge';

interface Props {
  lang: Lang;
  layers: readonly LoadedLayer[];
  selection: Selection | null;
  select: (sel: Selection | null, zoom: boolean) => void;
  controller: () => MapController | null;
  editLayer: (layerId: string, edit: (fc: FeatureCollection) => EditResult, label: MessageKey) => EditResult;
  /** A parcel was just drawn: open its attributes for editing. */
  onDrawn: (sel: Selection) => void;
  onClose: () => void;
}

type Message = { kind: 'info' | 'done' | 'error'; text: string } | null;

const isArea = (l: LoadedLayer) => l.kind !== 'generic' || l.data.features.some((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');

export default function EditToolbar({ lang, layers, selection, select, controller, editLayer, onDrawn, onClose }: Props) {
  const editable = useMemo(() => layers.filter(isArea), [layers]);
  const [layerId, setLayerId] = useState<string | null>(() => editable.find((l) => l.kind === 'parcel')?.id ?? editable[0]?.id ?? null);
  const [tool, setTool] = useState<Tool>('idle');
  const [snapOn, setSnapOn] = useState(true);
  const [message, setMessage] = useState<Message>(null);
  const session = useRef<DrawSession | null>(null);
  const mergeFrom = useRef<string | null>(null);
  /** The geometry last handed to vertex editing or committed from it (to notice an undo while editing). */
  const reshaped = useRef<string | null>(null);

  const layer = editable.find((l) => l.id === layerId) ?? null;
  // A selection in another editable layer makes that layer the one edited.
  useEffect(() => {
    if (selection && selection.layerId !== layerId && editable.some((l) => l.id === selection.layerId) && tool !== 'merge') setLayerId(selection.layerId);
  }, [selection, layerId, editable, tool]);
  useEffect(() => {
    if (layerId === null || !editable.some((l) => l.id === layerId)) setLayerId(editable.find((l) => l.kind === 'parcel')?.id ?? editable[0]?.id ?? null);
  }, [editable, layerId]);

  const selectedId = selection && selection.layerId === layerId ? selection.featureId : null;
  const selectedFeature = useMemo(() => (layer && selectedId ? layer.data.features.find((f) => featureId(f) === selectedId) ?? null : null), [layer, selectedId]);
  const snapIndex = useMemo(() => (layer ? new VertexIndex([layer.data], tool === 'vertices' ? selectedId : null) : null), [layer, tool, selectedId]);
  const snapRef = useRef(snapIndex);
  snapRef.current = snapIndex;

  const done = (text: string) => setMessage({ kind: 'done', text });
  const failed = (r: EditResult) => {
    if (!r.ok) setMessage({ kind: 'error', text: r.reason[lang] });
  };

  const finishTool = useCallback(() => {
    session.current?.idle();
    // The click that finished a shape is still on its way to the map: picking resumes after it (else it selects).
    setTimeout(() => {
      if (session.current?.getTool() === 'idle') controller()?.setPickingSuspended(false);
    }, 250);
    mergeFrom.current = null;
    reshaped.current = null;
    setTool('idle');
  }, [controller]);

  // The terra-draw session lives as long as edit mode.
  const callbacks = useRef({
    onPolygon: (_p: Polygon) => {},
    onLine: (_l: LineString) => {},
    onReshape: (_p: Polygon) => {},
  });
  useEffect(() => {
    const c = controller();
    if (!c) return;
    const s = new DrawSession(c.getMaplibreMap(), {
      onPolygon: (p) => callbacks.current.onPolygon(p),
      onLine: (l) => callbacks.current.onLine(l),
      onReshape: (p) => callbacks.current.onReshape(p),
      onOverlay: (fc) => controller()?.setEditOverlay(fc),
    });
    session.current = s;
    return () => {
      s.destroy();
      session.current = null;
      const cc = controller();
      cc?.setPickingSuspended(false);
      cc?.setEditOverlay(null);
    };
  }, [controller]);

  useEffect(() => {
    session.current?.setSnapping(snapIndex, snapOn);
  }, [snapIndex, snapOn]);

  callbacks.current.onPolygon = (polygon) => {
    if (!layerId) return;
    let newId = '';
    const r = editLayer(layerId, (fc) => {
      const out = addFeature(fc, exactCorners(polygon, snapRef.current));
      if (out.ok) newId = out.ids[0];
      return out;
    }, 'history.draw');
    if (!r.ok) return failed(r);
    finishTool();
    const sel = { layerId, featureId: newId };
    select(sel, false);
    onDrawn(sel);
    done(t(lang, 'edit.drawn', { id: newId }));
  };

  callbacks.current.onLine = (line) => {
    if (!layerId || !selectedId) return;
    const r = editLayer(layerId, (fc) => splitFeature(fc, selectedId, line), 'history.split');
    if (!r.ok) {
      failed(r);
      session.current?.drawLine(); // draw again
      return;
    }
    finishTool();
    select({ layerId, featureId: r.ids[0] }, false);
    done(t(lang, 'edit.splitDone', { a: r.ids[0], b: r.ids[1] }));
  };

  callbacks.current.onReshape = (outer) => {
    if (!layerId || !selectedId || !selectedFeature || selectedFeature.geometry?.type !== 'Polygon') return;
    // terra-draw edits the outer ring; the holes stay as they were.
    const exact = exactCorners(outer, snapRef.current);
    const polygon: Polygon = { type: 'Polygon', coordinates: [exact.coordinates[0], ...selectedFeature.geometry.coordinates.slice(1)] };
    reshaped.current = JSON.stringify(polygon.coordinates);
    const r = editLayer(layerId, (fc) => replaceGeometry(fc, selectedId, polygon), 'history.vertices');
    if (!r.ok) return failed(r);
    done(t(lang, 'edit.reshaped', { id: selectedId }));
  };

  // Undo or redo while reshaping: show the shape the project now holds.
  useEffect(() => {
    if (tool !== 'vertices') return;
    if (!selectedFeature || selectedFeature.geometry?.type !== 'Polygon') {
      finishTool();
      return;
    }
    const now = JSON.stringify(selectedFeature.geometry.coordinates);
    if (reshaped.current !== null && now !== reshaped.current) {
      reshaped.current = now;
      session.current?.replaceReshaped(selectedFeature.geometry);
    }
  }, [selectedFeature, tool, finishTool]);

  // Merge: the next parcel clicked joins the one selected before.
  useEffect(() => {
    if (tool !== 'merge' || !selection || !layerId) return;
    const from = mergeFrom.current;
    if (!from || selection.featureId === from) return;
    if (selection.layerId !== layerId) {
      setMessage({ kind: 'error', text: t(lang, 'edit.hint.merge', { id: from }) });
      return;
    }
    const other = selection.featureId;
    const r = editLayer(layerId, (fc) => mergeFeatures(fc, from, other), 'history.merge');
    finishTool();
    select({ layerId, featureId: from }, false);
    if (!r.ok) failed(r);
    else done(t(lang, 'edit.merged', { a: from, b: other }));
  }, [selection, tool, layerId, editLayer, finishTool, select, lang]);

  // Escape ends the tool (terra-draw drops the unfinished shape).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && tool !== 'idle') finishTool();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tool, finishTool]);

  const needSelection = (): boolean => {
    if (selectedId && selectedFeature) return true;
    setMessage({ kind: 'error', text: t(lang, 'edit.needSelection') });
    return false;
  };

  const start = (next: Tool) => {
    const s = session.current;
    if (!s || !layerId) return;
    if (tool !== 'idle') finishTool();
    setMessage(null);
    if (next === 'draw') {
      controller()?.setPickingSuspended(true);
      s.drawPolygon();
      setMessage({ kind: 'info', text: t(lang, 'edit.hint.draw') });
    } else if (next === 'split') {
      if (!needSelection()) return;
      controller()?.setPickingSuspended(true);
      s.drawLine();
      setMessage({ kind: 'info', text: t(lang, 'edit.hint.split') });
    } else if (next === 'vertices') {
      if (!needSelection()) return;
      const g = selectedFeature!.geometry;
      if (g?.type !== 'Polygon') {
        setMessage({ kind: 'error', text: lang === 'zh' ? '多部件（MultiPolygon）要素不能逐点编辑，请先分割或合并' : 'multi-part features cannot be reshaped vertex by vertex' });
        return;
      }
      controller()?.setPickingSuspended(true);
      reshaped.current = JSON.stringify(g.coordinates);
      try {
        s.reshape(g);
      } catch (e) {
        controller()?.setPickingSuspended(false);
        setMessage({ kind: 'error', text: String(e instanceof Error ? e.message : e) });
        return;
      }
      setMessage({ kind: 'info', text: t(lang, 'edit.hint.vertices') });
    } else if (next === 'merge') {
      if (!needSelection()) return;
      mergeFrom.current = selectedId;
      setMessage({ kind: 'info', text: t(lang, 'edit.hint.merge', { id: selectedId! }) });
    }
    setTool(next);
  };

  const remove = () => {
    if (!layerId || !needSelection()) return;
    const id = selectedId!;
    const r = editLayer(layerId, (fc) => deleteFeature(fc, id), 'history.delete');
    if (!r.ok) return failed(r);
    if (tool !== 'idle') finishTool();
    select(null, false);
    done(t(lang, 'edit.deleted', { id }));
  };

  const hint = message ?? { kind: 'info' as const, text: t(lang, 'edit.hint.select') };
  const button = (id: Tool, label: MessageKey, testId: string, needsSel: boolean) => (
    <button
      type="button"
      className={`edit-btn${tool === id ? ' active' : ''}`}
      aria-pressed={tool === id}
      onClick={() => (tool === id ? finishTool() : start(id))}
      disabled={!layer || (needsSel && !selectedFeature)}
      data-testid={testId}
    >
      {t(lang, label)}
    </button>
  );

  return (
    <div className="edit-toolbar" role="toolbar" aria-label={t(lang, 'edit.toolbar')} data-testid="edit-toolbar" data-tool={tool}>
      <div className="edit-row">
        <label className="edit-layer">
          <span>{t(lang, 'edit.layer')}</span>
          <select value={layerId ?? ''} onChange={(e) => { finishTool(); setLayerId(e.currentTarget.value); }} disabled={editable.length === 0} data-testid="edit-layer">
            {editable.length === 0 && <option value="">{t(lang, 'edit.noLayer')}</option>}
            {editable.map((l) => <option key={l.id} value={l.id}>{l.title[lang]}</option>)}
          </select>
        </label>
        {button('draw', 'edit.draw', 'edit-draw', false)}
        {button('vertices', 'edit.vertices', 'edit-vertices', true)}
        {button('split', 'edit.split', 'edit-split', true)}
        {button('merge', 'edit.merge', 'edit-merge', true)}
        <button type="button" className="edit-btn edit-btn-danger" onClick={remove} disabled={!selectedFeature} data-testid="edit-delete">
          {t(lang, 'edit.delete')}
        </button>
        <label className="edit-snap">
          <input type="checkbox" checked={snapOn} onChange={(e) => setSnapOn(e.currentTarget.checked)} data-testid="edit-snap" />
          <span>{t(lang, 'edit.snap')}</span>
        </label>
        {tool !== 'idle' && (
          <button type="button" className="edit-btn edit-btn-primary" onClick={finishTool} data-testid="edit-finish">
            {t(lang, tool === 'vertices' ? 'edit.done' : 'edit.cancel')}
          </button>
        )}
        <button type="button" className="edit-close" onClick={() => { finishTool(); onClose(); }} title={t(lang, 'edit.close')} aria-label={t(lang, 'edit.close')} data-testid="edit-close">
          ×
        </button>
      </div>
      <div className={`edit-message edit-message-${hint.kind}`} role="status" data-testid="edit-message" data-kind={hint.kind}>
        <span className="edit-selected">{selectedId ? t(lang, 'edit.selected', { id: selectedId }) : t(lang, 'edit.noneSelected')}</span>
        <span>{hint.text}</span>
      </div>
    </div>
  );
}
