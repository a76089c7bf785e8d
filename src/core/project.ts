// A project file (.parkatlas, DESIGN §1 project.ts): everything a user has — layers with their data and styling,
// rules, review date, review decisions with the audit trail, the meeting deck and the view — in one file that
// opens again identically. The file is a ZIP (any unzip tool can open it): project.json plus one GeoJSON file per
// layer under layers/. A plain-JSON project (the whole document in one JSON object, layers inline) is read too.
import { strToU8, zipSync } from 'fflate';
import { parseJsonText } from './io/geojson';
import { isZip, readZip } from './io/zipRead';
import { DEFAULT_RULESET, readRuleSet, type RuleSet } from './rules/ruleset';
import { problem, type Problem } from './schema/problems';

export const PROJECT_FORMAT = 'park-atlas.project';
// Version 2: `rules` holds the rule set in force (version 1 wrote null, so a custom rule set was lost).
export const PROJECT_VERSION = 2;
/** File extension of project files. */
export const PROJECT_EXTENSION = '.parkatlas';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ProjectView {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/** One layer as saved: its data in full (unknown properties untouched) and how it is drawn. */
export interface ProjectLayer {
  id: string;
  /** Layer kind (park, zone, parcel, relocation, plan) or 'generic'. */
  kind: string;
  title: Bilingual;
  /** Where the data came from (file name or address), for the user's reference. */
  source: string;
  visible: boolean;
  opacity: number;
  /** Thematic styling (metric and class method), or null for the kind's cartography. */
  thematic: { metric: string; method: string } | null;
  /** The GeoJSON FeatureCollection, as loaded or edited. */
  data: unknown;
}

export interface ProjectDocument {
  format: typeof PROJECT_FORMAT;
  version: typeof PROJECT_VERSION;
  /** ISO 8601 instant the file was written. */
  savedAt: string;
  /** The program that wrote it, e.g. "park-atlas 0.1.0". */
  writer: string;
  name: Bilingual | null;
  reviewDate: string | null;
  approachingDays: number;
  /** The rule set in force, in full (a RuleSet as in src/core/rules/presets), so the thresholds travel with the project. */
  rules: RuleSet;
  view: ProjectView | null;
  layers: ProjectLayer[];
  /** Review decisions and audit trail (src/core/review/decisions.ts decisionsToJson), or null. */
  decisions: unknown | null;
  /** The meeting deck (src/core/deck), or null. */
  deck: unknown | null;
}

export type ProjectReading = { ok: true; project: ProjectDocument; problems: Problem[] } | { ok: false; problems: Problem[] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const LAYER_FILE = (i: number, id: string) => `layers/${String(i + 1).padStart(3, '0')}-${id.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60)}.geojson`;

/** The ZIP bytes of a project: project.json (everything but the layer data) and layers/NNN-id.geojson. */
export function writeProjectFile(doc: ProjectDocument): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const layers = doc.layers.map((l, i) => {
    const path = LAYER_FILE(i, l.id);
    files[path] = strToU8(JSON.stringify(l.data));
    const { data: _data, ...rest } = l;
    return { ...rest, file: path };
  });
  files['project.json'] = strToU8(JSON.stringify({ ...doc, layers }, null, 2));
  // project.json first, so a reader that only peeks sees the manifest at once.
  return zipSync({ 'project.json': files['project.json'], ...files }, { level: 6, mtime: new Date(doc.savedAt) });
}

/** Migrations from older versions, each to the next (key: the version migrated from). */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: version 1 always evaluated with the preset and wrote `rules: null`; the preset is what was in force.
  1: (doc) => ({ ...doc, version: 2, rules: doc.rules ?? DEFAULT_RULESET }),
};

/**
 * Reads a project file (ZIP or plain JSON) from untrusted bytes. Never throws: what cannot be read is reported
 * with the file and the layer; a layer whose data are missing is reported, the rest of the project still opens.
 */
