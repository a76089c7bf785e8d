// Village relocation (村庄迁并) over time and against targets. The targets are data (a preset citing seed 000,
// overridable per park); a village's state in a given year follows from its status and target year.
import type { VillageResult } from '../evaluate';
import { problem, type Problem } from '../schema/problems';
import type { RelocationStatus } from '../schema/types';
import presetJson from '../presets/relocation-targets.json';
import type { Bilingual } from './labels';

export type TargetKey = 'landFreedMu' | 'resettlementUnits' | 'peopleMoved';
export const TARGET_KEYS: readonly TargetKey[] = ['landFreedMu', 'resettlementUnits', 'peopleMoved'];

export interface Target {
  value: number;
  /** The source gives it as "nearly" (近5000亩). */
  approximate: boolean;
}

export interface RelocationTargets {
  id: string;
  version: number;
  name: Bilingual;
  /** What the targets cover: a whole city's parks, or one park. */
  scope: 'city' | 'park';
  /** The year the targets are for, or null for the whole programme. */
  year: number | null;
  targets: Record<TargetKey, Target>;
  source: string;
  /** Per-park targets replacing the defaults (any subset of the keys, with their own source). */
  parks: Record<string, { targets?: Partial<Record<TargetKey, Target>>; source?: string; name?: Bilingual; year?: number | null }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBilingual = (v: unknown): v is Bilingual => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';

function readTarget(v: unknown, where: string, file: string, problems: Problem[]): Target | null {
  if (!isObject(v) || typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value <= 0) {
    problems.push(problem('error', 'target-invalid', { file, field: where }, `${where}: needs { "value": a positive number }`, `${where}：需要 { "value": 正数 }`));
    return null;
  }
  return { value: v.value, approximate: v.approximate === true };
}

/** Checks a relocation-targets file; every problem names the file and the field. */
export function readRelocationTargets(json: unknown, file: string): { ok: true; value: RelocationTargets } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (field: string, en: string, zh: string) => problems.push(problem('error', 'targets-invalid', { file, field }, en, zh));
  if (!isObject(json)) return { ok: false, problems: [problem('error', 'targets-invalid', { file }, 'not a JSON object', '不是 JSON 对象')] };
  if (typeof json.id !== 'string' || json.id === '') bad('id', 'id: needs a non-empty string', 'id：需要非空字符串');
  if (typeof json.version !== 'number') bad('version', 'version: needs a number', 'version：需要数字');
  if (!isBilingual(json.name)) bad('name', 'name: needs { "zh", "en" }', 'name：需要 { "zh", "en" }');
  if (json.scope !== 'city' && json.scope !== 'park') bad('scope', 'scope: "city" or "park"', 'scope：应为 "city" 或 "park"');
  if (json.year !== null && json.year !== undefined && !Number.isInteger(json.year)) bad('year', 'year: a whole year or null', 'year：应为年份或 null');
  if (typeof json.source !== 'string' || json.source === '') bad('source', 'source: cite where the targets come from', 'source：需注明目标出处');
  const targets = {} as Record<TargetKey, Target>;
  if (!isObject(json.targets)) bad('targets', 'targets: needs an object', 'targets：需要对象');
  else {
    for (const k of TARGET_KEYS) {
      const t = readTarget(json.targets[k], `targets.${k}`, file, problems);
      if (t) targets[k] = t;
    }
  }
  const parks: RelocationTargets['parks'] = {};
  if (json.parks !== undefined && !isObject(json.parks)) bad('parks', 'parks: needs an object keyed by park id', 'parks：需要以园区编号为键的对象');
  else if (isObject(json.parks)) {
    for (const [id, p] of Object.entries(json.parks)) {
      if (!isObject(p)) {
        bad(`parks.${id}`, `parks.${id}: needs an object`, `parks.${id}：需要对象`);
        continue;
      }
      const own: Partial<Record<TargetKey, Target>> = {};
      if (p.targets !== undefined) {
        if (!isObject(p.targets)) bad(`parks.${id}.targets`, 'needs an object', '需要对象');
        else for (const k of TARGET_KEYS) if (p.targets[k] !== undefined) {
          const t = readTarget(p.targets[k], `parks.${id}.targets.${k}`, file, problems);
          if (t) own[k] = t;
        }
      }
      if (Object.keys(own).length > 0 && typeof p.source !== 'string') bad(`parks.${id}.source`, 'per-park targets need their own source', '园区目标需注明出处');
      parks[id] = {
        targets: own,
        ...(typeof p.source === 'string' ? { source: p.source } : {}),
        ...(isBilingual(p.name) ? { name: p.name } : {}),
        ...(p.year === null || Number.isInteger(p.year) ? { year: p.year as number | null } : {}),
      };
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      id: json.id as string, version: json.version as number, name: json.name as Bilingual, scope: json.scope as 'city' | 'park',
      year: (json.year as number | null | undefined) ?? null, targets, source: json.source as string, parks,
    },
  };
}

