// Attribute tables (CSV, XLSX) joined to a layer by a key column: the bureau's spreadsheet of investment, tax
// and dates keyed by 宗地编号, matched to the parcels drawn from a Shapefile or 坐标TXT. The join adds or
// overwrites properties and never deletes one: an empty cell leaves the feature's value as it was.
import { problem, type Problem } from '../schema/problems';
import { decodeText, type TextEncodingName } from './encoding';
import { DEFAULT_ZIP_LIMITS, listZip, readZipEntries, type ZipLimits } from './zipRead';

export interface TableRow {
  /** 1-based line (CSV) or row (XLSX) number in the file, for messages. */
  rowNumber: number;
  values: Record<string, unknown>;
}

export interface AttributeTable {
  file: string;
  /** Sheet name for XLSX. */
  sheet: string | null;
  columns: string[];
  rows: TableRow[];
  /** CSV only: the text encoding and how it was decided, and the separator found. */
  encoding: { encoding: TextEncodingName; reason: string } | null;
  delimiter: string | null;
}

export type TableResult = { ok: true; table: AttributeTable; problems: Problem[] } | { ok: false; problems: Problem[] };

// ---------------------------------------------------------------- cell values

// A key such as 宗地编号 "0101" or an 18-digit code must stay text: leading zeros and digits past 15 would be lost.
const NUMBER = /^[-+]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][-+]?\d+)?$/;
export function cellValue(text: string): string | number | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/\d/.test(t) || !NUMBER.test(t)) return text;
  const unsigned = t.replace(/^[-+]/, '');
  if (/^0\d/.test(unsigned)) return text;
  if (unsigned.replace(/[^\d]/g, '').replace(/^0+/, '').length > 15) return text;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : text;
}

