// What the app opens with: the autosaved working project of this source (the sample, or the `?layers=` list) when one
// is stored, so a crash or a closed tab loses nothing; else the original data. What the URL states explicitly
// (a shared link: view, layers shown, opacity, theme) wins over the working copy's styling. A layer the working copy
// refers to as unchanged is taken from the source loaded at start (main.tsx starts loading it before React).
import { strToU8 } from 'fflate';
import { readProjectFile, type ProjectLayer, type ProjectView } from '../../core/project';
import { formatProblem, problem, type Problem } from '../../core/schema/problems';
import { fileNameOf, layerUrlsFromQuery, loadProject, type LoadedLayer, type LoadError, type Project } from '../data/loadProject';
import { loadWorkingCopy, moveWorkingCopy, type LayerDataRef, type WorkingCopy } from '../store/db';
import { readUrlState } from '../urlState';
import { fullData, projectFromDocument, type CarriedLayer, type Styling, type WorkingLayer } from './document';

/** Data objects loaded from the source the app was opened on, with the layer id and address they were loaded as. */
const sourceData = new WeakMap<object, { layerId: string; url: string }>();

/** Notes the layers of a project loaded from the app's source (at start, on a takeover, with the original data). */
export function rememberSource(project: Project): void {
  for (const l of project.layers) {
    const data = fullData(l);
    if (typeof data === 'object' && data !== null) sourceData.set(data, { layerId: l.id, url: l.url });
  }
}

/** Whether a layer's data are still the very object loaded from the source, under the same id and address. */
export function isSourceUnchanged(l: LoadedLayer): boolean {
  const data = fullData(l);
  const from = typeof data === 'object' && data !== null ? sourceData.get(data) : undefined;
  return from !== undefined && from.layerId === l.id && from.url === l.url;
}

/** What a restored working copy brings besides its layers. */
export interface Restored {
  styling: Styling;
  /** The camera to show, or null when the URL names a view (or the copy has none). */
  view: ProjectView | null;
  approachingDays: number;
  savedAt: string;
  /** Layers restored from the working layers store: their data objects and tokens (not written again until changed). */
  stored?: Array<{ layerId: string; data: unknown; token: string }>;
  /** Layers referred to as unchanged whose source could not be loaded: kept in the copy until the source is back. */
  unresolved?: CarriedLayer[];
}

export interface StartResult {
  project: Project;
  restored: Restored | null;
  /** Why the working copy could not be used (storage failed, or it was unreadable and kept aside), else null. */
  notice: string | null;
}

/** The working copy's key: the source the app was opened on. */
export function workingKeyOf(search: string): string {
  const urls = layerUrlsFromQuery(search);
  return urls ? `urls:${[...urls].sort().join('|')}` : 'sample';
}

/** The label problems of a restored copy carry (its layers' own file names follow). */
export const WORKING_COPY_FILE = 'autosave';

const withTimeout = <T,>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the browser's storage within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });

/** Stands in for referred data while core reads the rest of the record (never becomes a layer). */
const PLACEHOLDER = { type: 'FeatureCollection', features: [] };

const layerName = (l: { title: { zh: string; en: string } }) => (l.title.zh === l.title.en ? l.title.zh : `${l.title.zh} (${l.title.en})`);

/**
 * Reads a stored working copy into the app's project, applying what the URL states explicitly. `source`: the project
 * loaded from the app's source (null when it could not be loaded), for the layers the copy refers to as unchanged.
 */
