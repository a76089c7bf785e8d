// Application shell: header, layer panel, map. Holds plain state (project data, language, hover);
// the map itself is driven through MapController.
import type { Problem } from '../core/schema/problems';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MapController } from '../map/MapController';
import type { HoverInfo, MapLayer } from '../map/types';
import { useEvaluation } from './data/evaluation';
import { projectKeyOf, type LoadedLayer, type LoadError, type Project } from './data/loadProject';
import { DEFAULT_APPROACHING_DAYS } from '../core/evaluate';
import type { IsoDate } from '../core/dates';
import { TOOL_PANELS } from './panels/registry';
import { lastConflictResult, useConflictRun } from './conflicts/conflictStore';
import { conflictSummary } from '../core/deck/conflictSummary';
import type { ToolPanelProps } from './panels/types';
import { ErrorList } from './ErrorList';
import { Header } from './Header';
import { ImportDropZone } from './import/DropZone';
import { initialLang, rememberLang, t, type Lang } from './i18n';
import { LayerPanel } from './LayerPanel';
import { LoadStatus } from './LoadStatus';
import { MapView } from './MapView';
import { installTestHooks } from './testHooks';
import { Tooltip } from './Tooltip';
import { Inspector, type Selection } from './inspector/Inspector';
import { AttributeTable } from './table/AttributeTable';
import { ProjectBar } from './project/ProjectBar';
import { startProject } from './project/start';
import { useWorkingProject } from './project/useWorkingProject';
import { setProperties } from './edit/featureOps';

// The dashboard and chart.js load only when the dashboard is opened (split from the initial bundle).
const Dashboard = lazy(() => import('./dashboard/Dashboard'));
// The import dialog and its readers load when files arrive (button or drop).
const ImportDialog = lazy(() => import('./import/ImportDialog'));
// Meeting mode (deck editor, full-screen presentation) loads only when asked for.
const PresentRoot = lazy(() => import('./present/PresentRoot'));
// Edit mode (terra-draw, turf) and the print layout load when first used.
const EditToolbar = lazy(() => import('./edit/EditToolbar'));
const PrintLayout = lazy(() => import('./print/PrintLayout'));

const toMapLayers = (layers: LoadedLayer[]): MapLayer[] =>
  layers.map((l) => ({ id: l.id, kind: l.kind, data: l.data, visible: l.visible }));

