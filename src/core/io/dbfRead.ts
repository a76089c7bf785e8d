// dBase (.dbf) attribute tables of Shapefiles, read with control over the text encoding (DESIGN §7):
// a .cpg file, the header's language driver byte (29), or the bytes themselves decide between GBK and UTF-8.
import { isoFromParts } from '../dates';
import { problem, type Problem } from '../schema/problems';
import { encodingFromLabel, type TextEncodingName } from './encoding';

export interface DbfField {
  name: string;
  /** dBase type letter: C, N, F, D, L, I, O, B, Y, M … */
  type: string;
  length: number;
  decimals: number;
}

export type DbfEncodingReason =
  | 'user' // chosen by the user in the import dialog
  | 'cpg' // the .cpg file named it
  | 'language-driver' // header byte 29: 0x4D or 0x7A (code page 936)
  | 'valid-utf8' // no declaration; the text is valid UTF-8
  | 'not-utf8' // no declaration; the text is not UTF-8, so GBK (the Chinese Windows code page)
  | 'ascii'; // every byte is ASCII: both readings agree

export interface DbfEncoding {
  encoding: 'utf-8' | 'gbk';
  reason: DbfEncodingReason;
  /** The .cpg text as found (trimmed), or null. */
  cpg: string | null;
  /** Header byte 29 (language driver id). */
  languageDriver: number;
  /** A declaration the bytes contradicted and that was therefore not followed. */
  overruled: 'cpg' | 'language-driver' | null;
  /** Values that did not decode cleanly (U+FFFD) with the chosen encoding. */
  replacements: number;
}

export interface DbfTable {
  fields: DbfField[];
  /** One record per row in file order; deleted rows are null. */
  records: Array<Record<string, unknown> | null>;
  deletedCount: number;
  encoding: DbfEncoding;
  version: number;
}

export type DbfResult = { ok: true; table: DbfTable; problems: Problem[] } | { ok: false; problems: Problem[] };

export interface DbfReadOptions {
  /** Contents of the .cpg file, if any. */
  cpg?: string | null;
  /** Forces the encoding (the user's choice in the import dialog). */
  encoding?: 'utf-8' | 'gbk' | null;
}

// Language driver ids meaning code page 936 (GBK): 0x4D "Chinese GBK (PRC)" and 0x7A "936 Chinese (PRC, Singapore)".
// Source: shapelib codepage table (shapelib.maptools.org/codepage.html), Visual FoxPro code page list.
export const GBK_LANGUAGE_DRIVERS = new Set([0x4d, 0x7a]);

// UTF-8 validity of one value; an incomplete sequence at the very end is tolerated because writers that cut
// text to the field width (and field names to 10 bytes) often split the last character.
function utf8Check(b: Uint8Array, start: number, end: number): 'ascii' | 'valid' | 'invalid' {
  let ascii = true;
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    ascii = false;
    let need: number;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return 'invalid';
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return 'valid'; // cut at the end
      if ((b[i + k] & 0xc0) !== 0x80) return 'invalid';
    }
    i += need + 1;
  }
  return ascii ? 'ascii' : 'valid';
}

