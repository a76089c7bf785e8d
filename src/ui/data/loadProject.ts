// Which layers the app opens: the bundled sample park, or `?layers=URL,URL…` (DESIGN §11).
// Every failure becomes a LoadError naming the file; nothing here throws at the user.
import type { Feature, FeatureCollection } from 'geojson';
import { parseJsonText, plainFeatureCollection } from '../../core/io/geojson';
import { problem, type Problem } from '../../core/schema/problems';
import type { RuleSet } from '../../core/rules/ruleset';
import { validateLayer, type ValidatedLayer } from '../../core/schema/validate';
import { legendFor, KIND_STYLES, type LayerLegend } from '../../map/layerStyle';
import { isMapLayerKind, type MapLayerKind } from '../../map/types';
import { fetchText } from '../../workers/fetchText';
import { DEFAULT_APPROACHING_DAYS } from '../../core/evaluate';
import { evaluateEarly, readFileInWorker, rememberWorkerKey, setReadProgress, type ReadFile } from './dataWorker';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface LoadedLayer {
  id: string;
  kind: MapLayerKind;
  title: Bilingual;
  /** The address the layer was read from. */
  url: string;
  /** What the map draws: the features whose geometry passed validation. */
  data: FeatureCollection;
  /** The checked layer with typed records, for core's metrics (null for a generic layer). */
  validated: ValidatedLayer | null;
  legend: LayerLegend;
  visible: boolean;
}

export type LoadFailure =
  | { code: 'http'; status: number }
  | { code: 'network'; message: string }
  | { code: 'invalid'; problems: Problem[] }
  | { code: 'badManifest'; message: string };

export interface LoadError {
  /** File name as the user knows it (last path segment). */
  file: string;
  url: string;
  failure: LoadFailure;
}

export interface Project {
  source: 'sample' | 'urls';
  name: Bilingual | null;
  reviewDate: string | null;
  center: [number, number] | null;
  layers: LoadedLayer[];
  errors: LoadError[];
  /** Problems with single features or fields of the layers that did load (each names file and feature). */
  problems: Problem[];
  /** The rule set in force when the project came from a project file; absent: the preset. */
  rules?: RuleSet;
}

type Result<T> = { ok: true; value: T } | { ok: false; failure: LoadFailure };

export const SAMPLE_MANIFEST_URL = `${import.meta.env.BASE_URL}sample/index.json`;

export function fileNameOf(url: string): string {
  try {
    const path = new URL(url, document.baseURI).pathname;
    const last = path.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : url;
  } catch {
    return url;
  }
}

async function fetchJson(url: string, file: string): Promise<Result<unknown>> {
  const text = await fetchText(url);
  if (!text.ok) return text;
  const json = parseJsonText(text.text, file);
  return json.ok ? json : { ok: false, failure: { code: 'invalid', problems: json.problems } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function makeLayer(id: string, kind: MapLayerKind, title: Bilingual, url: string, data: FeatureCollection, validated: ValidatedLayer | null): LoadedLayer {
  return { id, kind, title, url, data, validated, legend: legendFor(kind, data), visible: !KIND_STYLES[kind].hiddenByDefault };
}

export type Loaded = { layer: LoadedLayer; problems: Problem[] };

/**
 * Builds a layer from parsed GeoJSON through core's validation (files fetched, imported or opened alike); a file
 * whose kind cannot be told is still shown, as a generic layer. Features with unusable geometry are not drawn
 * but stay in `validated` and are named in the problems.
 */
export function layerFromJson(json: unknown, file: string, id: string, kindHint: MapLayerKind | null, title: Bilingual | null, url = file): Loaded | LoadError {
  const expected = kindHint && kindHint !== 'generic' ? kindHint : undefined;
  const checked = validateLayer(json, file, expected);
  const layerTitle = title ?? { zh: file, en: file };
  if (checked.ok) {
    const v = checked.value;
    const invalid = new Set(v.invalidIds);
    const drawable = invalid.size === 0 ? v.layer : { ...v.layer, features: v.layer.features.filter((f) => !invalid.has(String(f.id))) };
    return { layer: makeLayer(id, v.kind, layerTitle, url, drawable as FeatureCollection, v), problems: v.problems };
  }
  const fc = checked.problems.every((p) => p.code === 'kind-unknown') ? plainFeatureCollection(json) : null;
  if (!fc) return { file, url, failure: { code: 'invalid', problems: checked.problems } };
  const note = problem('warning', 'kind-unknown', { file }, 'layer kind unknown: shown as a plain layer, without metrics; add a top-level "kind"', '图层类型未知：按普通图层显示，不计算指标；请添加顶层 "kind"');
  return { layer: makeLayer(id, 'generic', layerTitle, url, fc, null), problems: [note] };
}

/** The layer the worker read (readFileInWorker): the same result as layerFromJson on the page. */
function layerFromWorker(read: ReadFile, file: string, id: string, title: Bilingual | null, url: string): Loaded {
  const { head, features } = read;
  const layerTitle = title ?? { zh: file, en: file };
  const collection = { ...head.members, features } as unknown as FeatureCollection;
  if (head.validated) {
    const { kind, invalidIds, problems, key } = head.validated;
    const v = { kind, layer: collection, records: read.records ?? [], invalidIds, problems } as unknown as ValidatedLayer;
    rememberWorkerKey(v, key);
    const invalid = new Set(invalidIds);
    const drawable = invalid.size === 0 ? collection : { ...collection, features: features.filter((f) => !invalid.has(String(f.id))) };
    return { layer: makeLayer(id, kind, layerTitle, url, drawable, v), problems };
  }
  const note = problem('warning', 'kind-unknown', { file }, 'layer kind unknown: shown as a plain layer, without metrics; add a top-level "kind"', '图层类型未知：按普通图层显示，不计算指标；请添加顶层 "kind"');
  return { layer: makeLayer(id, 'generic', layerTitle, url, collection, null), problems: [note] };
}

async function loadLayerFile(url: string, id: string, kindHint: MapLayerKind | null, title: Bilingual | null): Promise<Loaded | LoadError> {
  const file = fileNameOf(url);
  // Fetched, parsed and validated in the data worker, so a large file never holds up the page.
  const read = await readFileInWorker({ url, file, kindHint: kindHint && kindHint !== 'generic' ? kindHint : null }, (p) => setReadProgress(file, p))
    .catch(() => null)
    .finally(() => setReadProgress(file, null));
  if (read) return read.ok ? layerFromWorker(read.file, file, id, title, url) : { file, url, failure: read.failure };
  // No worker (it failed to start): the same steps here.
  const json = await fetchJson(url, file);
  if (!json.ok) return { file, url, failure: json.failure };
  return layerFromJson(json.value, file, id, kindHint, title, url);
}

export const isLoadError = (x: Loaded | LoadError): x is LoadError => 'failure' in x;
const isError = isLoadError;
const loadedOf = (results: Array<Loaded | LoadError>) => results.filter((r): r is Loaded => !isError(r));

/** The `?layers=` list, or null when the page should open the sample park. */
export function layerUrlsFromQuery(search: string): string[] | null {
  const raw = new URLSearchParams(search).get('layers');
  if (raw === null) return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s, document.baseURI).href);
}