export function readProjectFile(bytes: Uint8Array, file: string): ProjectReading {
  const problems: Problem[] = [];
  const fail = (en: string, zh: string, where: { field?: string; featureId?: string } = {}): ProjectReading => ({
    ok: false, problems: [...problems, problem('error', 'project', { file, ...where }, en, zh)],
  });
  let manifestText: string;
  let layerFiles: Map<string, Uint8Array> | null = null;
  if (isZip(bytes)) {
    const zip = readZip(bytes, file, (name) => name === 'project.json' || name.startsWith('layers/'));
    if (!zip.ok) return { ok: false, problems: zip.problems };
    problems.push(...zip.problems);
    const manifest = zip.files.get('project.json');
    if (!manifest) return fail('is a ZIP without project.json: not a Park Atlas project', '是压缩包但缺少 project.json，不是园区一张图项目文件');
    manifestText = new TextDecoder().decode(manifest);
    layerFiles = zip.files;
  } else {
    manifestText = new TextDecoder().decode(bytes);
  }
  const parsed = parseJsonText(manifestText, layerFiles ? `${file}/project.json` : file);
  if (!parsed.ok) return { ok: false, problems: [...problems, ...parsed.problems] };
  const json = parsed.value;
  if (!isObject(json) || json.format !== PROJECT_FORMAT) return fail(`is not a Park Atlas project (format should be "${PROJECT_FORMAT}")`, `不是园区一张图项目文件（format 应为 "${PROJECT_FORMAT}"）`, { field: 'format' });
  let doc = json;
  const declared = doc.version;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) return fail(`version ${JSON.stringify(declared)} is not a version number`, `版本号 ${JSON.stringify(declared)} 无效`, { field: 'version' });
  let version: number = declared;
  if (version > PROJECT_VERSION) return fail(`was written by a newer Park Atlas (version ${version}); this one reads up to version ${PROJECT_VERSION}`, `由更新版本的程序保存（版本 ${version}），本程序最高可读版本 ${PROJECT_VERSION}`, { field: 'version' });
  while (version < PROJECT_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate) return fail(`version ${version} cannot be read by this Park Atlas`, `无法读取版本 ${version} 的项目文件`, { field: 'version' });
    doc = migrate(doc);
    version = doc.version as number;
  }
  // The rule set is checked as a --rules file is (a partial one is completed from the preset); unusable → the preset.
  let rules: RuleSet = DEFAULT_RULESET;
  if (doc.rules === null || doc.rules === undefined) {
    problems.push(problem('warning', 'project-rules', { file, field: 'rules' }, 'has no rule set; the preset is used', '没有规则集，采用预设规则'));
  } else {
    const read = readRuleSet(doc.rules);
    if (read.ok) rules = read.value;
    else problems.push(problem('warning', 'project-rules', { file, field: 'rules' }, `its rule set cannot be used (${read.errors.slice(0, 3).join('; ')}); the preset is used`, `规则集无法使用（${read.errors.slice(0, 3).join('；')}），采用预设规则`));
  }

  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const bilingual = (v: unknown): Bilingual | null => (isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string' ? { zh: v.zh, en: v.en } : null);
  const layers: ProjectLayer[] = [];
  const rawLayers = Array.isArray(doc.layers) ? doc.layers : [];
  if (!Array.isArray(doc.layers)) problems.push(problem('warning', 'project', { file, field: 'layers' }, 'has no layer list; opened without layers', '没有图层列表，按无图层打开'));
  const seen = new Set<string>();
  rawLayers.forEach((raw: unknown, i: number) => {
    if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') {
      problems.push(problem('error', 'project-layer', { file, featureIndex: i, field: 'layers' }, `layer ${i + 1} has no id; skipped`, `第 ${i + 1} 个图层缺少 id，已跳过`));
      return;
    }
    const id = raw.id;
    let data: unknown = raw.data;
    if (data === undefined && typeof raw.file === 'string') {
      const bytesOf = layerFiles?.get(raw.file);
      if (!bytesOf) {
        problems.push(problem('error', 'project-layer', { file, featureId: id, field: 'layers' }, `layer ${JSON.stringify(id)}: its data file ${raw.file} is missing from the project; skipped`, `图层 ${JSON.stringify(id)} 的数据文件 ${raw.file} 缺失，已跳过`));
        return;
      }
      const layerJson = parseJsonText(new TextDecoder().decode(bytesOf), `${file}/${raw.file}`);
      if (!layerJson.ok) {
        problems.push(...layerJson.problems);
        problems.push(problem('error', 'project-layer', { file, featureId: id, field: 'layers' }, `layer ${JSON.stringify(id)} skipped: its data file is not valid JSON`, `图层 ${JSON.stringify(id)} 的数据文件不是有效的 JSON，已跳过`));
        return;
      }
      data = layerJson.value;
    }
    if (!isObject(data)) {
      problems.push(problem('error', 'project-layer', { file, featureId: id, field: 'layers' }, `layer ${JSON.stringify(id)} has no data; skipped`, `图层 ${JSON.stringify(id)} 没有数据，已跳过`));
      return;
    }
    let uniqueId = id;
    for (let n = 2; seen.has(uniqueId); n++) uniqueId = `${id}-${n}`;
    if (uniqueId !== id) problems.push(problem('warning', 'project-layer', { file, featureId: id, field: 'layers' }, `layer id ${JSON.stringify(id)} appears twice; the second is now ${JSON.stringify(uniqueId)}`, `图层 id ${JSON.stringify(id)} 重复，第二个改为 ${JSON.stringify(uniqueId)}`));
    seen.add(uniqueId);
    const opacity = typeof raw.opacity === 'number' && Number.isFinite(raw.opacity) ? Math.min(1, Math.max(0, raw.opacity)) : 1;
    const thematic = isObject(raw.thematic) && typeof raw.thematic.metric === 'string' && typeof raw.thematic.method === 'string' ? { metric: raw.thematic.metric, method: raw.thematic.method } : null;
    layers.push({
      id: uniqueId,
      kind: text(raw.kind) ?? 'generic',
      title: bilingual(raw.title) ?? { zh: uniqueId, en: uniqueId },
      source: text(raw.source) ?? '',
      visible: raw.visible !== false,
      opacity,
      thematic,
      data,
    });
  });
  const view = isObject(doc.view) && Array.isArray(doc.view.center) && doc.view.center.length === 2 && doc.view.center.every((v) => typeof v === 'number' && Number.isFinite(v)) && typeof doc.view.zoom === 'number'
    ? { center: doc.view.center as [number, number], zoom: doc.view.zoom, bearing: typeof doc.view.bearing === 'number' ? doc.view.bearing : 0, pitch: typeof doc.view.pitch === 'number' ? doc.view.pitch : 0 }
    : null;
  const reviewDate = text(doc.reviewDate);
  const project: ProjectDocument = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: text(doc.savedAt) ?? '',
    writer: text(doc.writer) ?? '',
    name: bilingual(doc.name),
    reviewDate: reviewDate && /^\d{4}-\d{2}-\d{2}$/.test(reviewDate) ? reviewDate : null,
    approachingDays: typeof doc.approachingDays === 'number' && Number.isInteger(doc.approachingDays) && doc.approachingDays >= 0 ? doc.approachingDays : 90,
    rules,
    view,
    layers,
    decisions: doc.decisions ?? null,
    deck: doc.deck ?? null,
  };
  return { ok: true, project, problems };
}
