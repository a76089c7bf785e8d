// Reading typed values out of feature properties (DESIGN §3). The feature's own properties stay untouched;
// these readers produce the typed records that metrics use, with a warning for every value they cannot use.
import { readDate, type IsoDate } from '../dates';
import {
  LAND_USES, PLAN_TYPES, RELOCATION_STATUSES,
  type LandUse, type LayerKind, type ParkClass, type PlanType, type RelocationStatus, type ZoneType,
} from './types';
import { problem, type Problem } from './problems';

type FieldType = 'string' | 'number' | 'count' | 'date' | 'boolean' | 'industryCode' | 'stringArray' | 'year' | readonly string[];

export interface Where {
  file: string;
  featureId: string;
  featureIndex: number;
}

const PARK_CLASSES = ['central', 'county'] as const;
const ZONE_TYPES = ['built', 'development', 'control'] as const;

export const FIELD_TYPES: Record<LayerKind, Record<string, FieldType>> = {
  park: { name: 'string', parkClass: PARK_CLASSES, leadingIndustries: 'stringArray', stars: 'count' },
  zone: { zoneType: ZONE_TYPES, park: 'string', name: 'string' },
  parcel: {
    name: 'string', enterprise: 'string', landUse: LAND_USES, industry: 'string', industryCode: 'industryCode',
    isLeadingIndustry: 'boolean', investmentWan: 'number', floorAreaM2: 'number', footprintAreaM2: 'number',
    greenAreaM2: 'number', supportLandM2: 'number', supportFloorAreaM2: 'number', revenueWan: 'number',
    taxWan: 'number', landPriceWan: 'number', agreedStartDate: 'date', actualStartDate: 'date', haltedSince: 'date',
    developedAreaM2: 'number', plannedInvestmentWan: 'number', investedWan: 'number', governmentCaused: 'boolean',
    park: 'string',
  },
  relocation: {
    village: 'string', households: 'count', population: 'count', status: RELOCATION_STATUSES, targetYear: 'year',
    resettlementUnits: 'count', park: 'string',
  },
  plan: { planType: PLAN_TYPES, planClass: 'string', name: 'string' },
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '是', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '否', '0']);

function describe(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Reads one value; returns null (and reports why) when it cannot be used. Missing is null without a warning. */
function readValue(type: FieldType, raw: unknown, field: string, where: Where, problems: Problem[]): unknown {
  if (raw === null || raw === undefined) return null;
  // Fast paths for the values almost every file has.
  if (typeof raw === 'number' && (type === 'number' || type === 'count' || type === 'year')) {
    if (Number.isFinite(raw) && raw >= 0 && (type === 'number' || Number.isInteger(raw)) && (type !== 'year' || (raw >= 1900 && raw <= 2200))) return raw;
  } else if (typeof raw === 'string') {
    if (type === 'string') return raw;
    if (raw.trim() === '') return null;
  } else if (typeof raw === 'boolean' && type === 'boolean') {
    return raw;
  }
  const r = readSlow(type, raw);
  if (r.ok) return r.value;
  problems.push(problem('warning', 'field-value', { ...where, field }, r.en, r.zh));
  return null;
}

type Read = { ok: true; value: unknown } | { ok: false; en: string; zh: string };
const ok = (value: unknown): Read => ({ ok: true, value });
const bad = (en: string, zh: string): Read => ({ ok: false, en, zh });

function readSlow(type: FieldType, raw: unknown): Read {
  if (Array.isArray(type)) {
    return type.includes(raw as string)
      ? ok(raw)
      : bad(`${describe(raw)} is not one of ${type.join(', ')}; treated as missing`, `${describe(raw)} 不是 ${type.join('、')} 之一，按缺失处理`);
  }
  switch (type) {
    case 'string':
      return typeof raw === 'number' ? ok(String(raw)) : bad(`expected text, found ${describe(raw)}`, `应为文本，实为 ${describe(raw)}`);
    case 'stringArray':
      if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return ok(raw);
      if (typeof raw === 'string') return ok(raw.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean));
      return bad(`expected a list of names, found ${describe(raw)}`, `应为名称列表，实为 ${describe(raw)}`);
    case 'number':
    case 'count':
    case 'year': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'string' && /^\s*[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?\s*$/.test(raw)) v = Number(raw.replace(/,/g, ''));
      else return bad(`expected a number, found ${describe(raw)}; treated as missing`, `应为数字，实为 ${describe(raw)}，按缺失处理`);
      if (!Number.isFinite(v)) return bad(`${describe(raw)} is not a finite number; treated as missing`, `${describe(raw)} 不是有限数值，按缺失处理`);
      if (v < 0) return bad(`negative value ${v} is not possible here; treated as missing`, `不应为负数 (${v})，按缺失处理`);
      if (type === 'year' && (!Number.isInteger(v) || v < 1900 || v > 2200)) return bad(`${v} is not a year`, `${v} 不是有效年份`);
      if (type === 'count' && !Number.isInteger(v)) return bad(`${v} is not a whole number`, `${v} 不是整数`);
      return ok(v);
    }
    case 'date': {
      const r = readDate(raw);
      if (r.status === 'ok') return ok(r.date);
      if (r.status === 'missing') return ok(null);
      return bad(`unreadable or impossible date ${describe(raw)}; treated as missing`, `无法识别或不存在的日期 ${describe(raw)}，按缺失处理`);
    }
    case 'boolean':
      if (typeof raw === 'string' || typeof raw === 'number') {
        const w = String(raw).trim().toLowerCase();
        if (TRUE_WORDS.has(w)) return ok(true);
        if (FALSE_WORDS.has(w)) return ok(false);
      }
      return bad(`expected yes/no, found ${describe(raw)}; treated as missing`, `应为是/否，实为 ${describe(raw)}，按缺失处理`);
    case 'industryCode': {
      const m = /^\s*[A-Za-z]?(\d{2})\d*\s*$/.exec(String(raw));
      return m ? ok(m[1]) : bad(`${describe(raw)} is not a GB/T 4754 industry code`, `${describe(raw)} 不是 GB/T 4754 行业代码`);
    }
  }
  return bad(`cannot read ${describe(raw)}`, `无法读取 ${describe(raw)}`);
}