export function App({ initialProject }: { initialProject?: Promise<Project> } = {}) {
  const controllerRef = useRef<MapController | null>(null);
  const [lang, setLang] = useState<Lang>(() => initialLang(window.location.search));
  const [project, setProject] = useState<Project | null>(null);
  const [errors, setErrors] = useState<LoadError[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [ready, setReady] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  /** Visibility the user chose, by layer id; layers not listed keep their default. */
  const [visibility, setVisibility] = useState<Record<string, boolean>>({});
  const projectRef = useRef<Project | null>(null);
  projectRef.current = project;
  const layers = useMemo(
    () => (project?.layers ?? []).map((l) => (l.id in visibility ? { ...l, visible: visibility[l.id] } : l)),
    [project, visibility],
  );
  /** Core's figures for the loaded project (metrics, flags, idle findings, zone and park totals). */
  // The review date and the "approaching" horizon drive every idle finding; the review panel may change them.
  const [reviewDateOverride, setReviewDate] = useState<IsoDate | null>(null);
  const [approachingDays, setApproachingDays] = useState(DEFAULT_APPROACHING_DAYS);
  const evaluated = useEvaluation(project, reviewDateOverride ?? project?.reviewDate ?? undefined, approachingDays);
  const reviewDate = evaluated?.evaluation.reviewDate ?? reviewDateOverride ?? project?.reviewDate ?? null;
  // The sidebar shows the layer panel or one tool panel (review queue, 五规合一, import …).
  const [tool, setTool] = useState<string | null>(null);
  const toolDef = TOOL_PANELS.find((p) => p.id === tool) ?? null;
  const evaluatedRef = useRef(evaluated);
  evaluatedRef.current = evaluated;
  const layersRef = useRef(layers);
  layersRef.current = layers;
  // Panels: the selected feature (inspector + table row + map highlight), the table drawer and the dashboard.
  const [selection, setSelection] = useState<Selection | null>(null);
  const [tableOpen, setTableOpen] = useState(true);
  const [dashboardOpen, setDashboardOpen] = useState(false);
  const [presentMode, setPresentMode] = useState<'present' | 'edit' | null>(null);
  const [editMode, setEditMode] = useState(false);
  const [printOpen, setPrintOpen] = useState(false);
  /** A feature whose attributes open for editing at once (a parcel just drawn). */
  const [attributesFor, setAttributesFor] = useState<Selection | null>(null);
  const getController = useCallback(() => controllerRef.current, []);
  // The working project: undo/redo, autosave to this browser, the .parkatlas file in and out (issue 7).
  const working = useWorkingProject({
    project, setProject, setVisibility, setErrors, setProblems, reviewDateOverride, setReviewDate, approachingDays, setApproachingDays, evaluated, controllerRef,
    onReplaced: () => {
      setSelection(null);
      controllerRef.current?.setSelection(null);
    },
  });

  useEffect(() => {
    let cancelled = false;
    // The autosaved working copy of this source when there is one (a crash or a closed tab loses nothing), else the data.
    void startProject(window.location.search, initialProject).then(({ project: p, restored, notice }) => {
      if (cancelled) return;
      performance.mark('park-atlas:project-loaded');
      working.begin(p, restored, { dirty: restored !== null, notice });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  // A new project replaces every layer on the map (and resets data-ready until drawn); edits update them in place.
  useEffect(() => {
    const c = controllerRef.current;
    if (project && c) working.syncMap(c, toMapLayers(layers));
  }, [project, layers]);

  useEffect(() => installTestHooks(controllerRef, projectRef, evaluatedRef), []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    const name = project?.name?.[lang];
    document.title = name ? `${name} · ${t(lang, 'app.title')}` : t(lang, 'app.title');
  }, [lang, project]);

  const onController = useCallback((controller: MapController) => {
    // The controller may be recreated (dev StrictMode); give it the current layers.
    if (projectRef.current) controller.setLayers(toMapLayers(layersRef.current));
  }, []);

  const onToggle = useCallback((id: string, visible: boolean) => {
    controllerRef.current?.setLayerVisibility(id, visible);
    setVisibility((v) => ({ ...v, [id]: visible }));
  }, []);

  const onLang = useCallback((l: Lang) => {
    setLang(l);
    rememberLang(l);
  }, []);

  const select = useCallback((sel: Selection | null, zoom: boolean) => {
    setSelection(sel);
    const c = controllerRef.current;
    if (c && typeof c.setSelection === 'function') c.setSelection(sel);
    if (c && sel && zoom && typeof c.zoomTo === 'function') c.zoomTo(sel);
  }, []);
  /** Imported layers join the project (ids made unique); the map and every panel follow. */
  const addLayers = useCallback((added: LoadedLayer[]) => {
    setProject((p) => {
      const base: Project = p ?? { source: 'urls', name: null, reviewDate: null, center: null, layers: [], errors: [], problems: [] };
      const taken = new Set(base.layers.map((l) => l.id));
      const unique = added.map((l) => {
        let id = l.id;
        for (let n = 2; taken.has(id); n++) id = `${l.id}-${n}`;
        taken.add(id);
        return id === l.id ? l : { ...l, id };
      });
      return { ...base, layers: [...base.layers, ...unique] };
    });
  }, []);
  // Imports: each batch of files (button or drop) gets one dialog, in turn; added layers are zoomed to.
  const [importQueue, setImportQueue] = useState<Array<{ key: number; files: File[] }>>([]);
  const importKey = useRef(0);
  const queueImport = useCallback((files: File[]) => setImportQueue((q) => [...q, { key: ++importKey.current, files }]), []);
  const [zoomToLayer, setZoomToLayer] = useState<string | null>(null);
  const onImported = useCallback((added: LoadedLayer[], found: Problem[]) => {
    addLayers(added);
    setProblems((ps) => [...ps, ...found]);
    if (added[0]) setZoomToLayer(added[0].id);
  }, [addLayers]);
  const onJoined = useCallback((layer: LoadedLayer, found: Problem[]) => {
    setProject((p) => (p ? { ...p, layers: p.layers.map((l) => (l.id === layer.id ? layer : l)) } : p));
    setProblems((ps) => [...ps, ...found]);
  }, []);
  useEffect(() => {
    if (!zoomToLayer || !project?.layers.some((l) => l.id === zoomToLayer)) return;
    controllerRef.current?.zoomTo({ layerId: zoomToLayer });
    setZoomToLayer(null);
  }, [project, zoomToLayer]);
  const onMapClick = useCallback((sel: Selection | null) => select(sel, false), [select]);
  const onRowSelect = useCallback((sel: Selection) => select(sel, true), [select]);
  const onTableFilter = useCallback((layerId: string, ids: ReadonlySet<string> | null) => {
    const c = controllerRef.current;
    if (c && typeof c.setFeatureFilter === 'function') c.setFeatureFilter(layerId, ids);
  }, []);
  const selectedLayer = selection ? layers.find((l) => l.id === selection.layerId) : undefined;

  // The meeting deck's conflicts slide shows the last 五规合一 check of exactly these layers (none: "not computed").
  const conflictRun = useConflictRun();
  const deckConflicts = useMemo(() => {
    const result = lastConflictResult(layers.flatMap((l) => (l.validated ? [l.validated] : [])));
    return result ? conflictSummary(result) : null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conflictRun, layers]);
  const toolProps: ToolPanelProps = {
    lang, project, layers, evaluated, reviewDate, setReviewDate, approachingDays, setApproachingDays,
    projectKey: project ? projectKeyOf(project) : null, selection, select, controller: () => controllerRef.current, addLayers,
  };

  const hoverLayer = hover ? layers.find((l) => l.id === hover.layerId) : undefined;

  return (
    <div className="app">
      <Header lang={lang} parkName={project?.name ?? null} reviewDate={reviewDate} onLang={onLang} onImportFiles={queueImport}>
        <ProjectBar lang={lang} working={working} hasProject={project !== null} editMode={editMode} onEditMode={setEditMode} onPrint={() => setPrintOpen(true)} />
      </Header>
      <ImportDropZone lang={lang} onFiles={queueImport} onProjectFile={(file) => void working.open(file)} />
      {printOpen && (
        <Suspense fallback={null}>
          <PrintLayout lang={lang} project={project} layers={layers} reviewDate={reviewDate} controller={getController} onClose={() => setPrintOpen(false)} />
        </Suspense>
      )}
      {importQueue.length > 0 && (
        <Suspense fallback={null}>
          <ImportDialog key={importQueue[0].key} lang={lang} files={importQueue[0].files} layers={layers} onAdd={onImported} onReplace={onJoined} onClose={() => setImportQueue((q) => q.slice(1))} />
        </Suspense>
      )}
      <div className="workspace">
        <aside className={toolDef ? 'sidebar sidebar-wide' : 'sidebar'}>
          {TOOL_PANELS.length > 0 && (
            <div className="sidebar-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={toolDef === null} className={toolDef === null ? 'active' : ''} onClick={() => setTool(null)} data-testid="tab-layers">
                {t(lang, 'tab.layers')}
              </button>
              {TOOL_PANELS.map((p) => (
                <button key={p.id} type="button" role="tab" aria-selected={tool === p.id} className={tool === p.id ? 'active' : ''} onClick={() => setTool(p.id)} data-testid={p.testId}>
                  {p.label[lang]}
                </button>
              ))}
            </div>
          )}
          {toolDef ? (
            <Suspense fallback={<div className="panel-loading" role="status">{t(lang, 'panel.loading')}</div>}>
              <toolDef.Component key={`${toolDef.id}-${working.generation}`} {...toolProps} />
            </Suspense>
          ) : (
          <LayerPanel
            lang={lang}
            layers={layers}
            loading={project === null}
            onToggle={onToggle}
            onZoomToPark={() => controllerRef.current?.fitToLayers()}
            evaluated={evaluated}
          />
          )}
        </aside>
        <div className="center-col">
        <main className="map-area">
          <MapView controllerRef={controllerRef} onReadyChange={setReady} onHover={setHover} onClick={onMapClick} onController={onController} />
          <Tooltip lang={lang} hover={hover} layerTitle={hoverLayer ? hoverLayer.title[lang] : null} />
          {editMode && project && (
            <Suspense fallback={null}>
              <EditToolbar lang={lang} layers={layers} selection={selection} select={select} controller={getController} editLayer={working.editLayer} onDrawn={setAttributesFor} onClose={() => setEditMode(false)} />
            </Suspense>
          )}
          <ErrorList lang={lang} errors={errors} problems={problems} onDismiss={() => { setErrors([]); setProblems([]); }} />
          {!ready && (
            <div className="map-status" role="status">
              {project === null ? <LoadStatus lang={lang} /> : t(lang, 'status.rendering')}
            </div>
          )}
          <div className="view-toggles" role="group">
            <button type="button" aria-pressed={tableOpen} className={tableOpen ? 'active' : ''} onClick={() => setTableOpen((o) => !o)} data-testid="toggle-table">
              {t(lang, 'view.table')}
            </button>
            <button type="button" aria-pressed={dashboardOpen} className={dashboardOpen ? 'active' : ''} onClick={() => setDashboardOpen((o) => !o)} data-testid="toggle-dashboard">
              {t(lang, 'view.dashboard')}
            </button>
            <button type="button" aria-pressed={presentMode === 'edit'} className={presentMode === 'edit' ? 'active' : ''} onClick={() => setPresentMode((m) => (m === 'edit' ? null : 'edit'))} disabled={!evaluated} data-testid="toggle-deck">
              {t(lang, 'view.deck')}
            </button>
            <button type="button" onClick={() => setPresentMode('present')} disabled={!evaluated} data-testid="present-start">
              {t(lang, 'view.present')}
            </button>
          </div>
        </main>
        {/* The drawer keeps its height while the data load, so the map is not resized (and redrawn) when they arrive. */}
        {!project && tableOpen && <div className="table-drawer" aria-busy="true" />}
        {project && (
          <div className="table-slot" hidden={!tableOpen}>
          <AttributeTable
            lang={lang}
            layers={layers}
            evaluated={evaluated}
            selection={selection}
            onSelect={onRowSelect}
            onFilterChange={onTableFilter}
            onHide={() => setTableOpen(false)}
          />
          </div>
        )}
        {dashboardOpen && (
          <Suspense fallback={<div className="dashboard dashboard-loading" role="status">{t(lang, 'dash.loading')}</div>}>
            <Dashboard lang={lang} evaluated={evaluated} onClose={() => setDashboardOpen(false)} />
          </Suspense>
        )}
        </div>
        {presentMode && (
          <Suspense fallback={null}>
            <PresentRoot lang={lang} project={project} evaluated={evaluated} mode={presentMode} onMode={setPresentMode} controller={() => controllerRef.current} onLang={onLang} conflicts={deckConflicts} />
          </Suspense>
        )}
        {selection && (
          <Inspector
            lang={lang}
            selection={selection}
            layer={selectedLayer}
            evaluated={evaluated}
            onClose={() => select(null, false)}
            onZoom={() => {
              const c = controllerRef.current;
              if (c && typeof c.zoomTo === 'function') c.zoomTo(selection);
            }}
            startEditing={attributesFor?.layerId === selection.layerId && attributesFor.featureId === selection.featureId}
            onEditProperties={(next) => {
              const r = working.editLayer(selection.layerId, (fc) => setProperties(fc, selection.featureId, next), 'history.attributes');
              setAttributesFor(null);
              return r.ok ? null : r.reason[lang];
            }}
          />
        )}
      </div>
    </div>
  );
}