export async function loadFromUrls(urls: string[]): Promise<Project> {
  const results = await Promise.all(urls.map((url, i) => loadLayerFile(url, `layer-${i}-${fileNameOf(url)}`, null, null)));
  const layers = loadedOf(results).map((r) => r.layer);
  const park = layers.find((l) => l.kind === 'park')?.data.features[0]?.properties?.name;
  return {
    source: 'urls',
    name: typeof park === 'string' && park ? { zh: park, en: park } : null,
    reviewDate: null,
    center: null,
    layers,
    errors: results.filter(isError),
    problems: loadedOf(results).flatMap((r) => r.problems),
  };
}

interface ManifestLayer {
  file: string;
  kind: MapLayerKind | null;
  title: Bilingual;
}

function bilingual(v: unknown, fallback: string): Bilingual {
  if (typeof v === 'string') return { zh: v, en: v };
  if (isObject(v)) {
    const zh = typeof v.zh === 'string' ? v.zh : typeof v.en === 'string' ? v.en : fallback;
    const en = typeof v.en === 'string' ? v.en : zh;
    return { zh, en };
  }
  return { zh: fallback, en: fallback };
}

export async function loadSample(manifestUrl = SAMPLE_MANIFEST_URL): Promise<Project> {
  const empty: Project = { source: 'sample', name: null, reviewDate: null, center: null, layers: [], errors: [], problems: [] };
  const file = fileNameOf(manifestUrl);
  const json = await fetchJson(manifestUrl, file);
  if (!json.ok) return { ...empty, errors: [{ file, url: manifestUrl, failure: json.failure }] };
  const m = json.value;
  if (!isObject(m) || !Array.isArray(m.layers)) {
    return { ...empty, errors: [{ file, url: manifestUrl, failure: { code: 'badManifest', message: 'layers[] missing' } }] };
  }
  const entries: ManifestLayer[] = (m.layers as unknown[])
    .filter((l): l is Record<string, unknown> => isObject(l) && typeof l.file === 'string')
    .map((l) => ({ file: l.file as string, kind: isMapLayerKind(l.kind) ? l.kind : null, title: bilingual(l.title, l.file as string) }));
  const base = new URL(manifestUrl, document.baseURI);
  const results = await Promise.all(
    entries.map((e) => loadLayerFile(new URL(e.file, base).href, e.file.replace(/\.[^.]+$/, ''), e.kind, e.title)),
  );
  const center = Array.isArray(m.center) && m.center.length >= 2 && m.center.every((n) => typeof n === 'number')
    ? ([m.center[0], m.center[1]] as [number, number])
    : null;
  return {
    source: 'sample',
    name: m.name === undefined ? null : bilingual(m.name, ''),
    reviewDate: typeof m.reviewDate === 'string' ? m.reviewDate : null,
    center,
    layers: loadedOf(results).map((r) => r.layer),
    errors: results.filter(isError),
    problems: loadedOf(results).flatMap((r) => r.problems),
  };
}

export async function loadProject(search: string): Promise<Project> {
  const urls = layerUrlsFromQuery(search);
  const project = await (urls ? loadFromUrls(urls) : loadSample());
  // A large project's figures start in the worker now, while the page draws it (useEvaluation takes them over).
  const validated = project.layers.flatMap((l) => (l.validated ? [l.validated] : []));
  evaluateEarly(validated, { reviewDate: project.reviewDate ?? undefined, approachingDays: DEFAULT_APPROACHING_DAYS, rules: project.rules });
  return project;
}

/** A stable key for the open project in the browser's store: the sample, or the set of layer addresses. */
export function projectKeyOf(project: Project): string {
  if (project.source === 'sample') return 'sample';
  return `urls:${project.layers.map((l) => l.url).sort().join('|')}`;
}
