// What the app opens with: the autosaved working project of this source (the sample, or the `?layers=` list) when one
// is stored, so a crash or a closed tab loses nothing; else the original data. What the URL states explicitly
// (a shared link: view, layers shown, opacity, theme) wins over the working copy's styling.
import { strToU8 } from 'fflate';
import { readProjectFile, type ProjectView } from '../../core/project';
import { formatProblem } from '../../core/schema/problems';
import { layerUrlsFromQuery, loadProject, type Project } from '../data/loadProject';
import { deleteWorkingCopy, loadWorkingCopy, saveWorkingCopy, type WorkingRecord } from '../store/db';
import { readUrlState } from '../urlState';
import { projectFromDocument, type Styling } from './document';

/** What a restored working copy brings besides its layers. */
export interface Restored {
  styling: Styling;
  /** The camera to show, or null when the URL names a view (or the copy has none). */
  view: ProjectView | null;
  approachingDays: number;
  savedAt: string;
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

/** Reads a stored working copy into the app's project, applying what the URL states explicitly. */
export function restoreRecord(record: WorkingRecord, search: string): { project: Project; restored: Restored } | { problems: string[] } {
  const read = readProjectFile(strToU8(JSON.stringify(record.doc)), WORKING_COPY_FILE);
  if (!read.ok) return { problems: read.problems.map((p) => formatProblem(p, 'zh')) };
  const opened = projectFromDocument(read.project, WORKING_COPY_FILE, record.projectSource, { renameProblems: false });
  if (opened.project.layers.length === 0) return { problems: opened.problems.map((p) => formatProblem(p, 'zh')) };
  const url = readUrlState(search);
  const q = new URLSearchParams(search);
  const styling: Styling = {
    ...opened.styling,
    visible: { ...opened.styling.visible, ...pick(url.visibility, opened.styling.order) },
    opacity: { ...opened.styling.opacity, ...pick(url.opacity, opened.styling.order) },
    theme: q.has('theme') ? url.theme : opened.styling.theme,
  };
  // Visibility chosen in the URL is applied by the map itself (it holds the URL's choices for arriving layers).
  const project = { ...opened.project, layers: opened.project.layers.map((l) => ({ ...l, visible: styling.visible[l.id] ?? l.visible })) };
  return { project, restored: { styling, view: url.view ? null : opened.view, approachingDays: opened.approachingDays, savedAt: record.savedAt } };
}

function pick<V>(values: Record<string, V>, ids: readonly string[]): Record<string, V> {
  return Object.fromEntries(Object.entries(values).filter(([id]) => ids.includes(id)));
}

/** `original`: the original data already being fetched (main.tsx starts it before the first render), else fetched here. */
export async function startProject(search: string, original?: Promise<Project>): Promise<StartResult> {
  const key = workingKeyOf(search);
  let record: WorkingRecord | null = null;
  let notice: string | null = null;
  try {
    record = await withTimeout(loadWorkingCopy(key), 4000);
  } catch (e) {
    notice = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  if (record) {
    const r = restoreRecord(record, search);
    if ('project' in r) return { project: r.project, restored: r.restored, notice: null };
    // Unreadable: kept aside under its own key (never lose data), then the original opens.
    notice = r.problems.slice(0, 3).join('；');
    try {
      await saveWorkingCopy({ ...record, sourceKey: `${key}#unreadable-${new Date().toISOString()}` });
      await deleteWorkingCopy(key);
    } catch {
      // storage failing too: the record stays where it is and is read again next time
    }
  }
  return { project: await (original ?? loadProject(search)), restored: null, notice };
}