/** Decides the encoding from the declarations and the bytes of every text field and field name. */
function decideEncoding(
  bytes: Uint8Array,
  textRanges: Array<[number, number]>,
  languageDriver: number,
  options: DbfReadOptions,
): Omit<DbfEncoding, 'replacements'> {
  const cpgText = options.cpg == null ? null : options.cpg.replace(/^\uFEFF/, '').trim();
  const base = { cpg: cpgText, languageDriver, overruled: null } as const;
  if (options.encoding) return { ...base, encoding: options.encoding, reason: 'user' };
  let sawNonAscii = false;
  let invalid = false;
  for (const [s, e] of textRanges) {
    const r = utf8Check(bytes, s, e);
    if (r === 'invalid') { invalid = true; break; }
    if (r === 'valid') sawNonAscii = true;
  }
  const evidence: TextEncodingName | null = invalid ? 'gbk' : sawNonAscii ? 'utf-8' : null;
  const declared = encodingFromLabel(cpgText);
  if (declared === 'utf-8' || declared === 'gbk') {
    if (evidence && evidence !== declared) return { ...base, encoding: evidence, reason: evidence === 'gbk' ? 'not-utf8' : 'valid-utf8', overruled: 'cpg' };
    return { ...base, encoding: declared, reason: 'cpg' };
  }
  if (GBK_LANGUAGE_DRIVERS.has(languageDriver)) {
    // GBK text is practically never valid UTF-8, so valid UTF-8 with Chinese characters means the byte is stale.
    if (evidence === 'utf-8') return { ...base, encoding: 'utf-8', reason: 'valid-utf8', overruled: 'language-driver' };
    return { ...base, encoding: 'gbk', reason: 'language-driver' };
  }
  if (evidence === 'gbk') return { ...base, encoding: 'gbk', reason: 'not-utf8' };
  if (evidence === 'utf-8') return { ...base, encoding: 'utf-8', reason: 'valid-utf8' };
  return { ...base, encoding: 'utf-8', reason: 'ascii' };
}

function makeDecoder(encoding: 'utf-8' | 'gbk') {
  const decoder = new TextDecoder(encoding);
  return (b: Uint8Array, start: number, end: number): string => {
    let ascii = true;
    for (let i = start; i < end; i++) if (b[i] > 0x7f) { ascii = false; break; }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
      return s;
    }
    return decoder.decode(b.subarray(start, end));
  };
}

// Trailing spaces are padding; NUL bytes are padding some writers use instead.
const trimPadding = (s: string) => s.replace(/[\s\0]+$/, '');
// A field name or value cut inside a multi-byte character decodes to a trailing U+FFFD: drop it.
const dropCutChar = (s: string) => s.replace(/\uFFFD+$/, '');

