// Which reader applies to the files a user dropped on the import dialog: by magic bytes first, then by
// extension; loose Shapefile parts are grouped by base name. Nothing is parsed beyond what deciding needs
// (a ZIP's directory, the first 64 KiB of text).
import { problem, type Problem } from '../schema/problems';
import { decodeText } from './encoding';
import { inputSizeProblem } from './limits';
import { isZip, listZip } from './zipRead';

export type InputFormat = 'geojson' | 'shapefile-zip' | 'shapefile-parts' | 'kml' | 'kmz' | 'coordtxt' | 'csv' | 'xlsx' | 'unknown';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  /** The file's size when its bytes were not read because it is over MAX_INPUT_BYTES (core/io/limits.ts). */
  size?: number;
}

export interface DetectedInput {
  format: InputFormat;
  /** The file name, or the base name of a Shapefile given as loose parts. */
  name: string;
  /** The files this reader takes (all parts of a Shapefile). */
  files: InputFile[];
  reason: { en: string; zh: string };
  problems: Problem[];
}

// Files that travel with a Shapefile; only .shp/.dbf/.shx/.prj/.cpg are read, the rest ride along.
const SHAPEFILE_PARTS = new Set(['shp', 'dbf', 'shx', 'prj', 'cpg', 'sbn', 'sbx', 'qix', 'fbn', 'fbx', 'ain', 'aih', 'atx', 'ixs', 'mxs', 'qmd', 'parkatlas']);

const extOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
/** "a/宗地.shp.xml" → "宗地"; "x.parkatlas" → "x". */
function shapefileStem(name: string): string {
  const file = name.replace(/^.*[\\/]/, '');
  return file.replace(/\.shp\.xml$/i, '').replace(/\.[^.]+$/, '');
}

const reason = (en: string, zh: string) => ({ en, zh });

// A 坐标TXT point line: 点号,圈号,X,Y with X (north) ~ 10^6–10^7 and Y (east) ~ 10^5–10^8.
const COORD_LINE = /^\s*[A-Za-z]*\d+\s*,\s*\d+\s*,\s*\d{6,7}(\.\d+)?\s*,\s*\d{6,8}(\.\d+)?\s*$/m;

