// The open project as a project document (src/core/project.ts) and back: what the project file and the autosaved
// working copy hold. Layers go through layerFromJson on the way in, exactly as fetched or imported layers do, so an
// opened project is checked (and evaluated) like any other; problems name the project file and the layer.
import type { ProjectDocument, ProjectLayer, ProjectView } from '../../core/project';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../core/project';
import type { Problem } from '../../core/schema/problems';
import { isMapLayerKind } from '../../map/types';
import { fileNameOf, isLoadError, layerFromJson, type LoadedLayer, type Project } from '../data/loadProject';
import { DEFAULT_THEME, THEME_METRICS, type ThemeMetric, type ThemeSetting } from '../urlState';
import { CLASS_METHODS, type ClassMethod } from '../../core/classify';
import { DEFAULT_RULESET } from '../../core/rules/ruleset';

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

/**
 * The app's project from a document read by core (readProjectFile). `file` names the project file in messages;
 * `projectSource` keeps an autosaved sample a sample (its decisions stay under the same key).
 */
export function projectFromDocument(doc: ProjectDocument, file: string, projectSource: Project['source'] = 'urls', options: { renameProblems?: boolean } = {}): OpenedProject {
  const renameProblems = options.renameProblems ?? true;
  const problems: Problem[] = [];
  const skipped: string[] = [];
  const layers: LoadedLayer[] = [];
  for (const l of doc.layers) {
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