function loadPreset(): RelocationTargets {
  const r = readRelocationTargets(presetJson, 'relocation-targets.json');
  if (!r.ok) throw new Error(`relocation-targets.json is invalid: ${r.problems.map((p) => p.message.en).join('; ')}`);
  return r.value;
}

/** The preset: seed 000's 2014 task for Zhumadian's parks (5000 亩 freed, 9000 resettlement units, 26,000 people). */
export const DEFAULT_RELOCATION_TARGETS: RelocationTargets = loadPreset();

export interface TargetsInForce {
  targets: Record<TargetKey, Target>;
  scope: 'city' | 'park';
  year: number | null;
  name: Bilingual;
  /** Source per target (a park's own target cites its own source). */
  sources: Record<TargetKey, string>;
}

/** The targets for one park: the park's own where given, else the file's defaults. */
export function targetsForPark(set: RelocationTargets, parkId: string | null): TargetsInForce {
  const own = parkId ? set.parks[parkId] : undefined;
  const targets = { ...set.targets };
  const sources = Object.fromEntries(TARGET_KEYS.map((k) => [k, set.source])) as Record<TargetKey, string>;
  let scope = set.scope;
  for (const k of TARGET_KEYS) {
    const t = own?.targets?.[k];
    if (t) {
      targets[k] = t;
      sources[k] = own?.source ?? set.source;
      scope = 'park';
    }
  }
  return { targets, scope, year: own?.year !== undefined ? own.year : set.year, name: own?.name ?? set.name, sources };
}

// ---------------------------------------------------------------- over time

/**
 * A village's state in a year: `done` (completed), `overdue` (its target year has passed, not completed),
 * `due` (its target year is this year, not completed), else its current status (`in_progress`, `planned`), or
 * `unknown` when the status or target year is missing.
 */
export type VillageState = 'done' | 'overdue' | 'due' | 'in_progress' | 'planned' | 'unknown';
export const VILLAGE_STATES: readonly VillageState[] = ['done', 'overdue', 'due', 'in_progress', 'planned', 'unknown'];

/**
 * The record holds only the current status (at the review date, year R) and the target year. So: a village done
 * now counts as done from its target year (or from R, if that comes first) and in progress before; one not done
 * now is not done in any year: a past year shows it overdue once its target year is behind, a later year what is
 * still owed.
 */
export function villageStateAt(v: Pick<VillageResult, 'status' | 'targetYear'>, year: number, reviewYear: number): VillageState {
  const status: RelocationStatus | null = v.status;
  if (status === null || v.targetYear === null) return status === 'done' && year >= reviewYear ? 'done' : 'unknown';
  if (status === 'done') {
    if (year >= Math.min(v.targetYear, reviewYear)) return 'done';
    return 'in_progress';
  }
  if (v.targetYear < year) return 'overdue';
  if (v.targetYear === year) return 'due';
  return status;
}

export interface VillageSums {
  villages: number;
  households: number;
  population: number;
  resettlementUnits: number;
  landFreedMu: number;
  /** Villages with a figure missing (left out of that sum). */
  incomplete: number;
}

function sums(vs: readonly VillageResult[]): VillageSums {
  const s: VillageSums = { villages: 0, households: 0, population: 0, resettlementUnits: 0, landFreedMu: 0, incomplete: 0 };
  for (const v of vs) {
    s.villages++;
    s.households += v.households ?? 0;
    s.population += v.population ?? 0;
    s.resettlementUnits += v.resettlementUnits ?? 0;
    s.landFreedMu += v.areaMu ?? 0;
    if (v.households === null || v.population === null || v.resettlementUnits === null || v.areaMu === null) s.incomplete++;
  }
  return s;
}

export interface RelocationYear {
  year: number;
  /** Each village's state that year, in the order given. */
  villages: { id: string; state: VillageState }[];
  byState: Record<VillageState, VillageSums>;
  /** Villages whose target year is this year or earlier (what the schedule asks for by then). */
  scheduled: VillageSums;
}

/** The relocation picture of one year. */
export function relocationAt(villages: readonly VillageResult[], year: number, reviewYear: number): RelocationYear {
  const states = villages.map((v) => ({ id: v.id, state: villageStateAt(v, year, reviewYear) }));
  const byState = Object.fromEntries(
    VILLAGE_STATES.map((s) => [s, sums(villages.filter((_, i) => states[i].state === s))]),
  ) as Record<VillageState, VillageSums>;
  return { year, villages: states, byState, scheduled: sums(villages.filter((v) => v.targetYear !== null && v.targetYear <= year)) };
}

/** Years the slider covers: from the earliest target year to the latest (always including the review year). */
export function relocationYears(villages: readonly VillageResult[], reviewYear: number): { first: number; last: number } {
  const years = villages.map((v) => v.targetYear).filter((y): y is number => y !== null);
  return { first: Math.min(reviewYear, ...years), last: Math.max(reviewYear, ...years) };
}

export const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));