export function restoreRecord(copy: WorkingCopy, search: string, source: Project | null = null, sourceFailure: string | null = null): { project: Project; restored: Restored } | { problems: string[] } {
  const { record } = copy;
  const raw = record.doc as { layers?: unknown } | null;
  const rawLayers: WorkingLayer[] = raw && Array.isArray(raw.layers) ? (raw.layers as WorkingLayer[]) : [];
  const refs = new Map<string, LayerDataRef>();
  for (const l of rawLayers) if (l && typeof l.id === 'string' && l.ref && typeof l.ref === 'object') refs.set(l.id, l.ref);
  // Core reads the record without the referred data (small), which are put in afterwards.
  const manifest = refs.size === 0 ? raw : { ...raw, layers: rawLayers.map((l) => (l && refs.has(l.id) ? { ...l, ref: undefined, data: PLACEHOLDER } : l)) };
  const read = readProjectFile(strToU8(JSON.stringify(manifest)), WORKING_COPY_FILE);
  if (!read.ok) return { problems: read.problems.map((p) => formatProblem(p, 'zh')) };

  const problems: Problem[] = [];
  const errors: LoadError[] = [];
  const unresolved: CarriedLayer[] = [];
  const stored: Array<{ layerId: string; token: string }> = [];
  const fromSource = new Map<string, { layer: LoadedLayer; problems: Problem[] }>();
  const layers: ProjectLayer[] = [];
  for (const l of read.project.layers) {
    const ref = refs.get(l.id);
    if (!ref) {
      layers.push(l);
    } else if ('stored' in ref) {
      const row = copy.layers.get(l.id);
      if (!row) {
        problems.push(problem('error', 'autosave-layer-missing', { file: 'IndexedDB' }, `layer "${layerName(l)}": its saved data are missing from the browser's storage; the other layers are restored`, `图层“${layerName(l)}”：浏览器存储中缺少其保存的数据；其余图层已恢复`));
        continue;
      }
      if (row.token !== ref.token) {
        problems.push(problem('warning', 'autosave-layer-version', { file: 'IndexedDB' }, `layer "${layerName(l)}": the stored data are from another save than the rest of the working copy`, `图层“${layerName(l)}”：存储的数据与工作副本的其余部分不是同一次保存`));
      }
      stored.push({ layerId: l.id, token: row.token });
      layers.push({ ...l, data: row.data });
    } else {
      const file = fileNameOf(ref.url);
      const found = source?.layers.find((s) => s.id === l.id && s.url === ref.url);
      if (found) {
        fromSource.set(l.id, { layer: found, problems: (source?.problems ?? []).filter((p) => p.file === file) });
        layers.push(l);
        continue;
      }
      // An unchanged layer holds no edits: nothing is lost, it comes back once its file can be read again.
      const failed = source?.errors.find((e) => e.url === ref.url) ?? null;
      if (failed) errors.push(failed);
      const why = failed ? '' : sourceFailure ? `: ${sourceFailure}` : source ? ' (not in the source any more)' : '';
      const whyZh = failed ? '' : sourceFailure ? `：${sourceFailure}` : source ? '（来源中已没有该图层）' : '';
      problems.push(problem('error', 'autosave-source-missing', { file }, `layer "${layerName(l)}" was unchanged and is restored from its file ${file}, which cannot be loaded now${why}; the other layers are restored, and this one returns when the file can be read again`, `图层“${layerName(l)}”未曾修改，需从其文件 ${file} 恢复，但该文件现在无法读取${whyZh}；其余图层已恢复，文件可读取后该图层会恢复`));
      const index = rawLayers.findIndex((r) => r?.id === l.id);
      unresolved.push({ index, layer: index >= 0 ? rawLayers[index] : { ...l, data: null, ref } });
    }
  }
  const opened = projectFromDocument({ ...read.project, layers }, WORKING_COPY_FILE, record.projectSource, { renameProblems: false, loadedLayer: (l) => fromSource.get(l.id) });
  if (opened.project.layers.length === 0 && unresolved.length === 0) return { problems: [...problems, ...opened.problems].map((p) => formatProblem(p, 'zh')) };
  const url = readUrlState(search);
  const q = new URLSearchParams(search);
  const styling: Styling = {
    ...opened.styling,
    visible: { ...opened.styling.visible, ...pick(url.visibility, opened.styling.order) },
    opacity: { ...opened.styling.opacity, ...pick(url.opacity, opened.styling.order) },
    theme: q.has('theme') ? url.theme : opened.styling.theme,
  };
  // Visibility chosen in the URL is applied by the map itself (it holds the URL's choices for arriving layers).
  const restoredLayers = opened.project.layers.map((l) => ({ ...l, visible: styling.visible[l.id] ?? l.visible }));
  const project: Project = { ...opened.project, layers: restoredLayers, errors: [...opened.project.errors, ...errors], problems: [...problems, ...opened.project.problems] };
  const storedData = stored.flatMap((s) => {
    const l = restoredLayers.find((x) => x.id === s.layerId);
    return l ? [{ layerId: s.layerId, data: fullData(l), token: s.token }] : [];
  });
  return {
    project,
    restored: { styling, view: url.view ? null : opened.view, approachingDays: opened.approachingDays, savedAt: record.savedAt, stored: storedData, unresolved },
  };
}

function pick<V>(values: Record<string, V>, ids: readonly string[]): Record<string, V> {
  return Object.fromEntries(Object.entries(values).filter(([id]) => ids.includes(id)));
}

/** Whether a stored record refers to any layer as unchanged from the source (so the source must be loaded to restore). */
function refersToSource(copy: WorkingCopy): boolean {
  const layers = (copy.record.doc as { layers?: unknown } | null)?.layers;
  return Array.isArray(layers) && layers.some((l: WorkingLayer | null) => l?.ref !== undefined && l.ref !== null && 'sourceUnchanged' in l.ref);
}

/** `original`: the original data already being fetched (main.tsx starts it before the first render), else fetched here. */
export async function startProject(search: string, original?: Promise<Project>): Promise<StartResult> {
  const key = workingKeyOf(search);
  let source: Promise<Project> | null = original ?? null;
  const sourceProject = (): Promise<Project> => {
    if (!source) source = loadProject(search);
    return source;
  };
  // Whatever the source loads as is noted, so layers left unchanged are referred to, not copied, when saved.
  void original?.then(rememberSource, () => {});
  let copy: WorkingCopy | null = null;
  let notice: string | null = null;
  try {
    copy = await withTimeout(loadWorkingCopy(key), 4000);
  } catch (e) {
    notice = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  if (copy) {
    let loaded: Project | null = null;
    let failure: string | null = null;
    if (refersToSource(copy)) {
      try {
        loaded = await sourceProject();
        rememberSource(loaded);
      } catch (e) {
        failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
    const r = restoreRecord(copy, search, loaded, failure);
    if ('project' in r) return { project: r.project, restored: r.restored, notice: null };
    // Unreadable: kept aside under its own key (never lose data), then the original opens.
    notice = r.problems.slice(0, 3).join('；');
    try {
      await moveWorkingCopy(key, `${key}#unreadable-${new Date().toISOString()}`);
    } catch {
      // storage failing too: the record stays where it is and is read again next time
    }
  }
  const project = await sourceProject();
  rememberSource(project);
  return { project, restored: null, notice };
}