/** Reads every known field of a kind into a plain record; unknown properties are left out of the record (and kept on the feature). */
export function readFields<K extends LayerKind>(kind: K, properties: Record<string, unknown> | null, where: Where, problems: Problem[]): Record<string, unknown> {
  const types = FIELD_TYPES[kind];
  const props = properties ?? {};
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(types)) out[field] = readValue(types[field], props[field], field, where, problems);
  return out;
}

export interface ParkRecord {
  id: string;
  name: string | null;
  parkClass: ParkClass | null;
  leadingIndustries: string[] | null;
  stars: number | null;
}
export interface ZoneRecord {
  id: string;
  name: string | null;
  zoneType: ZoneType | null;
  park: string | null;
}
export interface ParcelRecord {
  id: string;
  name: string | null;
  enterprise: string | null;
  landUse: LandUse | null;
  industry: string | null;
  industryCode: string | null;
  isLeadingIndustry: boolean | null;
  investmentWan: number | null;
  floorAreaM2: number | null;
  footprintAreaM2: number | null;
  greenAreaM2: number | null;
  supportLandM2: number | null;
  supportFloorAreaM2: number | null;
  revenueWan: number | null;
  taxWan: number | null;
  landPriceWan: number | null;
  agreedStartDate: IsoDate | null;
  actualStartDate: IsoDate | null;
  haltedSince: IsoDate | null;
  developedAreaM2: number | null;
  plannedInvestmentWan: number | null;
  investedWan: number | null;
  /** True only for `true` (DESIGN §5.2); missing = false. */
  governmentCaused: boolean;
  park: string | null;
}
export interface RelocationRecord {
  id: string;
  village: string | null;
  households: number | null;
  population: number | null;
  status: RelocationStatus | null;
  targetYear: number | null;
  resettlementUnits: number | null;
  park: string | null;
}
export interface PlanRecord {
  id: string;
  name: string | null;
  planType: PlanType | null;
  planClass: string | null;
}

export interface KindRecords {
  park: ParkRecord;
  zone: ZoneRecord;
  parcel: ParcelRecord;
  relocation: RelocationRecord;
  plan: PlanRecord;
}

export function readRecord<K extends LayerKind>(kind: K, properties: Record<string, unknown> | null, where: Where, problems: Problem[]): KindRecords[K] {
  const rec = readFields(kind, properties, where, problems);
  rec.id = where.featureId;
  if (kind === 'parcel') rec.governmentCaused = rec.governmentCaused === true;
  return rec as unknown as KindRecords[K];
}
