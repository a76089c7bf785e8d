// Presentation mode (issue 8): full screen, one slide at a time over a live map (its own MapController, tiltable),
// keyboard and clicker navigation, the camera flying between slides. Every figure is core's (resolveFigure /
// resolveChart / relocationAt); this component lays them out in projector-sized type (≥ 28 px at 1920×1080).
import type { Feature } from 'geojson';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { VillageResult } from '../../core/evaluate';
import { resolveChart, resolveFigure, type FigureContext } from '../../core/deck/figures';
import { CONFLICT_TYPE, type Bilingual } from '../../core/deck/labels';
import { relocationAt, relocationYears, yearOf, type RelocationTargets } from '../../core/deck/relocation';
import type { ConflictSummary, Deck, Slide } from '../../core/deck/types';
import type { ConflictType } from '../../core/overlay/types';
import { KIND_STYLES } from '../../map/layerStyle';
import { MapController } from '../../map/MapController';
import type { LayerState, LegendItem, Rgba, Thematic } from '../../map/types';
import type { EvaluatedProject } from '../data/evaluation';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import { figureText, valueText, type PendingState } from './format';
import { PresentChart } from './PresentChart';
import { featuresById, flaggedParcelLabels, villageLabels, type MapLabel } from './mapLabels';
import { MAX_VILLAGE_ROWS, VillageTable, YearControl } from './RelocationBand';
import { applySlideLayers, cameraOf, parkOfFrom, SceneCache, showsConflicts, toMapLayers, warmUp3d, type Padding, type PresentLayer } from './scene';
import { ps } from './strings';
import { installDeckTestHooks } from './testHooks';
import './present.css';

export interface PresentationProps {
  lang: Lang;
  layers: PresentLayer[];
  evaluated: EvaluatedProject | null;
  deck: Deck;
  parkName: Bilingual | null;
  reviewDate: string | null;
  /** 0-based slide to open on. */
  startAt?: number;
  /** 五规合一 conflicts when computed (the conflicts slide shows "not computed" without them). */
  conflicts?: ConflictSummary | null;
  /** Without conflicts: whether their check is running now or failed (the cards say so instead of "not computed"). */
  conflictsPending?: PendingState;
  relocationTargets?: RelocationTargets;
  /** The map container's test id: `present-map` in the app (whose own map is `map`), `map` in the portable deck. */
  mapTestId?: string;
  /** Ask the browser for full screen on opening (needs the user's click just before). */
  fullscreen?: boolean;
  /** Camera flight between slides, ms (0 when the user prefers reduced motion). */
  transitionMs?: number;
  onExit: () => void;
  onIndex?: (index: number) => void;
  onLang?: (lang: Lang) => void;
}

/** Layout unit: 1 at 1920×1080, so "28 * u" px is 28 px on a full-HD projector and scales with the screen. */
function unitOf(w: number, h: number): number {
  return Math.max(0.4, Math.min(w / 1920, h / 1080));
}

/** Long enough to follow where the camera goes, short enough that a clicker press feels immediate. */
const DEFAULT_TRANSITION_MS = 500;
const RELOCATION_KINDS = new Set<Slide['kind']>(['relocation', 'village']);
/** Layers whose features may carry a name on the map. */
const LABELLED_KINDS = new Set(['relocation', 'parcel']);

/** Screen left free for the map by the title band, the figure panel, the legend and (relocation) the village table. */
function paddingFor(slide: Slide, w: number, h: number, legendRows: number, villageRows: number): Padding {
  const u = unitOf(w, h);
  const relocation = RELOCATION_KINDS.has(slide.kind);
  const legend = legendRows > 0 ? 60 + 40 * legendRows + (slide.map.extrude || slide.map.parcelStyle.by === 'metric' ? 40 : 0) : 0;
  const table = 44 * (villageRows + 1) + 50;
  return {
    top: Math.round(200 * u),
    right: Math.round(Math.min(w * 0.45, 720 * u)),
    bottom: Math.round((relocation ? table + 20 : Math.max(60, legend + 20)) * u),
    left: Math.round(60 * u),
  };
}