/** Reads a .dbf; never throws. Rows that cannot be read are reported by record number. */
export function readDbf(bytes: Uint8Array, file: string, options: DbfReadOptions = {}): DbfResult {
  const problems: Problem[] = [];
  const fail = (code: string, en: string, zh: string): DbfResult => ({ ok: false, problems: [problem('error', code, { file }, en, zh)] });
  if (bytes.length < 33) return fail('dbf-truncated', `is too short to be a dBase table (${bytes.length} bytes)`, `太短，不是有效的 dBase 表（${bytes.length} 字节）`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[0];
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const languageDriver = bytes[29];
  if (headerLength < 33 || headerLength > bytes.length || recordLength < 2) {
    return fail('dbf-corrupt', `has a damaged header (header length ${headerLength}, file ${bytes.length} bytes)`, `表头已损坏（表头长度 ${headerLength}，文件 ${bytes.length} 字节）`);
  }

  // Field descriptors: 32 bytes each from offset 32 until the 0x0D terminator.
  const raw: Array<{ nameStart: number; nameEnd: number; type: string; length: number; decimals: number }> = [];
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
    let nameEnd = p;
    while (nameEnd < p + 11 && bytes[nameEnd] !== 0) nameEnd++;
    const type = String.fromCharCode(bytes[p + 11]).toUpperCase();
    if (!/^[A-Z0-9+@]$/.test(type)) {
      return fail('dbf-corrupt', `has a damaged header: field ${raw.length + 1} has type byte 0x${bytes[p + 11].toString(16)}`, `表头已损坏：第 ${raw.length + 1} 个字段的类型字节为 0x${bytes[p + 11].toString(16)}`);
    }
    let length = bytes[p + 16];
    let decimals = bytes[p + 17];
    if (type === 'C' && version !== 0x30 && version !== 0x31) {
      // Clipper and FoxPro store text widths over 255 in the decimals byte.
      length += decimals << 8;
      decimals = 0;
    }
    raw.push({ nameStart: p, nameEnd, type, length, decimals });
  }
  if (raw.length === 0) return fail('dbf-no-fields', 'has no fields', '没有字段');
  const fieldBytes = raw.reduce((s, f) => s + f.length, 0);
  if (fieldBytes + 1 > recordLength) {
    return fail('dbf-corrupt', `has a damaged header: fields take ${fieldBytes + 1} bytes but a record is ${recordLength}`, `表头已损坏：字段共 ${fieldBytes + 1} 字节，但记录长度为 ${recordLength}`);
  }

  const available = Math.max(0, Math.floor((bytes.length - headerLength) / Math.max(1, recordLength)));
  const readable = Math.min(recordCount, available);
  if (readable < recordCount) {
    problems.push(problem('error', 'dbf-truncated', { file, featureIndex: readable }, `is truncated: the header announces ${recordCount} records but only ${readable} are complete; record ${readable + 1} onwards has no attributes`, `文件不完整：表头声明 ${recordCount} 条记录，但只有 ${readable} 条完整；第 ${readable + 1} 条起没有属性`));
  }

  // Offsets of each field inside a record (after the deletion flag).
  const offsets: number[] = [];
  let o = 1;
  for (const f of raw) { offsets.push(o); o += f.length; }

  const textRanges: Array<[number, number]> = raw.map((f) => [f.nameStart, f.nameEnd]);
  for (let r = 0; r < readable; r++) {
    const base = headerLength + r * recordLength;
    for (let i = 0; i < raw.length; i++) if (raw[i].type === 'C') textRanges.push([base + offsets[i], base + offsets[i] + raw[i].length]);
  }
  const decided = decideEncoding(bytes, textRanges, languageDriver, options);
  const decode = makeDecoder(decided.encoding);

  // Field names: decoded, made unique (a dropped duplicate would lose a column).
  const fields: DbfField[] = [];
  const used = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i];
    let name = dropCutChar(trimPadding(decode(bytes, f.nameStart, f.nameEnd))).trim();
    if (name === '') {
      name = `FIELD_${i + 1}`;
      problems.push(problem('warning', 'dbf-field-unnamed', { file, field: name }, `field ${i + 1} has no name; called ${name}`, `第 ${i + 1} 个字段没有名称，暂称 ${name}`));
    }
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`)) k++;
      problems.push(problem('warning', 'dbf-field-duplicate', { file, field: name }, `field name ${name} appears twice; the second is called ${name}_${k}`, `字段名 ${name} 重复，第二个改称 ${name}_${k}`));
      name = `${name}_${k}`;
    }
    used.add(name);
    fields.push({ name, type: f.type, length: f.length, decimals: f.decimals });
  }

  let replacements = 0;
  const badNumbers = new Map<string, { count: number; first: number; raw: string }>();
  const unsupported = new Set<string>();
  const records: Array<Record<string, unknown> | null> = [];
  let deletedCount = 0;
  for (let r = 0; r < readable; r++) {
    const base = headerLength + r * recordLength;
    if (bytes[base] === 0x2a) { records.push(null); deletedCount++; continue; }
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < raw.length; i++) {
      const f = raw[i];
      const s = base + offsets[i];
      const e = s + f.length;
      const name = fields[i].name;
      let value: unknown = null;
      switch (f.type) {
        case 'C': {
          const text = trimPadding(decode(bytes, s, e));
          if (text.includes('\uFFFD')) replacements++;
          value = text === '' ? null : text;
          break;
        }
        case 'N':
        case 'F': {
          const text = decode(bytes, s, e).replace(/\0/g, '').trim();
          if (text === '' || /^\*+$/.test(text) || /^-?\.?$/.test(text)) { value = null; break; }
          const digits = text.replace(/\D/g, '').replace(/^0+/, '');
          const n = Number(text);
          if (!Number.isFinite(n)) {
            value = text; // kept as found; the schema check reports it
            const seen = badNumbers.get(name);
            if (seen) seen.count++;
            else badNumbers.set(name, { count: 1, first: r, raw: text });
          } else if (f.decimals === 0 && !text.includes('.') && !/e/i.test(text) && digits.length > 15) {
            value = text; // a long code stored as a number would lose digits
          } else {
            value = n;
          }
          break;
        }
        case 'D': {
          const text = decode(bytes, s, e).trim();
          if (text === '' || /^0+$/.test(text)) { value = null; break; }
          const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
          const iso = m ? isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : null;
          value = iso ?? text;
          break;
        }
        case 'L': {
          const c = String.fromCharCode(bytes[s]).toUpperCase();
          value = c === 'T' || c === 'Y' ? true : c === 'F' || c === 'N' ? false : null;
          break;
        }
        case 'I':
        case '+':
          value = f.length >= 4 ? view.getInt32(s, true) : null;
          break;
        case 'O':
          value = f.length >= 8 ? view.getFloat64(s, true) : null;
          break;
        case 'B':
          if (f.length === 8) { value = view.getFloat64(s, true); break; }
          unsupported.add(name);
          break;
        case 'Y':
          value = f.length >= 8 ? Number(view.getBigInt64(s, true)) / 10000 : null;
          break;
        case '0':
          continue; // Visual FoxPro _NullFlags: internal
        default:
          unsupported.add(name);
      }
      rec[name] = value;
    }
    records.push(rec);
  }

  for (const [name, bad] of badNumbers) {
    problems.push(problem('warning', 'dbf-number', { file, featureIndex: bad.first, field: name }, `numeric field ${name} holds text that is not a number (${JSON.stringify(bad.raw)}${bad.count > 1 ? ` and ${bad.count - 1} more` : ''}); kept as text`, `数值字段 ${name} 含非数字内容（${JSON.stringify(bad.raw)}${bad.count > 1 ? ` 等 ${bad.count} 处` : ''}），按文本保留`));
  }
  for (const name of unsupported) {
    const f = fields.find((x) => x.name === name)!;
    problems.push(problem('warning', 'dbf-field-type', { file, field: name }, `field ${name} has type ${f.type} (memo or binary, stored outside the .dbf), which is not read`, `字段 ${name} 类型为 ${f.type}（备注或二进制，存放在 .dbf 之外），未读取`));
  }
  if (deletedCount > 0) {
    problems.push(problem('warning', 'dbf-deleted', { file }, `${deletedCount} record(s) are marked deleted; their shapes are left out, as desktop GIS does`, `有 ${deletedCount} 条记录已标记删除，对应图形不导入（与桌面 GIS 一致）`));
  }
  const encoding: DbfEncoding = { ...decided, replacements };
  if (decided.overruled === 'cpg') {
    problems.push(problem('warning', 'dbf-encoding-cpg', { file }, `the .cpg says ${decided.cpg} but the text is ${decided.encoding === 'gbk' ? 'not valid UTF-8' : 'valid UTF-8'}; read as ${decided.encoding.toUpperCase()} — choose the encoding by hand if names look wrong`, `.cpg 声明为 ${decided.cpg}，但文本${decided.encoding === 'gbk' ? '不是有效的 UTF-8' : '是有效的 UTF-8'}，已按 ${decided.encoding.toUpperCase()} 读取；如中文显示不正确请手动选择编码`));
  } else if (decided.overruled === 'language-driver') {
    problems.push(problem('warning', 'dbf-encoding-ldid', { file }, `the header's language driver byte says GBK (0x${languageDriver.toString(16)}) but the text is valid UTF-8; read as UTF-8`, `表头语言驱动字节声明 GBK（0x${languageDriver.toString(16)}），但文本是有效的 UTF-8，已按 UTF-8 读取`));
  }
  if (replacements > 0) {
    problems.push(problem('warning', 'dbf-encoding-replacements', { file }, `${replacements} text value(s) contain characters that do not decode as ${decided.encoding.toUpperCase()}; try the other encoding`, `有 ${replacements} 个文本值无法按 ${decided.encoding.toUpperCase()} 解码，请尝试另一种编码`));
  }
  return { ok: true, table: { fields, records, deletedCount, encoding, version }, problems };
}
