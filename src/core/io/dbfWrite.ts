// Writing dBase III (.dbf) attribute tables for Shapefile export: field names of at most 10 bytes through one
// stable table, numbers as N, text as C (≤ 254 bytes), dates as D, yes/no as L, missing values blank.
import { problem, type Problem } from '../schema/problems';
import { encodeText } from './encoding';

/**
 * Stable short names for schema properties (DBF names hold at most 10 bytes). The reader and the alias table
 * map them back, so a layer written here and read again gets its schema names without a sidecar file.
 */
export const SHAPEFILE_FIELD_NAMES: Readonly<Record<string, string>> = {
  id: 'ID',
  name: 'NAME',
  park: 'PARK',
  // park
  parkClass: 'PARK_CLASS',
  leadingIndustries: 'LEAD_INDS',
  stars: 'STARS',
  // zone
  zoneType: 'ZONE_TYPE',
  // parcel
  enterprise: 'ENTERPRISE',
  landUse: 'LAND_USE',
  industry: 'INDUSTRY',
  industryCode: 'IND_CODE',
  isLeadingIndustry: 'LEADING',
  investmentWan: 'INVEST_WAN',
  floorAreaM2: 'FLOOR_M2',
  footprintAreaM2: 'FOOTPR_M2',
  greenAreaM2: 'GREEN_M2',
  supportLandM2: 'SUPLAND_M2',
  supportFloorAreaM2: 'SUPFLR_M2',
  revenueWan: 'REVENU_WAN',
  taxWan: 'TAX_WAN',
  landPriceWan: 'LANDPR_WAN',
  agreedStartDate: 'AGREED_STA',
  actualStartDate: 'ACTUAL_STA',
  haltedSince: 'HALTED_SIN',
  developedAreaM2: 'DEVELOP_M2',
  plannedInvestmentWan: 'PLANINV_WA',
  investedWan: 'INVESTED_W',
  governmentCaused: 'GOV_CAUSED',
  // relocation
  village: 'VILLAGE',
  households: 'HOUSEHOLDS',
  population: 'POPULATION',
  status: 'STATUS',
  targetYear: 'TARGET_YR',
  resettlementUnits: 'RESET_UNIT',
  // plan
  planType: 'PLAN_TYPE',
  planClass: 'PLAN_CLASS',
  // informative (from the alias table)
  declaredAreaM2: 'DECL_AREA',
};

export const MAX_DBF_NAME_BYTES = 10;
export const MAX_DBF_TEXT_BYTES = 254;
export const MAX_DBF_FIELDS = 255;

export type DbfValueKind = 'string' | 'number' | 'boolean' | 'date' | 'json';

export interface DbfWriteField {
  /** Name in the .dbf (≤ 10 bytes in the file's encoding). */
  name: string;
  /** Property name in the layer. */
  property: string;
  type: 'C' | 'N' | 'L' | 'D';
  length: number;
  decimals: number;
  /** What the values were, so a reader with the sidecar can restore them exactly. */
  kind: DbfValueKind;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const byteLength = (s: string, encoding: 'utf-8' | 'gbk') => encodeText(s, encoding).bytes.length;

/** Cuts text to at most `max` bytes without splitting a character. */
function cutToBytes(s: string, max: number, encoding: 'utf-8' | 'gbk'): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = byteLength(ch, encoding);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out;
}

/** Short, unique DBF names for property names: the stable table first, else the name cut to 10 bytes + suffix. */
export function shortFieldNames(properties: readonly string[], encoding: 'utf-8' | 'gbk' = 'utf-8'): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const key = (s: string) => s.toUpperCase();
  // Names from the table and names that already fit are claimed first, so they never get a suffix.
  const wanted = properties.map((p) => {
    const cleaned = p.replace(/\0/g, '').trim();
    if (SHAPEFILE_FIELD_NAMES[p]) return { p, name: SHAPEFILE_FIELD_NAMES[p], fits: true };
    const fits = cleaned !== '' && byteLength(cleaned, encoding) <= MAX_DBF_NAME_BYTES;
    return { p, name: cleaned, fits };
  });
  for (const w of wanted) {
    if (w.fits && !taken.has(key(w.name))) {
      out.set(w.p, w.name);
      taken.add(key(w.name));
    }
  }
  for (const w of wanted) {
    if (out.has(w.p)) continue;
    const stem = w.name === '' ? 'FIELD' : w.name;
    for (let k = 0; ; k++) {
      const suffix = k === 0 ? '' : `_${k}`;
      const candidate = cutToBytes(stem, MAX_DBF_NAME_BYTES - suffix.length, encoding) + suffix;
      if (candidate !== '' && !taken.has(key(candidate))) {
        out.set(w.p, candidate);
        taken.add(key(candidate));
        break;
      }
    }
  }
  // In the order of the properties, whatever order the names were settled in.
  return new Map(properties.map((p) => [p, out.get(p)!]));
}