function uniqueColumns(names: readonly unknown[]): { columns: string[]; renamed: string[] } {
  const columns: string[] = [];
  const renamed: string[] = [];
  const used = new Set<string>();
  names.forEach((raw, i) => {
    let name = raw === null || raw === undefined ? '' : String(raw).trim();
    if (name === '') name = `列${i + 1}`;
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`)) k++;
      renamed.push(`${name} → ${name}_${k}`);
      name = `${name}_${k}`;
    }
    used.add(name);
    columns.push(name);
  });
  return { columns, renamed };
}

// ---------------------------------------------------------------- CSV

/** Splits CSV text into rows of fields (RFC 4180 quoting; CR, LF or CRLF), with each row's first line number. */
export function parseCsv(text: string, delimiter: string): { rows: Array<{ line: number; fields: string[] }>; unclosedQuoteLine: number | null } {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    fields.push(field);
    rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < n) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') { inQuotes = true; quoteLine = line; field = ''; i++; continue; }
    if (c === delimiter) { fields.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || inQuotes) endRow();
  return { rows, unclosedQuoteLine: inQuotes ? quoteLine : null };
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The separator whose count per line is the most consistent over the first lines (outside quotes). */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < 20 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const l = text.slice(start, end).replace(/\r$/, '');
    if (l.trim() !== '') lines.push(l.replace(/"[^"]*"/g, '""'));
    start = end + 1;
  }
  let best = ',', bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length;
    const score = same * 1000 + counts[0];
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

export interface CsvOptions {
  encoding?: 'utf-8' | 'gbk' | null;
  delimiter?: string | null;
}

/** Reads a CSV (GBK or UTF-8, BOM, separator , ; tab or |); the first non-empty row is the header. */
export function readCsv(bytes: Uint8Array, file: string, options: CsvOptions = {}): TableResult {
  const decoded = decodeText(bytes, options.encoding ?? null);
  const problems: Problem[] = [];
  if (decoded.replacements > 0) {
    problems.push(problem('warning', 'csv-encoding', { file }, `${decoded.replacements} character(s) do not decode as ${decoded.encoding.toUpperCase()}; try the other encoding`, `有 ${decoded.replacements} 个字符无法按 ${decoded.encoding.toUpperCase()} 解码，请尝试另一种编码`));
  }
  const delimiter = options.delimiter ?? detectDelimiter(decoded.text);
  const { rows, unclosedQuoteLine } = parseCsv(decoded.text, delimiter);
  if (unclosedQuoteLine !== null) {
    problems.push(problem('error', 'csv-quote', { file }, `a quote opened on line ${unclosedQuoteLine} is never closed; the rest of the file was read as one value`, `第 ${unclosedQuoteLine} 行的引号没有闭合，其后内容被读成一个值`));
  }
  const nonEmpty = rows.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (nonEmpty.length === 0) return { ok: false, problems: [problem('error', 'empty-file', { file }, 'has no rows', '没有数据行')] };
  const [header, ...body] = nonEmpty;
  const { columns, renamed } = uniqueColumns(header.fields);
  if (renamed.length > 0) problems.push(problem('warning', 'table-column-duplicate', { file }, `repeated column names renamed: ${renamed.join(', ')}`, `重复的列名已改名：${renamed.join('，')}`));
  const out: TableRow[] = [];
  const ragged: number[] = [];
  for (const r of body) {
    if (r.fields.length > columns.length && r.fields.slice(columns.length).some((f) => f.trim() !== '')) ragged.push(r.line);
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => { values[c] = cellValue(r.fields[i] ?? ''); });
    out.push({ rowNumber: r.line, values });
  }
  if (ragged.length > 0) {
    problems.push(problem('warning', 'csv-ragged', { file }, `${ragged.length} line(s) have more values than the header has columns (first: line ${ragged[0]}); the extra values are ignored`, `有 ${ragged.length} 行的值多于表头列数（首个：第 ${ragged[0]} 行），多出的值被忽略`));
  }
  return { ok: true, table: { file, sheet: null, columns, rows: out, encoding: { encoding: decoded.encoding, reason: decoded.reason }, delimiter }, problems };
}

// ---------------------------------------------------------------- XLSX

export interface XlsxOptions {
  /** Sheet name or 1-based position; default the first sheet. */
  sheet?: string | number | null;
  zipLimits?: Partial<ZipLimits>;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An exceljs cell value as a plain value: dates → ISO date, formulas → result, rich text → text. */
function xlsxValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return cellValue(v); // numbers stored as text (Excel's green triangle) become numbers
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return xlsxValue(o.result);
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
    if ('text' in o) return xlsxValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

/** Reads the first (or the named) sheet of an XLSX workbook; the first non-empty row is the header. */
export async function readXlsx(bytes: Uint8Array, file: string, options: XlsxOptions = {}): Promise<TableResult> {
  // exceljs unzips without caps: check the archive under our limits first (it is small; the cost is one extra inflate).
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  const listing = listZip(bytes, file, limits);
  if (!listing.ok) return listing;
  if (!listing.entries.some((e) => e.name === '[Content_Types].xml') || !listing.entries.some((e) => e.name.startsWith('xl/'))) {
    return { ok: false, problems: [problem('error', 'xlsx-invalid', { file }, 'is a ZIP archive but not an Excel workbook (.xlsx)', '是 ZIP 压缩包，但不是 Excel 工作簿（.xlsx）')] };
  }
  const check = readZipEntries(bytes, file, listing.entries, limits);
  if (!check.ok) return check;
  if (check.problems.some((p) => p.severity === 'error')) return { ok: false, problems: check.problems };

  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer as never);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).slice(0, 160);
    return { ok: false, problems: [problem('error', 'xlsx-invalid', { file }, `cannot be read as an Excel workbook: ${why}`, `无法作为 Excel 工作簿读取：${why}`)] };
  }
  const sheets = workbook.worksheets;
  const wanted = options.sheet;
  const sheet = wanted === null || wanted === undefined ? sheets[0]
    : typeof wanted === 'number' ? sheets[wanted - 1]
      : sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim() === String(wanted).trim());
  if (!sheet) {
    const list = sheets.map((s) => s.name).join(', ');
    return { ok: false, problems: [problem('error', 'xlsx-sheet', { file }, wanted == null ? 'has no worksheet' : `has no sheet ${JSON.stringify(wanted)}; it has ${list}`, wanted == null ? '没有工作表' : `没有工作表 ${JSON.stringify(wanted)}；现有 ${list}`)] };
  }
  const problems: Problem[] = [];
  const raw: Array<{ rowNumber: number; cells: unknown[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = xlsxValue(cell.value); });
    if (cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')) raw.push({ rowNumber, cells });
  });
  if (raw.length === 0) return { ok: false, problems: [problem('error', 'empty-file', { file, field: sheet.name }, `sheet ${sheet.name} has no rows`, `工作表 ${sheet.name} 没有数据行`)] };
  const [header, ...body] = raw;
  const { columns, renamed } = uniqueColumns(Array.from(header.cells, (c) => c));
  if (renamed.length > 0) problems.push(problem('warning', 'table-column-duplicate', { file }, `repeated column names renamed: ${renamed.join(', ')}`, `重复的列名已改名：${renamed.join('，')}`));
  const rows: TableRow[] = body.map((r) => {
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = r.cells[i];
      values[c] = v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v;
    });
    return { rowNumber: r.rowNumber, values };
  });
  return { ok: true, table: { file, sheet: sheet.name, columns, rows, encoding: null, delimiter: null }, problems };
}

// ---------------------------------------------------------------- join

/** Key text for matching: NFKC (full-width digits), trimmed; numbers as written by String. */
export function joinKey(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'number' ? String(v) : String(v)).normalize('NFKC').trim();
  return s === '' ? null : s;
}
const withoutLeadingZeros = (k: string) => (/^\d+$/.test(k) ? k.replace(/^0+(?=\d)/, '') : null);

export interface JoinOptions {
  /** Property of the features holding the key; "@id" for the feature id. */
  featureKey: string;
  /** Column of the table holding the key. */
  tableKey: string;
  /** Columns to copy (default: all but the key). */
  columns?: readonly string[];
  /** Name of the layer, for messages. */
  layerName?: string;
}

export interface JoinReport {
  matchedRows: number;
  matchedFeatures: number;
  /** Rows matched only after ignoring leading zeros (0101 ↔ 101, as Excel often turns codes into numbers). */
  matchedIgnoringZeros: number;
  unmatchedRows: Array<{ rowNumber: number; key: string }>;
  featuresWithoutRow: Array<{ index: number; id: string | null; key: string | null }>;
  /** Keys on more than one row: the first row is used. */
  duplicateKeys: Array<{ key: string; rowNumbers: number[] }>;
  rowsWithoutKey: number[];
  columnsAdded: string[];
  /** Existing property values replaced by a different table value. */
  valuesOverwritten: number;
}

export interface JoinResult<F> {
  features: F[];
  report: JoinReport;
  problems: Problem[];
}

type Keyed = { id?: string | number; properties?: Record<string, unknown> | null };

const MAX_LISTED = 10;

/** Joins table rows to features by key. Features are copied; properties are added or overwritten, never deleted. */
export function joinTable<F extends Keyed>(features: readonly F[], table: AttributeTable, options: JoinOptions): JoinResult<F> {
  const { featureKey, tableKey } = options;
  const layer = options.layerName ?? 'layer';
  const problems: Problem[] = [];
  if (!table.columns.includes(tableKey)) {
    problems.push(problem('error', 'join-key-missing', { file: table.file, field: tableKey }, `has no column ${tableKey}; columns are ${table.columns.join(', ')}`, `没有列 ${tableKey}；现有列：${table.columns.join('、')}`));
    return { features: [...features], report: emptyReport(features), problems };
  }
  const copy = (options.columns ?? table.columns).filter((c) => c !== tableKey && table.columns.includes(c));

  const byKey = new Map<string, TableRow>();
  const byLoose = new Map<string, TableRow>();
  const dupes = new Map<string, number[]>();
  const rowsWithoutKey: number[] = [];
  for (const row of table.rows) {
    const key = joinKey(row.values[tableKey]);
    if (key === null) { rowsWithoutKey.push(row.rowNumber); continue; }
    const first = byKey.get(key);
    if (first) {
      const list = dupes.get(key) ?? [first.rowNumber];
      list.push(row.rowNumber);
      dupes.set(key, list);
      continue;
    }
    byKey.set(key, row);
    const loose = withoutLeadingZeros(key);
    if (loose !== null && !byLoose.has(loose)) byLoose.set(loose, row);
  }

  const usedRows = new Set<TableRow>();
  const featuresWithoutRow: JoinReport['featuresWithoutRow'] = [];
  let matchedFeatures = 0, matchedIgnoringZeros = 0, valuesOverwritten = 0;
  const added = new Set<string>();
  const out = features.map((f, index) => {
    const props = f.properties ?? {};
    const key = joinKey(featureKey === '@id' ? f.id ?? props.id : props[featureKey]);
    let row = key === null ? undefined : byKey.get(key);
    if (!row && key !== null) {
      const loose = withoutLeadingZeros(key);
      row = loose === null ? undefined : byLoose.get(loose);
      if (row) matchedIgnoringZeros++;
    }
    if (!row) {
      featuresWithoutRow.push({ index, id: f.id !== undefined ? String(f.id) : null, key });
      return { ...f, properties: { ...props } };
    }
    usedRows.add(row);
    matchedFeatures++;
    const properties: Record<string, unknown> = { ...props };
    for (const c of copy) {
      const v = row.values[c];
      if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
      if (!(c in props)) added.add(c);
      else if (props[c] !== null && props[c] !== undefined && props[c] !== v) valuesOverwritten++;
      properties[c] = v;
    }
    return { ...f, properties };
  });
  // Rows used by no feature; later rows of a duplicated key are reported as duplicates instead.
  const unmatchedRows: JoinReport['unmatchedRows'] = [];
  for (const r of table.rows) {
    const key = joinKey(r.values[tableKey]);
    if (key !== null && byKey.get(key) === r && !usedRows.has(r)) unmatchedRows.push({ rowNumber: r.rowNumber, key });
  }
  const duplicateKeys = [...dupes].map(([key, rowNumbers]) => ({ key, rowNumbers }));
  const report: JoinReport = {
    matchedRows: usedRows.size, matchedFeatures, matchedIgnoringZeros, unmatchedRows, featuresWithoutRow, duplicateKeys, rowsWithoutKey,
    columnsAdded: copy.filter((c) => added.has(c)), valuesOverwritten,
  };

  const list = (xs: Array<string | number>) => xs.slice(0, MAX_LISTED).join(', ') + (xs.length > MAX_LISTED ? ` … (+${xs.length - MAX_LISTED})` : '');
  if (unmatchedRows.length > 0) {
    problems.push(problem('warning', 'join-unmatched-rows', { file: table.file, field: tableKey }, `${unmatchedRows.length} row(s) match no feature of ${layer} by ${featureKey}: ${list(unmatchedRows.map((r) => `row ${r.rowNumber} "${r.key}"`))}`, `有 ${unmatchedRows.length} 行在 ${layer} 中找不到对应要素（按 ${featureKey}）：${list(unmatchedRows.map((r) => `第 ${r.rowNumber} 行 "${r.key}"`))}`));
  }
  if (featuresWithoutRow.length > 0) {
    problems.push(problem('warning', 'join-features-without-row', { file: layer, field: featureKey, featureIndex: featuresWithoutRow[0].index, ...(featuresWithoutRow[0].id ? { featureId: featuresWithoutRow[0].id } : {}) }, `${featuresWithoutRow.length} feature(s) have no row in ${table.file}: ${list(featuresWithoutRow.map((f) => f.key ?? `#${f.index + 1} (no ${featureKey})`))}`, `有 ${featuresWithoutRow.length} 个要素在 ${table.file} 中没有对应行：${list(featuresWithoutRow.map((f) => f.key ?? `第 ${f.index + 1} 个（无 ${featureKey}）`))}`));
  }
  for (const d of duplicateKeys.slice(0, MAX_LISTED)) {
    problems.push(problem('warning', 'join-duplicate-key', { file: table.file, field: tableKey }, `key "${d.key}" is on rows ${d.rowNumbers.join(', ')}; row ${d.rowNumbers[0]} is used`, `键 "${d.key}" 出现在第 ${d.rowNumbers.join('、')} 行，使用第 ${d.rowNumbers[0]} 行`));
  }
  if (duplicateKeys.length > MAX_LISTED) {
    problems.push(problem('warning', 'join-duplicate-key', { file: table.file, field: tableKey }, `${duplicateKeys.length - MAX_LISTED} more duplicated keys`, `另有 ${duplicateKeys.length - MAX_LISTED} 个重复键`));
  }
  if (rowsWithoutKey.length > 0) {
    problems.push(problem('warning', 'join-row-without-key', { file: table.file, field: tableKey }, `${rowsWithoutKey.length} row(s) have no ${tableKey}: ${list(rowsWithoutKey.map((n) => `row ${n}`))}`, `有 ${rowsWithoutKey.length} 行没有 ${tableKey}：${list(rowsWithoutKey.map((n) => `第 ${n} 行`))}`));
  }
  if (matchedIgnoringZeros > 0) {
    problems.push(problem('warning', 'join-leading-zeros', { file: table.file, field: tableKey }, `${matchedIgnoringZeros} key(s) matched only after ignoring leading zeros (e.g. 0101 and 101)`, `有 ${matchedIgnoringZeros} 个键需忽略前导零才能匹配（如 0101 与 101）`));
  }
  return { features: out, report, problems };
}

function emptyReport(features: readonly Keyed[]): JoinReport {
  return {
    matchedRows: 0, matchedFeatures: 0, matchedIgnoringZeros: 0, unmatchedRows: [], duplicateKeys: [], rowsWithoutKey: [], columnsAdded: [], valuesOverwritten: 0,
    featuresWithoutRow: features.map((f, index) => ({ index, id: f.id !== undefined ? String(f.id) : null, key: null })),
  };
}
