// The open project as a project document (src/core/project.ts) and back: what the project file and the autosaved
// working copy hold. Layers go through layerFromJson on the way in, exactly as fetched or imported layers do, so an
// opened project is checked (and evaluated) like any other; problems name the project file and the layer. The
// working copy refers to layer data instead of holding them when it can (planWorkingCopy): an autosave writes only
// the layers changed since the last one.
import type { ProjectDocument, ProjectLayer, ProjectView } from '../../core/project';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../core/project';
import type { Problem } from '../../core/schema/problems';
import { isMapLayerKind } from '../../map/types';
import { fileNameOf, isLoadError, layerFromJson, type LoadedLayer, type Project } from '../data/loadProject';
import { DEFAULT_THEME, THEME_METRICS, type ThemeMetric, type ThemeSetting } from '../urlState';
import { CLASS_METHODS, type ClassMethod } from '../../core/classify';
import { DEFAULT_RULESET } from '../../core/rules/ruleset';
import type { LayerDataRef, WorkingLayerWrite, WorkingRecord } from '../store/db';

/** How the layers are drawn: what the undo history and the files keep besides the data. */
export interface Styling {
  /** Layer ids, bottom → top. */
  order: string[];
  visible: Record<string, boolean>;
  opacity: Record<string, number>;
  /** The parcels' thematic styling (the app has one for all parcel layers). */
  theme: ThemeSetting;
}

/** One state of the working project in the undo history. Layers are shared between states when unchanged. */
export interface WorkingState {
  layers: readonly LoadedLayer[];
  styling: Styling;
}

export const WRITER = 'park-atlas 0.1.0';

/** The full collection of a layer, features with unusable geometry included (the map draws only the usable ones). */
export const fullData = (l: LoadedLayer): unknown => l.validated?.layer ?? l.data;

export function sameStyling(a: Styling, b: Styling): boolean {
  const sameRecord = (x: Record<string, unknown>, y: Record<string, unknown>) => {
    const kx = Object.keys(x);
    return kx.length === Object.keys(y).length && kx.every((k) => x[k] === y[k]);
  };
  return a.theme.metric === b.theme.metric && a.theme.method === b.theme.method && a.order.join('\u0000') === b.order.join('\u0000')
    && sameRecord(a.visible, b.visible) && sameRecord(a.opacity, b.opacity);
}

/**
 * What the map reports right after the layers or the history moved, kept to what the record cannot know yet: the
 * entries of layers the record lacks (new layers, as drawn by default). For layers it covers the record stands, so a
 * change the user made meanwhile stays a change (and can be undone) rather than being taken in silently.
 */
export function adoptNewLayers(recorded: Styling, seen: Styling): Styling {
  const keep = <T>(r: Record<string, T>, s: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(s).map(([id, v]) => [id, id in r ? r[id] : v]));
  const present = new Set(seen.order);
  const known = recorded.order.filter((id) => present.has(id));
  return {
    order: [...known, ...seen.order.filter((id) => !recorded.order.includes(id))],
    visible: keep(recorded.visible, seen.visible),
    opacity: keep(recorded.opacity, seen.opacity),
    theme: recorded.theme,
  };
}

export interface DocumentInput {
  project: Project;
  layers: readonly LoadedLayer[];
  styling: Styling;
  reviewDate: string | null;
  approachingDays: number;
  view: ProjectView | null;
  decisions: unknown | null;
  deck: unknown | null;
  savedAt: string;
}