/** Digits after the point needed to write `v` exactly (in its shortest form). */
function fractionDigits(v: number): number {
  const s = String(Math.abs(v));
  const e = s.indexOf('e');
  if (e < 0) return (s.split('.')[1] ?? '').length;
  const mantissa = s.slice(0, e);
  const exponent = Number(s.slice(e + 1));
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - exponent);
}

const MAX_DECIMALS = 15;

function formatNumber(v: number, decimals: number): string {
  if (Object.is(v, -0)) v = 0;
  return v.toFixed(decimals);
}

/** Chooses each field's type and width from the values. */
export function planDbfFields(
  records: ReadonlyArray<Record<string, unknown> | null | undefined>,
  names: Map<string, string>,
  encoding: 'utf-8' | 'gbk',
): DbfWriteField[] {
  const fields: DbfWriteField[] = [];
  for (const [property, name] of names) {
    let numbers = 0, booleans = 0, dates = 0, structured = 0, others = 0;
    let decimals = 0;
    for (const r of records) {
      const v = r?.[property];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue; // written blank, reported by writeDbf
        numbers++;
        decimals = Math.max(decimals, Math.min(MAX_DECIMALS, fractionDigits(v)));
      } else if (typeof v === 'boolean') booleans++;
      else if (typeof v === 'string' && ISO_DATE.test(v)) dates++;
      else if (typeof v === 'object') structured++;
      else others++;
    }
    const total = numbers + booleans + dates + structured + others;
    let field: DbfWriteField;
    if (total > 0 && numbers === total) {
      let width = 1;
      for (const r of records) {
        const v = r?.[property];
        if (typeof v === 'number' && Number.isFinite(v)) width = Math.max(width, formatNumber(v, decimals).length);
      }
      field = { name, property, type: 'N', length: Math.min(width, MAX_DBF_TEXT_BYTES), decimals, kind: 'number' };
    } else if (total > 0 && booleans === total) {
      field = { name, property, type: 'L', length: 1, decimals: 0, kind: 'boolean' };
    } else if (total > 0 && dates === total) {
      field = { name, property, type: 'D', length: 8, decimals: 0, kind: 'date' };
    } else {
      let width = 1;
      for (const r of records) {
        const text = textOf(r?.[property]);
        if (text !== null) width = Math.max(width, byteLength(text, encoding));
      }
      field = { name, property, type: 'C', length: Math.min(width, MAX_DBF_TEXT_BYTES), decimals: 0, kind: total > 0 && structured === total ? 'json' : 'string' };
    }
    fields.push(field);
  }
  return fields;
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

export interface DbfWriteOptions {
  encoding: 'utf-8' | 'gbk';
  /** Date written in the header (dBase "last update"). */
  date: Date;
  /** File name used in messages. */
  file: string;
  /** Feature ids for messages, by record index. */
  ids?: readonly string[];
}