function detectOne(file: InputFile): DetectedInput {
  const { name, bytes } = file;
  const ext = extOf(name);
  const out = (format: InputFormat, r: { en: string; zh: string }, problems: Problem[] = []): DetectedInput => ({ format, name, files: [file], reason: r, problems });

  const tooLarge = inputSizeProblem(name, file.size ?? bytes.length);
  if (tooLarge) return out('unknown', reason('too large to read', '文件过大，无法读取'), [tooLarge]);
  if (bytes.length === 0) return out('unknown', reason('empty file', '空文件'), [problem('error', 'empty-file', { file: name }, 'is empty', '文件为空')]);

  if (isZip(bytes)) {
    const listing = listZip(bytes, name);
    if (!listing.ok) return out('unknown', reason('a damaged ZIP archive', '损坏的 ZIP 压缩包'), listing.problems);
    const names = listing.entries.filter((e) => !e.isDirectory && !/(^|\/)__MACOSX\//.test(e.name)).map((e) => e.name);
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return out('xlsx', reason('Excel workbook (ZIP with xl/)', 'Excel 工作簿（含 xl/ 的 ZIP）'));
    if (names.some((n) => /\.shp$/i.test(n))) return out('shapefile-zip', reason('ZIP holding a .shp', '含 .shp 的 ZIP'));
    if (names.some((n) => /\.kml$/i.test(n))) return out('kmz', reason('ZIP holding a .kml (KMZ)', '含 .kml 的 ZIP（KMZ）'));
    if (names.some((n) => /\.dbf$/i.test(n))) {
      return out('shapefile-zip', reason('ZIP holding a .dbf', '含 .dbf 的 ZIP'));
    }
    const sample = names.slice(0, 5).join(', ');
    return out('unknown', reason('ZIP without a Shapefile, KML or workbook', '不含 Shapefile、KML 或工作簿的 ZIP'), [
      problem('error', 'format-unknown', { file: name }, `is a ZIP archive holding neither a Shapefile (.shp), a KML nor an Excel workbook (it has ${sample || 'nothing'}); unzip it and import the files inside`, `是 ZIP 压缩包，但不含 Shapefile（.shp）、KML 或 Excel 工作簿（其中有 ${sample || '（空）'}）；请解压后导入其中的文件`),
    ]);
  }
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return out('unknown', reason('old binary Office file', '旧版二进制 Office 文件'), [
      problem('error', 'format-xls', { file: name }, 'is an old Excel .xls (or other binary Office) file; save it as .xlsx or CSV and import that', '是旧版 Excel .xls（或其他二进制 Office）文件；请另存为 .xlsx 或 CSV 后导入'),
    ]);
  }
  if (bytes.length >= 4 && bytes[0] === 0x00 && bytes[1] === 0x00 && bytes[2] === 0x27 && bytes[3] === 0x0a) {
    // File code 9994 big-endian: a .shp (or .shx) given alone under another name.
    return out('shapefile-parts', reason('Shapefile main file (code 9994)', 'Shapefile 主文件（代码 9994）'));
  }

  const head = bytes.subarray(0, 64 * 1024);
  let binary = false;
  for (let i = 0; i < Math.min(head.length, 1024); i++) if (head[i] === 0) { binary = true; break; }
  if (!binary) {
    const text = decodeText(head).text.replace(/^\uFEFF/, '');
    const start = text.trimStart();
    if (/\[\s*(地块坐标|属性描述)\s*\]/.test(text)) return out('coordtxt', reason('坐标TXT sections [属性描述]/[地块坐标]', '坐标TXT（含 [属性描述]/[地块坐标] 节）'));
    if (start.startsWith('{') || start.startsWith('[')) {
      return out('geojson', reason('JSON text', 'JSON 文本'));
    }
    if (start.startsWith('<')) {
      if (/<kml[\s>]/i.test(text) || ext === 'kml') return out('kml', reason('KML (XML with <kml>)', 'KML（含 <kml> 的 XML）'));
      return out('unknown', reason('XML that is not KML', '不是 KML 的 XML'), [problem('error', 'format-unknown', { file: name }, 'is XML but not KML', '是 XML，但不是 KML')]);
    }
    if ((ext === 'txt' || ext === '') && COORD_LINE.test(text) && text.split(/\r\n|\r|\n/).filter((l) => COORD_LINE.test(l)).length >= 3) {
      return out('coordtxt', reason('lines of point number, ring, X, Y', '点号、圈号、X、Y 坐标行'));
    }
    if (ext === 'geojson' || ext === 'json') return out('geojson', reason(`.${ext} extension`, `.${ext} 扩展名`));
    if (ext === 'kml') return out('kml', reason('.kml extension', '.kml 扩展名'));
    if (ext === 'csv' || ext === 'tsv') return out('csv', reason(`.${ext} extension`, `.${ext} 扩展名`));
    if (ext === 'txt') {
      const firstLine = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
      if (/[,;\t|]/.test(firstLine)) return out('csv', reason('delimited text', '分隔符文本'));
    }
  }
  const byExt: Record<string, InputFormat> = { zip: 'shapefile-zip', kmz: 'kmz', xlsx: 'xlsx', geojson: 'geojson', json: 'geojson', kml: 'kml', csv: 'csv' };
  if (byExt[ext]) {
    // The contents did not confirm the extension: the reader will say what is wrong.
    return out(byExt[ext], reason(`.${ext} extension (contents not recognised)`, `.${ext} 扩展名（内容无法确认）`));
  }
  return out('unknown', reason('not a supported format', '不支持的格式'), [
    problem('error', 'format-unknown', { file: name }, 'is not a format Park Atlas reads (GeoJSON, Shapefile, KML/KMZ, 坐标TXT, CSV, XLSX)', '不是 Park Atlas 支持的格式（GeoJSON、Shapefile、KML/KMZ、坐标TXT、CSV、XLSX）'),
  ]);
}

/**
 * Decides the reader for each dropped file; loose Shapefile parts (.shp/.dbf/.shx/.prj/.cpg …) are grouped by
 * base name into one `shapefile-parts` input. Results keep the order in which files were given.
 */
export function detectFormat(files: readonly InputFile[]): DetectedInput[] {
  const results: DetectedInput[] = [];
  const groups = new Map<string, DetectedInput>();
  for (const file of files) {
    const ext = /\.shp\.xml$/i.test(file.name) ? 'shp.xml' : extOf(file.name);
    if (SHAPEFILE_PARTS.has(ext) || ext === 'shp.xml') {
      const stem = shapefileStem(file.name);
      const key = stem.toLowerCase();
      let g = groups.get(key);
      if (!g) {
        g = { format: 'shapefile-parts', name: stem, files: [], reason: reason('Shapefile parts', 'Shapefile 分文件'), problems: [] };
        groups.set(key, g);
        results.push(g);
      }
      g.files.push(file);
      const tooLarge = inputSizeProblem(file.name, file.size ?? file.bytes.length);
      if (tooLarge) g.problems.push(tooLarge);
      continue;
    }
    results.push(detectOne(file));
  }
  for (const g of groups.values()) {
    const exts = new Set(g.files.map((f) => extOf(f.name)));
    if (!exts.has('shp')) {
      const have = g.files.map((f) => f.name).join(', ');
      g.problems.push(problem('error', 'shp-missing', { file: `${g.name}.shp` }, `is missing: ${have} came without the .shp that holds the shapes`, `缺失：${have} 缺少存放图形的 .shp 文件`));
    } else if (!exts.has('dbf')) {
      g.problems.push(problem('warning', 'dbf-missing', { file: `${g.name}.dbf` }, 'is missing: the shapes will have no attributes', '缺失：图形将没有属性'));
    }
  }
  return results;
}