/** A zone's card carries the zone's map colour, so card and map read together. */
function accentOf(scope: string | null, ctx: FigureContext): string | undefined {
  const zoneType = scope ? ctx.evaluation.zones.find((z) => z.id === scope)?.zoneType : null;
  const line = zoneType ? KIND_STYLES.zone.categories.find((c) => c.value === zoneType)?.line : undefined;
  return line ? `rgb(${line[0]}, ${line[1]}, ${line[2]})` : undefined;
}

function Kpi({ slide, index, ctx, lang, pending }: { slide: Slide; index: number; ctx: FigureContext; lang: Lang; pending: PendingState }) {
  const f = resolveFigure(slide.kpis[index], ctx);
  const text = figureText(f, lang, f.note === 'not_computed' ? pending : null);
  const accent = text.tone ? undefined : accentOf(slide.kpis[index].scope, ctx);
  return (
    <div
      style={accent ? { borderLeftColor: accent } : undefined}
      className={`present-kpi${text.tone ? ` tone-${text.tone}` : ''}`}
      data-testid="present-kpi"
      data-figure={f.figure}
      data-scope={f.scope ?? ''}
      data-value={f.value === null ? undefined : String(f.value)}
      data-code={f.code ?? undefined}
      data-note={f.note ?? undefined}
      data-pending={f.note === 'not_computed' && pending ? pending : undefined}
      data-check={f.check?.status}
      data-target={f.target ? String(f.target.value) : undefined}
    >
      <div className="present-kpi-label">{f.label[lang]}</div>
      <div className="present-kpi-value">
        <span className="present-kpi-number" data-testid="present-kpi-number">{text.value}</span>
        {text.unit && <span className="present-kpi-unit">{text.unit}</span>}
      </div>
      {text.sub && <div className="present-kpi-sub">{text.sub}</div>}
      {f.target && f.target.share !== null && (
        <div className="present-progress">
          <div className="present-meter" aria-hidden="true">
            <div className="present-meter-fill" style={{ width: `${Math.min(100, f.target.share * 100)}%` }} />
          </div>
          <span className="present-progress-share" data-testid="present-kpi-progress">{ps(lang, 'present.progressDone', { share: text.progress ?? '—' })}</span>
        </div>
      )}
    </div>
  );
}

