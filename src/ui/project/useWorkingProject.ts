// The working project (issue 7): undo/redo over layer edits, imports and styling; autosave to IndexedDB; the project
// file out (保存项目) and in (打开项目); 恢复原始数据. The app shell keeps its state (project, visibility, review date);
// this hook watches it, records each change as a step of core's history and writes the working copy a second after
// the last change (and when the page is hidden). The working copy refers to layers still as loaded from the source
// and rewrites only the layers changed since its last write, so a settings change writes a small record.
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { FeatureCollection } from 'geojson';
import { DEFAULT_APPROACHING_DAYS } from '../../core/evaluate';
import type { IsoDate } from '../../core/dates';
import { canRedo, canUndo, createHistory, pushState, redo as redoStep, redoLabel, replacePresent, undo as undoStep, undoLabel, type History } from '../../core/history';
import { PROJECT_EXTENSION, readProjectFile, writeProjectFile, type ProjectView } from '../../core/project';
import { decisionsToJson, EMPTY_DECISIONS, readDecisions, type DecisionState } from '../../core/review/decisions';
import { parseDeck } from '../../core/deck/validate';
import type { Problem } from '../../core/schema/problems';
import type { MapController } from '../../map/MapController';
import type { MapLayer, MapSnapshot } from '../../map/types';
import { fileNameOf, isLoadError, layerFromJson, loadProject, projectKeyOf, type LoadError, type LoadedLayer, type Project } from '../data/loadProject';
import type { EvaluatedProject } from '../data/evaluation';
import type { EditResult } from '../edit/featureOps';
import type { MessageKey } from '../i18n';
import { deckKey, loadDeck, saveDeck } from '../present/deckStore';
import { downloadBlob } from '../review/download';
import { deleteWorkingCopy, loadDecisions, replaceDecisionsKeepingOld, saveWorkingCopy, workingCopySavedAt } from '../store/db';
import { mapStore } from '../thematic/mapStore';
import { DEFAULT_THEME, readUrlState } from '../urlState';
import { adoptNewLayers, buildDocument, fullData, planWorkingCopy, projectFromDocument, sameStyling, StoredLayers, type CarriedLayer, type Styling, type WorkingState } from './document';
import { isSourceUnchanged, rememberSource, startProject, workingKeyOf, type Restored } from './start';
import { useTabAccess, useTabLock } from './useTabLock';

/** Quiet time after the last change before the working copy is written (a slider drag or a map move settles first). */
export const AUTOSAVE_DELAY_MS = 1000;
/**
 * After a discrete edit (a drawn or edited feature, an attribute, an import, undo/redo, an opened file): nothing
 * follows to coalesce with, and a tab killed within the delay loses the edit, so it is written almost at once.
 */
export const EDIT_SAVE_DELAY_MS = 100;
/** Quiet time before a styling change (a slider drag, a checkbox) becomes a step. */
const STYLING_SETTLE_MS = 250;
const HISTORY_LIMIT = 100;
/** Memory the undo history may hold in layer versions (unchanged layers are shared between steps and count once). */
const HISTORY_BYTES = 256 * 1024 * 1024;

const layerBytes = new WeakMap<object, number>();
/** A rough size of a layer in memory: its coordinates and features, with the typed records beside them. */
function sizeOfLayer(part: object): number {
  let n = layerBytes.get(part);
  if (n === undefined) {
    const l = part as LoadedLayer;
    let positions = 0;
    const count = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') positions++;
      else if (Array.isArray(c)) for (const x of c) count(x);
    };
    for (const f of l.data.features) count((f.geometry as { coordinates?: unknown } | null)?.coordinates);
    n = positions * 48 + l.data.features.length * (l.validated ? 1200 : 600);
    layerBytes.set(part, n);
  }
  return n;
}
const HISTORY_BUDGET = { parts: (s: WorkingState) => s.layers, sizeOf: sizeOfLayer, maxBytes: HISTORY_BYTES };