/** The project document: layers in drawing order (bottom first) with their data, visibility, opacity and styling. */
export function buildDocument(input: DocumentInput): ProjectDocument {
  const { project, styling } = input;
  const byId = new Map(input.layers.map((l) => [l.id, l]));
  const ordered = [...styling.order.filter((id) => byId.has(id)), ...input.layers.map((l) => l.id).filter((id) => !styling.order.includes(id))];
  const themed = styling.theme.metric !== 'none';
  const layers: ProjectLayer[] = ordered.map((id) => {
    const l = byId.get(id)!;
    return {
      id,
      kind: l.kind,
      title: { zh: l.title.zh, en: l.title.en },
      source: l.url,
      visible: styling.visible[id] ?? l.visible,
      opacity: styling.opacity[id] ?? 1,
      thematic: l.kind === 'parcel' && themed ? { metric: styling.theme.metric, method: styling.theme.method } : null,
      data: fullData(l),
    };
  });
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: input.savedAt,
    writer: WRITER,
    name: project.name ? { zh: project.name.zh, en: project.name.en } : null,
    reviewDate: input.reviewDate,
    approachingDays: input.approachingDays,
    rules: project.rules ?? DEFAULT_RULESET,
    view: input.view,
    layers,
    decisions: input.decisions,
    deck: input.deck,
  };
}

export interface OpenedProject {
  project: Project;
  styling: Styling;
  view: ProjectView | null;
  approachingDays: number;
  /** Problems met while building the layers (each names the project file and the layer). */
  problems: Problem[];
  /** Layers that could not be opened at all, by title. */
  skipped: string[];
}

const asTheme = (t: { metric: string; method: string } | null): ThemeSetting => {
  if (!t || !(THEME_METRICS as readonly string[]).includes(t.metric) || !(CLASS_METHODS as readonly string[]).includes(t.method)) return DEFAULT_THEME;
  return { metric: t.metric as ThemeMetric, method: t.method as ClassMethod };
};

export interface OpenOptions {
  /** Problems name the project file and the layer (default), or only the layer's own file. */
  renameProblems?: boolean;
  /** A layer already loaded for this document layer (its data are then not read from the document), else undefined. */
  loadedLayer?: (l: ProjectLayer) => { layer: LoadedLayer; problems: Problem[] } | undefined;
}

/**
 * The app's project from a document read by core (readProjectFile). `file` names the project file in messages;
 * `projectSource` keeps an autosaved sample a sample (its decisions stay under the same key).
 */
export function projectFromDocument(doc: ProjectDocument, file: string, projectSource: Project['source'] = 'urls', options: OpenOptions = {}): OpenedProject {
  const renameProblems = options.renameProblems ?? true;
  const problems: Problem[] = [];
  const skipped: string[] = [];
  const layers: LoadedLayer[] = [];
  for (const l of doc.layers) {
    const given = options.loadedLayer?.(l);
    if (given) {
      // Already loaded and checked (a working copy's unchanged layer is the source's own): taken as it is.
      problems.push(...given.problems);
      layers.push({ ...given.layer, visible: l.visible });
      continue;
    }
    const layerFile = l.source ? fileNameOf(l.source) : `${l.id}.geojson`;
    const where = `${file} › ${l.title.zh === l.title.en ? l.title.zh : `${l.title.zh} (${l.title.en})`}`;
    const kindHint = isMapLayerKind(l.kind) && l.kind !== 'generic' ? l.kind : null;
    const loaded = layerFromJson(l.data, layerFile, l.id, kindHint, l.title, l.source || `${file}#${l.id}`);
    // Messages name the project file and the layer; the layer's own file name stays with core's records.
    const rename = (p: Problem): Problem => (renameProblems ? { ...p, file: `${where}: ${p.file}` } : p);
    if (isLoadError(loaded)) {
      skipped.push(l.title.zh);
      if (loaded.failure.code === 'invalid') problems.push(...loaded.failure.problems.map(rename));
      continue;
    }
    problems.push(...loaded.problems.map(rename));
    layers.push({ ...loaded.layer, visible: l.visible });
  }
  const styling: Styling = {
    order: layers.map((l) => l.id),
    visible: Object.fromEntries(layers.map((l) => [l.id, l.visible])),
    opacity: Object.fromEntries(doc.layers.filter((l) => layers.some((x) => x.id === l.id)).map((l) => [l.id, l.opacity])),
    theme: asTheme(doc.layers.find((l) => l.kind === 'parcel' && l.thematic)?.thematic ?? null),
  };
  const project: Project = {
    source: projectSource,
    name: doc.name,
    reviewDate: doc.reviewDate,
    center: doc.view?.center ?? null,
    layers,
    errors: [],
    problems,
    rules: doc.rules,
  };
  return { project, styling, view: doc.view, approachingDays: doc.approachingDays, problems, skipped };
}