/** Writes the table; values that do not fit are cut and reported, never dropped silently. */
export function writeDbf(
  records: ReadonlyArray<Record<string, unknown> | null | undefined>,
  fields: readonly DbfWriteField[],
  options: DbfWriteOptions,
): { bytes: Uint8Array; problems: Problem[] } {
  const { encoding, file } = options;
  const problems: Problem[] = [];
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const bytes = new Uint8Array(headerLength + records.length * recordLength + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  bytes[1] = options.date.getUTCFullYear() - 1900;
  bytes[2] = options.date.getUTCMonth() + 1;
  bytes[3] = options.date.getUTCDate();
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  bytes[29] = encoding === 'gbk' ? 0x4d : 0x00; // 0x4D: code page 936; UTF-8 has no id and is named by the .cpg
  fields.forEach((f, i) => {
    const p = 32 + 32 * i;
    const nameBytes = encodeText(f.name, encoding).bytes.subarray(0, MAX_DBF_NAME_BYTES);
    bytes.set(nameBytes, p);
    bytes[p + 11] = f.type.charCodeAt(0);
    bytes[p + 16] = f.length;
    bytes[p + 17] = f.decimals;
  });
  bytes[headerLength - 1] = 0x0d;
  bytes.fill(0x20, headerLength, bytes.length - 1);
  bytes[bytes.length - 1] = 0x1a;

  const truncated = new Map<string, { count: number; first: number }>();
  const rounded = new Map<string, { count: number; first: number }>();
  const unencodable = new Map<string, Set<string>>();
  const note = (map: Map<string, { count: number; first: number }>, field: string, index: number) => {
    const n = map.get(field);
    if (n) n.count++;
    else map.set(field, { count: 1, first: index });
  };
  for (let r = 0; r < records.length; r++) {
    const rec = records[r];
    let p = headerLength + r * recordLength + 1;
    for (const f of fields) {
      const v = rec?.[f.property];
      let text: string | null = null;
      if (v !== null && v !== undefined) {
        if (f.type === 'N') {
          if (typeof v === 'number' && Number.isFinite(v)) {
            text = formatNumber(v, f.decimals);
            if (Number(text) !== v) note(rounded, f.property, r);
            text = text.padStart(f.length, ' ');
          } else if (typeof v === 'number') note(rounded, f.property, r);
        } else if (f.type === 'L') text = v ? 'T' : 'F';
        else if (f.type === 'D') text = String(v).replace(/-/g, '');
        else text = textOf(v);
      }
      if (text !== null) {
        const encoded = encodeText(text, encoding);
        if (encoded.unencodable.length > 0) {
          const set = unencodable.get(f.property) ?? new Set<string>();
          for (const c of encoded.unencodable) set.add(c);
          unencodable.set(f.property, set);
        }
        let out = encoded.bytes;
        if (out.length > f.length) {
          out = encodeText(cutToBytes(text, f.length, encoding), encoding).bytes;
          note(truncated, f.property, r);
        }
        bytes.set(out, p);
      }
      p += f.length;
    }
  }
  const where = (field: string, first: number) => ({ file, field, featureIndex: first, ...(options.ids?.[first] !== undefined ? { featureId: options.ids[first] } : {}) });
  for (const [field, t] of truncated) {
    const f = fields.find((x) => x.property === field)!;
    problems.push(problem('warning', 'dbf-text-truncated', where(field, t.first), `${t.count} value(s) of ${field} are longer than ${MAX_DBF_TEXT_BYTES} bytes and were cut to fit the .dbf field ${f.name}`, `字段 ${field} 有 ${t.count} 个值超过 ${MAX_DBF_TEXT_BYTES} 字节，已截断写入 .dbf 字段 ${f.name}`));
  }
  for (const [field, t] of rounded) {
    problems.push(problem('warning', 'dbf-number-rounded', where(field, t.first), `${t.count} value(s) of ${field} cannot be written exactly in a dBase number (at most ${MAX_DECIMALS} decimals, no infinities); written rounded or blank`, `字段 ${field} 有 ${t.count} 个数值无法在 dBase 数值字段中精确表示（最多 ${MAX_DECIMALS} 位小数，不支持无穷），已四舍五入或留空`));
  }
  for (const [field, chars] of unencodable) {
    problems.push(problem('warning', 'dbf-unencodable', { file, field }, `characters ${[...chars].join(' ')} in ${field} have no GBK code and were written as "?"; export as UTF-8 to keep them`, `字段 ${field} 中的字符 ${[...chars].join(' ')} 无法用 GBK 表示，已写为“?”；请导出为 UTF-8 以保留`));
  }
  return { bytes, problems };
}