export type AutosaveState =
  | { status: 'clean' }
  | { status: 'pending' }
  | { status: 'saved'; at: Date }
  | { status: 'failed'; error: string };

export interface OpenFailure {
  file: string;
  problems: Problem[];
}

interface Params {
  project: Project | null;
  setProject: Dispatch<SetStateAction<Project | null>>;
  setVisibility: Dispatch<SetStateAction<Record<string, boolean>>>;
  setErrors: Dispatch<SetStateAction<LoadError[]>>;
  setProblems: Dispatch<SetStateAction<Problem[]>>;
  reviewDateOverride: IsoDate | null;
  setReviewDate: (date: IsoDate | null) => void;
  approachingDays: number;
  setApproachingDays: (days: number) => void;
  evaluated: EvaluatedProject | null;
  controllerRef: RefObject<MapController | null>;
  /** Called when another project replaces the open one (opened file, restored copy, original data). */
  onReplaced: () => void;
}

/** The styling the map shows now, for the layers of `ids` (null while the map does not hold exactly those layers). */
function observedStyling(snap: MapSnapshot, ids: readonly string[]): Styling | null {
  const base = snap.layers.filter((l) => !l.derived);
  if (base.length !== ids.length || !ids.every((id) => base.some((l) => l.id === id))) return null;
  return {
    order: base.map((l) => l.id),
    visible: Object.fromEntries(base.map((l) => [l.id, l.visible])),
    opacity: Object.fromEntries(base.map((l) => [l.id, l.opacity])),
    theme: mapStore.theme(),
  };
}

/** A step's coalescing key: one layer's opacity dragged is one step. */
function stylingKey(a: Styling, b: Styling): string | null {
  const changed = Object.keys(b.opacity).filter((id) => a.opacity[id] !== b.opacity[id]);
  const onlyOpacity = changed.length === 1 && sameStyling({ ...a, opacity: b.opacity }, b);
  return onlyOpacity ? `opacity:${changed[0]}` : null;
}