// ---------------------------------------------------------------- the autosaved working copy

/** A layer of a working record: a project layer whose data may be referred to (`ref`, with `data: null`). */
export type WorkingLayer = ProjectLayer & { ref?: LayerDataRef };

/** A layer of a restored record kept as it was (its source could not be loaded), with its place in the layer list. */
export interface CarriedLayer {
  index: number;
  layer: WorkingLayer;
}

/**
 * What this tab knows the stored working copy holds for each layer kept in the working layers store: the very data
 * object written and its token. A layer whose data object is still the one written is not written again.
 */
export class StoredLayers {
  private readonly byId = new Map<string, { data: unknown; token: string }>();

  /** The token under which exactly this data object is stored for layer `id`, or null (not stored, or changed since). */
  tokenOf(id: string, data: unknown): string | null {
    const s = this.byId.get(id);
    return s && s.data === data ? s.token : null;
  }

  /** The stored copy now holds exactly these (after a save, or a restore). */
  reset(entries: Iterable<{ layerId: string; data: unknown; token: string }>): void {
    this.byId.clear();
    for (const e of entries) this.byId.set(e.layerId, { data: e.data, token: e.token });
  }

  clear(): void {
    this.byId.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}

let tokenCount = 0;
/** A token unique to this write of a layer (time, randomness and a counter: unique across tabs and reloads). */
export function newLayerToken(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${(++tokenCount).toString(36)}`;
}

export interface WorkingCopyInput extends DocumentInput {
  sourceKey: string;
  /** Whether a layer's data are still the very object loaded from the source the app was opened on. */
  isSourceUnchanged: (l: LoadedLayer) => boolean;
  stored: StoredLayers;
  /** Layers of a restored copy whose source could not be loaded: kept as they were, so they come back with it. */
  carried?: readonly CarriedLayer[];
  newToken?: () => string;
}

export interface WorkingCopyPlan {
  /** The small record: settings, styling, view, review date and the layer list with references, no layer data. */
  record: WorkingRecord;
  /** Every layer kept in the working layers store, with `written` when its data object is stored under that token. */
  layers: WorkingLayerWrite[];
}

/**
 * The working copy to store: a layer still as loaded from the source is referred to by its address; any other layer
 * (edited, imported, joined, opened from a file) is kept in the working layers store under a token, a new token only
 * when its data object is not the one stored before.
 */
export function planWorkingCopy(input: WorkingCopyInput): WorkingCopyPlan {
  const newToken = input.newToken ?? newLayerToken;
  const refs = new Map<string, LayerDataRef>();
  const writes: WorkingLayerWrite[] = [];
  for (const l of input.layers) {
    if (input.isSourceUnchanged(l)) {
      refs.set(l.id, { sourceUnchanged: true, url: l.url });
      continue;
    }
    const data = fullData(l);
    const known = input.stored.tokenOf(l.id, data);
    const token = known ?? newToken();
    writes.push({ layerId: l.id, token, data, written: known !== null });
    refs.set(l.id, { stored: true, token });
  }
  const doc = buildDocument(input);
  const layers: WorkingLayer[] = doc.layers.map((l) => ({ ...l, data: null, ref: refs.get(l.id) }));
  const ids = new Set(layers.map((l) => l.id));
  // Back in their places in the drawing order (bottom first), as far as the list still has them.
  const carried = [...(input.carried ?? [])].filter((c) => !ids.has(c.layer.id)).sort((a, b) => a.index - b.index);
  for (const c of carried) layers.splice(Math.min(Math.max(0, c.index), layers.length), 0, c.layer);
  return {
    record: { sourceKey: input.sourceKey, savedAt: input.savedAt, projectSource: input.project.source, doc: { ...doc, layers } },
    layers: writes,
  };
}