/** The highlighted parcels by name: core's area of each, largest first (at most five rows). */
function ProjectList({ ids, evaluated, lang }: { ids: string[]; evaluated: EvaluatedProject; lang: Lang }) {
  const rows = ids.flatMap((id) => {
    const p = evaluated.parcels.get(id);
    return p ? [p] : [];
  }).sort((a, b) => (b.areaMu ?? 0) - (a.areaMu ?? 0)).slice(0, 5);
  if (rows.length === 0) return null;
  return (
    <div className="present-projects" data-testid="present-projects">
      <div className="present-chart-title">{ps(lang, 'present.projects')}</div>
      <table className="present-table">
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} data-testid="present-project" data-id={p.id} data-value={p.areaMu ?? undefined}>
              <th scope="row">{p.enterprise ?? p.name ?? p.id}</th>
              <td className="num">{p.areaMu === null ? '—' : `${valueText(p.areaMu, 'mu', 1, lang).value} ${ps(lang, 'unit.mu')}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const swatchCss = (c: Rgba) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${Math.max(0.55, c[3] / 255)})`;
const rgb = (c: Rgba) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

interface LegendEntry {
  /** The drawn layer's kind and the category's value (for the tests and the keys). */
  kind: string;
  value: string;
  label: string;
  fill: Rgba;
  line: Rgba;
  hatch: boolean;
  count: number;
}

/** A swatch as the map paints the category: conflicts are hatched in their type's line colour over a light fill. */
function swatchStyle(it: LegendEntry): CSSProperties {
  if (it.kind === 'conflict') {
    const fill = `rgba(${it.fill[0]}, ${it.fill[1]}, ${it.fill[2]}, ${it.fill[3] / 255})`;
    return { backgroundColor: '#fff', backgroundImage: `repeating-linear-gradient(45deg, ${rgb(it.line)} 0 calc(3px * var(--u)), ${fill} calc(3px * var(--u)) calc(9px * var(--u)))`, borderColor: rgb(it.line) };
  }
  return { background: swatchCss(it.fill), borderColor: rgb(it.line) };
}

/** The legend of the slide's main layer, from what the map draws (counts after filters), in slide type. */
function Legend({ items, title }: { items: LegendEntry[]; title: string | null }) {
  if (items.length === 0) return null;
  return (
    <div className="present-legend" data-testid="present-legend">
      {title && <div className="present-legend-title">{title}</div>}
      <ul>
        {items.map((it) => (
          <li key={`${it.kind}:${it.value}`} data-testid="present-legend-item" data-kind={it.kind} data-value={it.value} data-line={it.line.slice(0, 3).join(',')} data-count={it.count}>
            <span className={`present-swatch${it.hatch && it.kind !== 'conflict' ? ' hatch' : ''}`} style={swatchStyle(it)} />
            {it.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Which drawn layer explains the slide's map (null: no legend, e.g. when the chart already names the colours). */
function legendLayer(slide: Slide, layers: LayerState[]): LayerState | null {
  const shown = layers.filter((l) => l.visible);
  switch (slide.kind) {
    case 'landUse': case 'relocation': case 'village': return null;
    case 'zones': return shown.find((l) => l.kind === 'zone') ?? null;
    case 'idle': return shown.find((l) => l.kind === 'idle') ?? null;
    case 'conflicts': return null;
    default: return shown.find((l) => l.kind === 'parcel') ?? shown.find((l) => l.kind === 'zone') ?? null;
  }
}

const entryOf = (layer: LayerState, e: LegendItem, lang: Lang): LegendEntry =>
  ({ kind: layer.kind, value: e.value, label: e.label ?? tMaybe(lang, e.labelKey, e.value), fill: e.fill, line: e.line, hatch: e.hatch, count: e.count });

function legendItems(layer: LayerState | null, lang: Lang): LegendEntry[] {
  if (!layer) return [];
  return layer.legend.filter((e: LegendItem) => e.count > 0).map((e) => entryOf(layer, e, lang));
}

/**
 * The conflicts slide: each conflict type drawn (hatched in its colour, as the map's legend gives it), then the plan
 * classes a conflict is about (DESIGN §6) under them.
 */
function conflictLegend(layers: LayerState[], lang: Lang): LegendEntry[] {
  const out: LegendEntry[] = [];
  // Named as the cards and the chart name them (core's deck labels), so the three read as one.
  const named = (e: LegendEntry) => ({ ...e, label: CONFLICT_TYPE[e.value as ConflictType]?.[lang] ?? e.label });
  for (const l of layers) if (l.visible && l.kind === 'conflict') out.push(...legendItems(l, lang).map(named));
  const wanted = ['basic_farmland', 'eco_red_line', 'restricted', 'prohibited', 'M'];
  const seen = new Set<string>();
  for (const v of wanted) for (const l of layers) {
    if (!l.visible || l.kind !== 'plan' || seen.has(v)) continue;
    const e = l.legend.find((x) => x.value === v && x.count > 0);
    if (e) {
      seen.add(v);
      out.push(entryOf(l, e, lang));
    }
  }
  return out;
}

export function Presentation(props: PresentationProps) {
  const { lang, layers, evaluated, deck, parkName, reviewDate, conflicts = null, conflictsPending = null, relocationTargets, mapTestId = 'present-map', onExit, onIndex } = props;
  const slides = deck.slides;
  const conflictResult = conflicts?.result ?? null;
  const [index, setIndex] = useState(() => Math.max(0, Math.min(slides.length - 1, props.startAt ?? 0)));
  const [notesOpen, setNotesOpen] = useState(false);
  const [jump, setJump] = useState('');
  const [focusVillage, setFocusVillage] = useState<string | null>(null);
  const [size, setSize] = useState(() => ({ w: window.innerWidth, h: window.innerHeight }));
  const [mapLayers, setMapLayers] = useState<LayerState[]>([]);
  const [bearing, setBearing] = useState(0);
  const reviewYear = yearOf(evaluated?.evaluation.reviewDate ?? reviewDate ?? new Date().toISOString());
  const villages = useMemo(() => evaluated?.evaluation.relocation.villages.filter((v) => deck.parkId === null || v.park === deck.parkId || v.park === null) ?? [], [evaluated, deck.parkId]);
  const years = useMemo(() => relocationYears(villages, reviewYear), [villages, reviewYear]);
  const [year, setYear] = useState(reviewYear);

  const rootRef = useRef<HTMLDivElement>(null);
  const layersRef = useRef(layers);
  const evaluatedRef = useRef(evaluated);
  evaluatedRef.current = evaluated;
  const deckParkRef = useRef(deck.parkId);
  deckParkRef.current = deck.parkId;
  const cacheRef = useRef<SceneCache | null>(null);
  const onExitRef = useRef(onExit);
  onExitRef.current = onExit;
  const fullscreenRef = useRef(props.fullscreen === true);
  const mapRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<MapController | null>(null);
  const pendingRef = useRef(-1);
  const indexRef = useRef(index);
  indexRef.current = index;
  const firstCameraRef = useRef(true);
  const slide: Slide | undefined = slides[index];
  const cache = useMemo(() => new SceneCache(layers, evaluated), [layers, evaluated]);
  cacheRef.current = cache;
  const parkOf = useMemo(() => parkOfFrom(evaluated), [evaluated]);
  const ctx: FigureContext | null = useMemo(
    () => (evaluated ? { evaluation: evaluated.evaluation, parkId: deck.parkId, conflicts, ...(relocationTargets ? { relocationTargets } : {}) } : null),
    [evaluated, deck.parkId, conflicts, relocationTargets],
  );
  const transitionMs = props.transitionMs ?? (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : DEFAULT_TRANSITION_MS);

  // Names over the map (villages; on a 3D slide the flagged parcels): placed when the view has settled.
  const [mapLabels, setMapLabels] = useState<MapLabel[]>([]);
  const labelFeatures = useRef<Map<string, Feature> | null>(null);
  const labelsFor = useRef<{ slide: Slide | undefined; villages: VillageResult[]; padding: Padding | null; lang: Lang }>({ slide: undefined, villages: [], padding: null, lang });
  labelsFor.current.lang = lang; // a new language redraws the layers, and the labels with them

  const markReady = useCallback((ready: boolean) => {
    const root = rootRef.current;
    if (!root) return;
    root.dataset.slideReady = ready && pendingRef.current === indexRef.current ? 'true' : 'false';
    const c = controllerRef.current;
    if (ready && c) {
      const cam = c.getCamera();
      root.dataset.pitch = cam.pitch.toFixed(1);
      root.dataset.bearing = cam.bearing.toFixed(1);
      setBearing(cam.bearing);
      const { slide: shown, villages: list, padding, lang: language } = labelsFor.current;
      const box = root.getBoundingClientRect();
      const view = { w: box.width, h: box.height };
      const features = (labelFeatures.current ??= featuresById(layersRef.current, LABELLED_KINDS));
      const project = (p: [number, number]) => c.project(p);
      let labels: MapLabel[] = [];
      if (shown && padding && RELOCATION_KINDS.has(shown.kind)) {
        labels = villageLabels(list.filter((v) => shown.kind !== 'village' || v.id === shown.village), features, project, padding, view);
      } else if (shown && padding && shown.map.extrude) {
        const ev = evaluatedRef.current;
        labels = flaggedParcelLabels(shown, deckParkRef.current, ev, features, cacheRef.current?.extrusion(shown.map.extrude).elevation ?? null, project, cam.pitch, padding, view, language, unitOf(view.w, view.h));
      }
      setMapLabels(labels);
    }
  }, []);

  // The map: created once, with every project layer (hidden until a slide shows it); before the slide's layout effects.
  useLayoutEffect(() => {
    if (!mapRef.current) return;
    const controller = new MapController(mapRef.current, {
      pitchable: true,
      onReadyChange: (ready) => markReady(ready),
      northTitle: lang === 'en' ? 'North' : '指北针',
    });
    controllerRef.current = controller;
    const removeHooks = installDeckTestHooks(controller);
    controller.setLayers(toMapLayers(layers));
    warmUp3d(controller, layers.find((l) => l.kind === 'parcel')?.id ?? null, slides.some((s) => s.map.extrude !== null));
    const unsubscribe = controller.subscribe(() => setMapLayers(controller.getSnapshot().layers));
    return () => {
      unsubscribe();
      removeHooks();
      controller.destroy();
      if (controllerRef.current === controller) controllerRef.current = null;
      firstCameraRef.current = true;
    };
    // Once: the layers of a presentation do not change while it is open.
  }, []);

  const villagePicture = useMemo(() => relocationAt(villages, year, reviewYear), [villages, year, reviewYear]);
  const villageThematic: Thematic | null = useMemo(
    () => (slide && RELOCATION_KINDS.has(slide.kind) ? cache.villageThematic(villagePicture.villages, year, lang) : null),
    [slide, cache, villagePicture, year, lang],
  );
  /** The slide as drawn: on the relocation slide a focused village is outlined and framed. */
  const drawn: Slide | undefined = useMemo(() => {
    if (!slide) return undefined;
    const focus = slide.kind === 'village' ? slide.village : focusVillage;
    if (!focus || !RELOCATION_KINDS.has(slide.kind)) return slide;
    return { ...slide, map: { ...slide.map, highlight: [focus], camera: { type: 'fit', target: { featureIds: [focus] }, pitch: slide.map.camera.pitch, bearing: slide.map.camera.bearing } } };
  }, [slide, focusVillage]);

  // Layers and styling of the slide (and the villages' state in the chosen year). A layout effect: data-slide and
  // data-slide-ready change in the same task, so nothing ever sees the new slide number marked ready for the old one.
  useLayoutEffect(() => {
    const c = controllerRef.current;
    if (!c || !drawn) return;
    pendingRef.current = index;
    applySlideLayers(c, drawn, layers, cache, lang, villageThematic, conflictResult);
    markReady(c.isReady());
  }, [drawn, index, layers, cache, lang, villageThematic, conflictResult, markReady]);

  // The camera: flies on a new slide or focus, jumps when the screen size changes.
  // Conflicts arriving while their slide is up add legend rows: the view is framed again for the smaller map.
  const cameraKey = drawn ? `${drawn.id}|${JSON.stringify(drawn.map.camera)}${conflictResult && showsConflicts(drawn) ? '|conflicts' : ''}` : '';
  const lastCameraKey = useRef('');
  useLayoutEffect(() => {
    const c = controllerRef.current;
    if (!c || !drawn) return;
    const snapshot = c.getSnapshot().layers;
    const legendCount = drawn.kind === 'conflicts' ? conflictLegend(snapshot, lang).length : legendItems(legendLayer(drawn, snapshot), lang).length;
    const box = mapRef.current?.getBoundingClientRect();
    const viewport = box && box.width > 0 ? { w: box.width, h: box.height } : size;
    const villageRows = drawn.kind === 'village' ? 1 : Math.min(MAX_VILLAGE_ROWS + 1, villages.length);
    const padding = paddingFor(drawn, viewport.w, viewport.h, Math.ceil(legendCount / 2), villageRows);
    labelsFor.current = { slide: drawn, villages, padding, lang };
    const cam = cameraOf(c, drawn, layers, padding, viewport, {
      elevation: drawn.map.extrude ? cache.extrusion(drawn.map.extrude).elevation : null,
      parkOf,
    });
    if (!cam) return;
    const fly = !firstCameraRef.current && lastCameraKey.current !== cameraKey;
    firstCameraRef.current = false;
    lastCameraKey.current = cameraKey;
    setMapLabels([]); // until the camera has arrived
    pendingRef.current = index;
    c.flyTo(cam, fly ? transitionMs : 0);
    markReady(c.isReady());
    // Only a new camera (slide, focus) or screen size moves it; a new year or language keeps the view.
  }, [cameraKey, size, index]);

  useEffect(() => {
    onIndex?.(index);
    setFocusVillage(null);
  }, [index, onIndex]);

  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(slides.length - 1, i))), [slides.length]);

  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    onExit();
  }, [onExit]);

  // Keyboard and clicker (clickers send PageUp / PageDown, some also B or period for a blank screen).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range'))) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      let handled = true;
      if (/^[0-9]$/.test(e.key)) setJump((j) => (j + e.key).slice(-3));
      else if (e.key === 'Enter' && jump) {
        go(Number(jump) - 1);
        setJump('');
      } else if (e.key === 'Backspace' && jump) setJump((j) => j.slice(0, -1));
      else if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ' || e.key === 'Enter') go(indexRef.current + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp' || e.key === 'Backspace') go(indexRef.current - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(slides.length - 1);
      else if (e.key === 'Escape') {
        if (jump) setJump('');
        else leave();
      } else if (e.key === 'n' || e.key === 'N') setNotesOpen((o) => !o);
      else if ((e.key === 'l' || e.key === 'L') && props.onLang) props.onLang(lang === 'zh' ? 'en' : 'zh');
      else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && slides[indexRef.current] && RELOCATION_KINDS.has(slides[indexRef.current].kind)) {
        setYear((y) => Math.max(years.first, Math.min(years.last, y + (e.key === 'ArrowUp' ? 1 : -1))));
      } else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [go, jump, leave, slides, years, lang, props]);

  // A typed slide number is forgotten after a pause.
  useEffect(() => {
    if (!jump) return;
    const t = setTimeout(() => setJump(''), 4000);
    return () => clearTimeout(t);
  }, [jump]);

  // Full screen on opening; leaving full screen (the browser's own Esc) leaves the presentation.
  useEffect(() => {
    const root = rootRef.current;
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement) entered = true;
      else if (entered) onExitRef.current();
    };
    document.addEventListener('fullscreenchange', onChange);
    if (fullscreenRef.current && root?.requestFullscreen && !document.fullscreenElement) void root.requestFullscreen().catch(() => undefined);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    const onResize = () => setSize({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const u = unitOf(size.w, size.h);
  const style = { '--u': String(u) } as CSSProperties;
  if (!slide || !drawn) {
    return (
      <div className="present" ref={rootRef} style={style} data-testid="presentation" data-slide="0" data-slide-count="0">
        <div className="present-map" ref={mapRef} data-testid={mapTestId} />
        <div className="present-empty">{ps(lang, 'present.empty')}</div>
      </div>
    );
  }
  const chart = slide.chart && ctx ? resolveChart(slide.chart, ctx) : null;
  const focusedVillage = slide.kind === 'relocation' && focusVillage ? (villages.find((v) => v.id === focusVillage) ?? null) : null;
  const relocation = RELOCATION_KINDS.has(slide.kind) && villages.length > 0;
  const focusSlide: Slide = drawn.kind === 'relocation' && focusVillage
    ? { ...drawn, kpis: (['village.households', 'village.population', 'village.units', 'village.landFreed'] as const).map((figure) => ({ figure, scope: focusVillage })) }
    : drawn;
  const legend = slide.kind === 'conflicts' ? conflictLegend(mapLayers, lang) : legendItems(legendLayer(slide, mapLayers), lang);
  const style3d = slide.map.extrude ? ps(lang, slide.map.extrude === 'plotRatio' ? 'present.height.plotRatio' : 'present.height.floorArea') : null;
  const colour = slide.map.parcelStyle.by === 'metric' ? ps(lang, 'present.colour', { metric: t(lang, `theme.metric.${slide.map.parcelStyle.metric}` as MessageKey) }) : null;
  const legendTitle = [colour, style3d].filter(Boolean).join('　') || null;
  const chartRows = chart ? Math.max(1, chart.bars.length) : 0;

  return (
    <div
      className="present"
      ref={rootRef}
      style={style}
      data-testid="presentation"
      data-slide={index + 1}
      data-slide-count={slides.length}
      data-slide-id={slide.id}
      data-slide-kind={slide.kind}
      data-extruded={slide.map.extrude ? 'true' : 'false'}
      data-conflicts={conflicts ? 'ready' : (conflictsPending ?? 'none')}
      data-lang={lang}
      role="region"
      aria-roledescription="slide"
      aria-label={slide.title[lang]}
    >
      <div className="present-map" ref={mapRef} data-testid={mapTestId} />
      {mapLabels.map((l) => (
        <div
          key={`${l.kind}:${l.id}`}
          className={`present-map-label ${l.kind}${l.id === (slide.kind === 'village' ? slide.village : focusVillage) ? ' focused' : ''}`}
          style={{ left: l.x, top: l.y }}
          data-testid="present-map-label"
          data-kind={l.kind}
          data-id={l.id}
        >
          {l.name}
          {l.detail && <span className="present-map-label-detail">{l.detail}</span>}
        </div>
      ))}
      <header className="present-head">
        <h1 data-testid="present-title">{slide.title[lang]}</h1>
        <p className="present-subtitle" data-testid="present-subtitle">
          {focusedVillage
            ? [focusedVillage.village ?? focusedVillage.id, ps(lang, `present.state.${villagePicture.villages.find((v) => v.id === focusedVillage.id)?.state ?? 'unknown'}`), focusedVillage.targetYear !== null ? ps(lang, 'present.targetYear', { year: focusedVillage.targetYear }) : null].filter(Boolean).join(' · ')
            : slide.subtitle ? slide.subtitle[lang] : [parkName?.[lang], reviewDate ? ps(lang, 'present.reviewDate', { date: reviewDate }) : null].filter(Boolean).join(' · ')}
        </p>
      </header>
      <aside className={`present-panel${(chart || relocation) && focusSlide.kpis.length >= 3 ? ' compact' : ''}`} key={`${slide.id}:${focusVillage ?? ''}`}>
        {ctx && focusSlide.kpis.map((_, i) => <Kpi key={i} slide={focusSlide} index={i} ctx={ctx} lang={lang} pending={conflicts ? null : conflictsPending} />)}
        {chart && <PresentChart chart={chart} lang={lang} fontPx={28 * u} height={Math.round((chartRows * 44 + 8) * u)} pending={conflicts ? null : conflictsPending} />}
        {relocation && <YearControl lang={lang} picture={villagePicture} years={years} onYear={setYear} />}
        {evaluated && slide.map.parcelStyle.by === 'highlight' && <ProjectList ids={slide.map.highlight} evaluated={evaluated} lang={lang} />}
      </aside>
      {relocation && (
        <VillageTable
          lang={lang}
          villages={slide.kind === 'village' ? villages.filter((v) => v.id === slide.village) : villages}
          picture={villagePicture}
          focus={slide.kind === 'village' ? slide.village : focusVillage}
          onFocus={setFocusVillage}
        />
      )}
      {!relocation && <Legend items={legend} title={legendTitle} />}
      <div className="present-north" aria-hidden="true" style={{ right: `calc(${Math.round(700 * u)}px)` }}>
        <svg viewBox="0 0 40 40" style={{ transform: `rotate(${-bearing}deg)` }}>
          <path d="M20 3 L31 35 L20 28 L9 35 Z" fill="#111" stroke="#fff" strokeWidth="2" strokeLinejoin="round" />
        </svg>
        <span>{lang === 'zh' ? '北' : 'N'}</span>
      </div>
      <div className="present-counter" data-testid="present-counter">{ps(lang, 'present.counter', { n: index + 1, total: slides.length })}</div>
      {jump && <div className="present-jump" role="status">{ps(lang, 'present.jump', { n: jump })}</div>}
      {notesOpen && (
        <div className="present-notes" data-testid="present-notes">
          <strong>{ps(lang, 'present.notes')}：</strong>
          {slide.notes || ps(lang, 'present.noNotes')}
          <div className="present-help">{ps(lang, 'present.help')}{relocation ? ` · ${ps(lang, 'present.helpRelocation')}` : ''}</div>
        </div>
      )}
    </div>
  );
}

export default Presentation;