function defaultStyling(layers: readonly LoadedLayer[]): Styling {
  return {
    order: layers.map((l) => l.id),
    visible: Object.fromEntries(layers.map((l) => [l.id, l.visible])),
    opacity: Object.fromEntries(layers.map((l) => [l.id, 1])),
    theme: mapStore.theme(),
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function cameraOf(c: MapController | null): ProjectView | null {
  if (!c) return null;
  const cam = c.getCamera();
  return { center: cam.center, zoom: cam.zoom, bearing: cam.bearing, pitch: cam.pitch };
}

export function projectFileName(project: Project | null, now = new Date()): string {
  const name = (project?.name?.zh || 'park-atlas').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  const day = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  return `${name}-${day}${PROJECT_EXTENSION}`;
}

export function useWorkingProject(params: Params) {
  const p = useRef(params);
  p.current = params;
  const { project } = params;
  const sourceKey = useMemo(() => workingKeyOf(window.location.search), []);

  const [history, setHistory] = useState<History<WorkingState> | null>(null);
  const historyRef = useRef(history);
  historyRef.current = history;
  const [autosave, setAutosave] = useState<AutosaveState>({ status: 'clean' });
  const [generation, setGeneration] = useState(0);
  const [openFailure, setOpenFailure] = useState<OpenFailure | null>(null);
  const [busy, setBusy] = useState<'opening' | 'saving' | null>(null);

  // One tab writes the working copy of a source; another tab on it reads only until it takes over (tabLock.ts).
  const tabLock = useTabLock(sourceKey, {
    beforeHandover: () => flushBeforeHandover(),
    afterGain: () => loadAfterGain(),
  });
  const tab = useTabAccess();
  const readOnly = tab.mode === 'reader';
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;

  /** A new project was set: the next project effect starts a new history (with this styling, or the map's). */
  const resetPending = useRef<{ styling: Styling | null } | null>(null);
  /** The next setLayers replaces the map's layers (new project), with this camera and styling. */
  const mapReplace = useRef<{ view: ProjectView | null; styling: Styling | null } | null>(null);
  /** Styling to apply once the map holds the layers (after an undo or a replaced project). */
  const pendingStyling = useRef<Styling | null>(null);
  /** The next styling the map shows replaces the present state instead of adding a step. */
  const resync = useRef(false);
  /** Label of the next layer change (set by edits), else "layers". */
  const nextLabel = useRef<MessageKey | null>(null);
  /** Something differs from the original data: the working copy is worth keeping. */
  const dirty = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** When the pending write after an edit is due (Date.now()), else null. */
  const editSaveDue = useRef<number | null>(null);
  /** The next history change is a discrete edit: saved after EDIT_SAVE_DELAY_MS. */
  const saveSoon = useRef(false);
  const changeCount = useRef(0);
  const savedCount = useRef(0);
  /** savedAt of the stored working copy this tab last read or wrote (null: none stored): tells a takeover what changed. */
  const storedAt = useRef<string | null>(null);
  /** A project has been opened in this page (until then the start reads what is stored anyway). */
  const begun = useRef(false);
  /** The layers the stored working copy holds in its layers store (data object and token): not written again. */
  const storedLayers = useRef(new StoredLayers());
  /** Layers of the restored copy whose source could not be loaded: kept in every save until they are back. */
  const carried = useRef<CarriedLayer[]>([]);

  // ------------------------------------------------------------------ history

  const commit = useCallback((h: History<WorkingState>, markDirty: boolean) => {
    historyRef.current = h;
    setHistory(h);
    if (markDirty) {
      dirty.current = true;
      changeCount.current++;
    }
  }, []);

  // Layer changes (edits, imports, joins): one step each; a new project starts over.
  useEffect(() => {
    if (!project) return;
    const reset = resetPending.current;
    const h = historyRef.current;
    if (reset || !h) {
      resetPending.current = null;
      resync.current = reset?.styling == null;
      commit(createHistory<WorkingState>({ layers: project.layers, styling: reset?.styling ?? defaultStyling(project.layers) }, { limit: HISTORY_LIMIT, budget: HISTORY_BUDGET }), false);
      return;
    }
    if (project.layers === h.present.state.layers) return;
    const label = nextLabel.current ?? 'history.layers';
    nextLabel.current = null;
    const ids = new Set(project.layers.map((l) => l.id));
    const old = h.present.state.styling;
    // Layers added join the styling as drawn by default; layers removed leave it.
    const styling: Styling = {
      ...old,
      order: [...old.order.filter((id) => ids.has(id)), ...project.layers.map((l) => l.id).filter((id) => !old.order.includes(id))],
      visible: Object.fromEntries(project.layers.map((l) => [l.id, old.visible[l.id] ?? l.visible])),
      opacity: Object.fromEntries(project.layers.map((l) => [l.id, old.opacity[l.id] ?? 1])),
    };
    resync.current = true;
    saveSoon.current = true;
    commit(pushState(h, { layers: project.layers, styling }, label), true);
  }, [project, commit]);

  // Styling changes (visibility, opacity, order, theme): read from what the map draws once it settles.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const settle = () => {
      timer = null;
      const h = historyRef.current;
      if (!h) return;
      const seen = observedStyling(mapStore.snapshot(), h.present.state.layers.map((l) => l.id));
      if (!seen) return;
      if (pendingStyling.current) return; // not applied yet
      if (sameStyling(seen, h.present.state.styling)) {
        resync.current = false;
        return;
      }
      if (resync.current) {
        resync.current = false;
        // The map's view of layers the record lacks is taken in; anything else that differs is the user's.
        const adopted = adoptNewLayers(h.present.state.styling, seen);
        const base = sameStyling(adopted, h.present.state.styling) ? h : replacePresent(h, { ...h.present.state, styling: adopted });
        if (base !== h) commit(base, false);
        if (sameStyling(seen, adopted)) return;
        commit(pushState(base, { ...base.present.state, styling: seen }, 'history.style', stylingKey(adopted, seen)), true);
        return;
      }
      commit(pushState(h, { ...h.present.state, styling: seen }, 'history.style', stylingKey(h.present.state.styling, seen)), true);
    };
    const stop = mapStore.subscribe(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(settle, STYLING_SETTLE_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [commit]);

  /** Puts a styling on the map and in the shell's visibility state (idempotent). */
  const applyStyling = useCallback((c: MapController | null, s: Styling) => {
    p.current.setVisibility({ ...s.visible });
    mapStore.setTheme(s.theme);
    if (!c) return;
    for (const [id, v] of Object.entries(s.visible)) c.setLayerVisibility(id, v);
    for (const [id, v] of Object.entries(s.opacity)) c.setLayerOpacity(id, v);
    c.setLayerOrder(s.order);
  }, []);

  /** Gives the map the shell's layers: a new project replaces them, otherwise their data are updated in place. */
  const syncMap = useCallback((c: MapController, layers: MapLayer[]) => {
    const replace = mapReplace.current;
    if (replace) {
      mapReplace.current = null;
      c.setLayers(layers, { view: replace.view });
      if (replace.styling) applyStyling(c, replace.styling);
    } else {
      c.updateLayers(layers);
    }
    const s = pendingStyling.current;
    if (s && s.order.every((id) => layers.some((l) => l.id === id)) && layers.length === s.order.length) {
      pendingStyling.current = null;
      applyStyling(c, s);
    }
  }, [applyStyling]);

  const goTo = useCallback((h: History<WorkingState>) => {
    const before = historyRef.current;
    if (!before || h === before) return;
    saveSoon.current = true;
    commit(h, true);
    const state = h.present.state;
    resync.current = true;
    pendingStyling.current = state.styling;
    const c = p.current.controllerRef.current;
    if (state.layers !== p.current.project?.layers) {
      p.current.setProject((pr) => (pr ? { ...pr, layers: state.layers as LoadedLayer[] } : pr));
    } else {
      pendingStyling.current = null;
      applyStyling(c, state.styling);
    }
  }, [applyStyling, commit]);

  const undo = useCallback(() => {
    const h = historyRef.current;
    if (h && canUndo(h) && !readOnlyRef.current) goTo(undoStep(h));
  }, [goTo]);
  const redo = useCallback(() => {
    const h = historyRef.current;
    if (h && canRedo(h) && !readOnlyRef.current) goTo(redoStep(h));
  }, [goTo]);

  // Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y (⌘ on a Mac); text fields keep their own undo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const textInput = t instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'submit', 'file', 'color'].includes(t.type);
      if (t && (t.isContentEditable || textInput || t.tagName === 'TEXTAREA')) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  // ------------------------------------------------------------------ edits

  /** Applies an edit to a layer's full collection; the layer is rebuilt through core's validation (metrics follow). */
  const editLayer = useCallback((layerId: string, edit: (fc: FeatureCollection) => EditResult, label: MessageKey): EditResult => {
    if (readOnlyRef.current) return { ok: false, reason: { zh: '此项目已在另一个标签页中打开，本页只读', en: 'the project is open in another tab; this tab is read-only' } };
    const layer = p.current.project?.layers.find((l) => l.id === layerId);
    if (!layer) return { ok: false, reason: { zh: `没有图层 ${layerId}`, en: `no layer ${layerId}` } };
    const r = edit(fullData(layer) as FeatureCollection);
    if (!r.ok) return r;
    const loaded = layerFromJson(r.data, fileNameOf(layer.url), layer.id, layer.kind === 'generic' ? null : layer.kind, layer.title, layer.url);
    if (isLoadError(loaded)) return { ok: false, reason: { zh: '编辑后的图层无法读取', en: 'the edited layer cannot be read' } };
    const next: LoadedLayer = { ...loaded.layer, visible: layer.visible };
    nextLabel.current = label;
    p.current.setProject((pr) => (pr ? { ...pr, layers: pr.layers.map((l) => (l.id === layerId ? next : l)) } : pr));
    return r;
  }, []);

  // ------------------------------------------------------------------ replacing the project

  /** Makes `project` the open project with a new history (start, restore, open, original data). */
  const begin = useCallback((next: Project, restored: Restored | null, options: { dirty: boolean; replacing?: boolean; notice?: string | null }) => {
    const styling = restored?.styling ?? null;
    // At start the restored copy is what is stored (an opened file is not stored until this tab writes it).
    if (!options.replacing) storedAt.current = restored?.savedAt ?? null;
    begun.current = true;
    // A restored copy tells what its layers store holds; other projects are compared by data object as they are.
    if (restored?.stored) storedLayers.current.reset(restored.stored);
    carried.current = restored?.unresolved ?? [];
    resetPending.current = { styling };
    mapReplace.current = { view: restored?.view ?? null, styling };
    pendingStyling.current = null;
    historyRef.current = null;
    dirty.current = options.dirty;
    if (options.dirty) changeCount.current++;
    if (options.dirty && options.replacing) saveSoon.current = true;
    const q = p.current;
    q.setProject(next);
    q.setVisibility({});
    q.setErrors(next.errors);
    // The working copy could not be read (storage unavailable, or kept aside as unreadable): say so with the data's problems.
    const notice: Problem[] = options.notice
      ? [{ severity: 'warning', code: 'autosave-unreadable', file: 'IndexedDB', message: { zh: `自动保存的工作副本未能读取，已打开原始数据：${options.notice}`, en: `the autosaved working copy could not be read; the original data are open: ${options.notice}` } }]
      : [];
    q.setProblems([...notice, ...next.problems]);
    q.setReviewDate(null);
    q.setApproachingDays(restored?.approachingDays ?? DEFAULT_APPROACHING_DAYS);
    if (!styling) mapStore.setTheme(readUrlState(window.location.search).theme);
    setAutosave(options.dirty ? { status: 'pending' } : { status: 'clean' });
    setGeneration((g) => g + 1);
    // At start there is nothing to clear (and the URL's selection is still to be restored).
    if (options.replacing) q.onReplaced();
  }, []);

  // ------------------------------------------------------------------ autosave

  /** Writes the working copy; only the tab holding the project writes (`force`: the last write before handing over). */
  const writeWorkingCopy = useCallback(async (force = false) => {
    const q = p.current;
    const h = historyRef.current;
    if (!dirty.current || !q.project || !h) return;
    if (!force && !tabLock.current?.canWrite()) return;
    const count = changeCount.current;
    const plan = planWorkingCopy({
      sourceKey,
      project: q.project,
      layers: h.present.state.layers,
      styling: h.present.state.styling,
      reviewDate: q.reviewDateOverride ?? q.project.reviewDate,
      approachingDays: q.approachingDays,
      view: cameraOf(q.controllerRef.current),
      decisions: null,
      deck: null,
      savedAt: new Date().toISOString(),
      isSourceUnchanged,
      stored: storedLayers.current,
      carried: carried.current,
    });
    const { savedAt } = plan.record;
    try {
      // Only the layers whose data changed since they were last written travel; the rest are referred to.
      await saveWorkingCopy(plan.record, plan.layers);
      storedLayers.current.reset(plan.layers);
      savedCount.current = Math.max(savedCount.current, count);
      storedAt.current = savedAt;
      setAutosave({ status: 'saved', at: new Date(savedAt) });
    } catch (e) {
      setAutosave({ status: 'failed', error: messageOf(e) });
    }
  }, [sourceKey]);

  const scheduleSave = useCallback((delay: number = AUTOSAVE_DELAY_MS) => {
    if (!dirty.current) return;
    setAutosave((a) => (a.status === 'failed' ? a : { status: 'pending' }));
    const due = Date.now() + delay;
    // A write due sooner after an edit is not put off by a later change (a map move, a slider drag).
    if (saveTimer.current && editSaveDue.current !== null && editSaveDue.current <= due) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    editSaveDue.current = delay < AUTOSAVE_DELAY_MS ? due : null;
    saveTimer.current = setTimeout(() => {
      saveTimer.current = null;
      editSaveDue.current = null;
      void writeWorkingCopy();
    }, delay);
  }, [writeWorkingCopy]);

  // Every change of the working state (layers, styling, review date and horizon) schedules a save.
  useEffect(() => {
    if (!history) return;
    scheduleSave(saveSoon.current ? EDIT_SAVE_DELAY_MS : AUTOSAVE_DELAY_MS);
    saveSoon.current = false;
  }, [history, params.reviewDateOverride, params.approachingDays, scheduleSave]);
  useEffect(() => {
    if (params.reviewDateOverride !== null) {
      dirty.current = true;
      scheduleSave();
    }
  }, [params.reviewDateOverride, scheduleSave]);

  // The view is saved with the rest (a move alone does not make the copy worth keeping).
  useEffect(() => {
    let last = mapStore.snapshot().view;
    return mapStore.subscribe(() => {
      const v = mapStore.snapshot().view;
      if (v !== last) {
        last = v;
        if (dirty.current) scheduleSave();
      }
    });
  }, [scheduleSave]);

  // Leaving or hiding the page writes at once.
  useEffect(() => {
    const flush = () => {
      if (!dirty.current) return;
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = null;
      void writeWorkingCopy();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [writeWorkingCopy]);

  useEffect(() => () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
  }, []);

  // ------------------------------------------------------------------ other tabs

  /** Another tab takes over: write what is not saved yet (this tab already reads only). */
  async function flushBeforeHandover(): Promise<void> {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (dirty.current) await writeWorkingCopy(true);
  }

  /** This tab took over (or the writer's tab closed): what the other tab saved since this one read it is loaded. */
  async function loadAfterGain(): Promise<void> {
    if (!begun.current) return;
    const stored = await workingCopySavedAt(sourceKey);
    if (stored === storedAt.current) return;
    const started = await startProject(window.location.search);
    storedAt.current = started.restored?.savedAt ?? null;
    begin(started.project, started.restored, { dirty: started.restored !== null, replacing: true, notice: started.notice });
  }

  // Becoming the writer: what changed while reading only (styling) is saved like any change.
  useEffect(() => {
    if (tab.mode === 'writer' && dirty.current) scheduleSave();
  }, [tab.mode, scheduleSave]);

  // ------------------------------------------------------------------ project file

  /** Downloads the project as one .parkatlas file (layers, styling, review date, decisions, deck, view). */
  const save = useCallback(async (): Promise<{ warnings: string[] }> => {
    const q = p.current;
    const h = historyRef.current;
    if (!q.project || !h) return { warnings: [] };
    setBusy('saving');
    const warnings: string[] = [];
    try {
      let decisions: unknown = null;
      try {
        decisions = decisionsToJson((await loadDecisions(projectKeyOf(q.project))).state);
      } catch (e) {
        warnings.push(messageOf(e));
      }
      const deck = q.evaluated ? loadDeck(q.evaluated.evaluation) : null;
      const doc = buildDocument({
        project: q.project,
        layers: h.present.state.layers,
        styling: h.present.state.styling,
        reviewDate: q.evaluated?.evaluation.reviewDate ?? q.reviewDateOverride ?? q.project.reviewDate,
        approachingDays: q.approachingDays,
        view: cameraOf(q.controllerRef.current),
        decisions,
        deck: deck && deck.source === 'stored' ? deck.deck : null,
        savedAt: new Date().toISOString(),
      });
      const bytes = writeProjectFile(doc);
      downloadBlob([bytes as BlobPart], 'application/zip', projectFileName(q.project));
      return { warnings };
    } finally {
      setBusy(null);
    }
  }, []);

  /** Opens a .parkatlas file; the open project is kept until the new one has opened. */
  const open = useCallback(async (file: File): Promise<boolean> => {
    if (readOnlyRef.current) return false;
    setBusy('opening');
    setOpenFailure(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const read = readProjectFile(bytes, file.name);
      if (!read.ok) {
        setOpenFailure({ file: file.name, problems: read.problems });
        return false;
      }
      const opened = projectFromDocument(read.project, file.name, 'urls');
      const problems = [...read.problems, ...opened.problems];
      if (opened.project.layers.length === 0) {
        setOpenFailure({ file: file.name, problems });
        return false;
      }
      // Decisions and the deck go to this browser's stores before the panels read them.
      let decisions: DecisionState = EMPTY_DECISIONS;
      if (read.project.decisions !== null) {
        const r = readDecisions(read.project.decisions, `${file.name} › decisions`);
        problems.push(...r.problems);
        if (r.state) decisions = r.state;
      }
      try {
        await replaceDecisionsKeepingOld(projectKeyOf(opened.project), decisions);
      } catch (e) {
        problems.push({ severity: 'warning', code: 'project-decisions', file: file.name, message: { zh: `审查决定未能写入浏览器存储：${messageOf(e)}`, en: `the review decisions could not be stored in this browser: ${messageOf(e)}` } });
      }
      if (read.project.deck !== null) {
        const d = parseDeck(read.project.deck, `${file.name} › deck`);
        if (d.ok) saveDeck(d.deck);
        else problems.push(...d.problems);
      } else {
        setAsideStoredDeck(opened.project);
      }
      const reviewDate = read.project.reviewDate as IsoDate | null;
      begin({ ...opened.project, reviewDate, problems }, { styling: opened.styling, view: opened.view, approachingDays: opened.approachingDays, savedAt: read.project.savedAt }, { dirty: true, replacing: true });
      return true;
    } catch (e) {
      setOpenFailure({ file: file.name, problems: [{ severity: 'error', code: 'project-read', file: file.name, message: { zh: `无法读取：${messageOf(e)}`, en: `cannot be read: ${messageOf(e)}` } }] });
      return false;
    } finally {
      setBusy(null);
    }
  }, [begin]);

  /** Forgets the working copy and opens the original data again. */
  const discard = useCallback(async () => {
    if (readOnlyRef.current) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    dirty.current = false;
    try {
      await deleteWorkingCopy(sourceKey);
      storedAt.current = null;
      storedLayers.current.clear();
    } catch {
      // storage unavailable: nothing was kept there either
    }
    const original = await loadProject(window.location.search);
    rememberSource(original);
    mapStore.setTheme(DEFAULT_THEME);
    // Opacity and order go back to the defaults with the new layers.
    begin(original, { styling: defaultStyling(original.layers), view: null, approachingDays: DEFAULT_APPROACHING_DAYS, savedAt: '' }, { dirty: false, replacing: true });
  }, [begin, sourceKey]);

  const h = history;
  return {
    sourceKey,
    history: h,
    canUndo: h && !readOnly ? canUndo(h) : false,
    canRedo: h && !readOnly ? canRedo(h) : false,
    undoLabel: h ? (undoLabel(h) as MessageKey | null) : null,
    redoLabel: h ? (redoLabel(h) as MessageKey | null) : null,
    undo,
    redo,
    editLayer,
    begin,
    syncMap,
    autosave,
    saveNow: () => writeWorkingCopy(),
    save,
    open,
    discard,
    openFailure,
    clearOpenFailure: () => setOpenFailure(null),
    busy,
    generation,
    /** Whether this tab may write; another tab may hold the project (read-only here until "Edit here"). */
    tab,
    readOnly,
    /** "Edit here": this tab takes the project over from the other tab. */
    takeOver: () => tabLock.current?.takeOver() ?? Promise.resolve(),
  };
}

export type WorkingProject = ReturnType<typeof useWorkingProject>;

/** An opened project without a deck shows the default deck: a deck stored for its park is kept aside first. */
function setAsideStoredDeck(project: Project): void {
  const park = project.layers.find((l) => l.kind === 'park')?.validated?.records[0]?.id ?? null;
  try {
    const key = deckKey(park);
    const text = localStorage.getItem(key);
    if (text === null) return;
    localStorage.setItem(`${key}.replaced.${new Date().toISOString()}`, text);
    localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing stored to set aside
  }
}
