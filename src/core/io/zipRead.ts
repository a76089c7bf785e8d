// Reading ZIP archives (Shapefile zip, KMZ, XLSX) defensively: the central directory is parsed here so that
// Chinese file names (GBK without the UTF-8 flag, from Windows tools) decode, sizes are checked before any
// inflation, and each entry is inflated in slices with running caps so a zip bomb stops early (fflate Inflate).
import { Inflate } from 'fflate';
import { problem, type Problem } from '../schema/problems';

export interface ZipLimits {
  /** Cap on the sum of uncompressed bytes read from one archive. */
  maxTotalBytes: number;
  /** Cap on uncompressed ÷ compressed for one entry, applied once the entry passes `ratioGraceBytes`. */
  maxRatio: number;
  /** Entries smaller than this are never refused for their ratio (blank DBF padding compresses very well). */
  ratioGraceBytes: number;
  /** Cap on the number of entries in the central directory. */
  maxEntries: number;
}

// Deflate cannot exceed ~1032:1; a real Shapefile or KML rarely passes 20:1, a blank-padded DBF maybe 200:1.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioGraceBytes: 32 * 1024 * 1024,
  maxEntries: 10_000,
};

export interface ZipEntry {
  /** Path inside the archive, '/'-separated, decoded (UTF-8 flag, Info-ZIP Unicode path, else UTF-8 or GBK). */
  name: string;
  nameEncoding: 'utf-8' | 'gbk' | 'ascii';
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  encrypted: boolean;
  isDirectory: boolean;
  localHeaderOffset: number;
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; problems: Problem[] };
export type ZipRead = { ok: true; files: Map<string, Uint8Array>; problems: Problem[] } | { ok: false; problems: Problem[] };

export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 0x100000000;

let crcTable: Uint32Array | null = null;
export function crc32(bytes: Uint8Array, start = 0xffffffff): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = start;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c;
}
const finishCrc = (c: number) => (c ^ 0xffffffff) >>> 0;

function decodeName(raw: Uint8Array, utf8Flag: boolean): { name: string; encoding: ZipEntry['nameEncoding'] } {
  let ascii = true;
  for (let i = 0; i < raw.length; i++) if (raw[i] > 0x7f) { ascii = false; break; }
  if (ascii) return { name: String.fromCharCode(...raw), encoding: 'ascii' };
  if (utf8Flag) return { name: new TextDecoder('utf-8').decode(raw), encoding: 'utf-8' };
  try {
    // macOS and many libraries write UTF-8 without setting the flag.
    return { name: new TextDecoder('utf-8', { fatal: true }).decode(raw), encoding: 'utf-8' };
  } catch {
    return { name: new TextDecoder('gbk').decode(raw), encoding: 'gbk' };
  }
}

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Lists the entries from the central directory; no entry is inflated. */
export function listZip(bytes: Uint8Array, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipListing {
  const fail = (code: string, en: string, zh: string): ZipListing => ({ ok: false, problems: [problem('error', code, { file }, en, zh)] });
  if (bytes.length < 22) return fail('zip-truncated', `is too short to be a ZIP archive (${bytes.length} bytes)`, `太短，不是有效的 ZIP 压缩包（${bytes.length} 字节）`);
  // End of central directory: the last 22 bytes, or earlier when the archive has a comment (≤ 65535 bytes).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) {
    return fail('zip-corrupt', 'is not a complete ZIP archive: its central directory is missing (truncated download or not a ZIP file)', '不是完整的 ZIP 压缩包：缺少中央目录（下载不完整或不是 ZIP 文件）');
  }
  let count = u16(bytes, eocd + 10);
  let cdSize = u32(bytes, eocd + 12);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // ZIP64: the locator sits just before the EOCD record.
    const loc = eocd - 20;
    if (loc >= 0 && u32(bytes, loc) === 0x07064b50) {
      const rec = u64(bytes, loc + 8);
      if (rec + 56 <= bytes.length && u32(bytes, rec) === 0x06064b50) {
        count = u64(bytes, rec + 32);
        cdSize = u64(bytes, rec + 40);
        cdOffset = u64(bytes, rec + 48);
      }
    }
  }
  if (count > limits.maxEntries) {
    return fail('zip-too-many-entries', `has ${count} entries; more than ${limits.maxEntries} is refused`, `包含 ${count} 个文件，超过上限 ${limits.maxEntries}，拒绝读取`);
  }
  if (cdOffset + cdSize > bytes.length) {
    return fail('zip-truncated', `is truncated: its directory points past the end of the file (${bytes.length} bytes)`, `文件不完整：目录指向文件末尾之外（文件 ${bytes.length} 字节）`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) {
      return fail('zip-corrupt', `has a damaged central directory (entry ${n + 1} of ${count})`, `中央目录已损坏（第 ${n + 1} 个条目，共 ${count} 个）`);
    }
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    let compressedSize = u32(bytes, p + 20);
    let uncompressedSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localHeaderOffset = u32(bytes, p + 42);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const end = extraStart + extraLen + commentLen;
    if (end > bytes.length) return fail('zip-corrupt', `has a damaged central directory (entry ${n + 1})`, `中央目录已损坏（第 ${n + 1} 个条目）`);
    const rawName = bytes.subarray(nameStart, extraStart);
    let { name, encoding } = decodeName(rawName, (flags & 0x800) !== 0);
    for (let e = extraStart; e + 4 <= extraStart + extraLen;) {
      const id = u16(bytes, e);
      const size = u16(bytes, e + 2);
      const body = e + 4;
      if (id === 0x0001) {
        // ZIP64 extended information: only the fields whose 32-bit value is saturated are present, in order.
        let q = body;
        if (uncompressedSize === 0xffffffff && q + 8 <= body + size) { uncompressedSize = u64(bytes, q); q += 8; }
        if (compressedSize === 0xffffffff && q + 8 <= body + size) { compressedSize = u64(bytes, q); q += 8; }
        if (localHeaderOffset === 0xffffffff && q + 8 <= body + size) localHeaderOffset = u64(bytes, q);
      } else if (id === 0x7075 && size > 5 && bytes[body] === 1 && u32(bytes, body + 1) === finishCrc(crc32(rawName))) {
        // Info-ZIP Unicode Path: a UTF-8 name valid for this raw name (7-Zip and WinRAR write it).
        name = new TextDecoder('utf-8').decode(bytes.subarray(body + 5, body + size));
        encoding = 'utf-8';
      }
      e = body + size;
    }
    name = name.replace(/\\/g, '/');
    entries.push({
      name, nameEncoding: encoding, method, compressedSize, uncompressedSize, crc32: crc,
      encrypted: (flags & 1) !== 0, isDirectory: name.endsWith('/'), localHeaderOffset,
    });
    p = end;
  }
  return { ok: true, entries };
}

const METHOD_NAMES: Record<number, string> = { 9: 'Deflate64', 12: 'BZIP2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd', 99: 'AES' };

/**
 * Reads (inflates) the chosen entries under the limits. Entries are checked against their declared sizes before
 * inflation and counted while inflating, so a crafted archive that lies about sizes still stops at the cap.
 * A damaged entry is reported and left out; the other entries are still returned.
 */
export function readZipEntries(
  bytes: Uint8Array,
  file: string,
  entries: readonly ZipEntry[],
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipRead {
  const problems: Problem[] = [];
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const bomb = (entry: ZipEntry, detail: { en: string; zh: string }): ZipRead => ({
    ok: false,
    problems: [problem('error', 'zip-bomb', { file }, `refused: "${entry.name}" ${detail.en}; the archive looks like a zip bomb or is larger than this import allows`, `已拒绝：“${entry.name}” ${detail.zh}；压缩包疑似 zip 炸弹或超出导入上限`)],
  });
  for (const entry of entries) {
    const where = { file, field: entry.name };
    if (entry.isDirectory) continue;
    if (entry.encrypted) {
      problems.push(problem('error', 'zip-encrypted', where, `"${entry.name}" is password-protected; unzip it first`, `“${entry.name}” 有密码保护，请先解压`));
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8) {
      const m = METHOD_NAMES[entry.method] ?? `method ${entry.method}`;
      problems.push(problem('error', 'zip-method', where, `"${entry.name}" is compressed with ${m}, which cannot be read here; re-zip it with ordinary (Deflate) compression`, `“${entry.name}” 使用 ${m} 压缩，无法读取；请用普通（Deflate）压缩重新打包`));
      continue;
    }
    const declared = entry.uncompressedSize;
    if (total + declared > limits.maxTotalBytes) {
      return bomb(entry, { en: `would unpack to ${MB(total + declared)}, over the ${MB(limits.maxTotalBytes)} cap`, zh: `解压后将达 ${MB(total + declared)}，超过上限 ${MB(limits.maxTotalBytes)}` });
    }
    if (declared > limits.ratioGraceBytes && declared > limits.maxRatio * Math.max(1, entry.compressedSize)) {
      return bomb(entry, { en: `declares ${MB(declared)} from ${entry.compressedSize} compressed bytes (ratio over ${limits.maxRatio}:1)`, zh: `声明以 ${entry.compressedSize} 字节压缩数据解压为 ${MB(declared)}（压缩比超过 ${limits.maxRatio}:1）` });
    }
    const lh = entry.localHeaderOffset;
    if (lh + 30 > bytes.length || u32(bytes, lh) !== 0x04034b50) {
      problems.push(problem('error', 'zip-corrupt', where, `"${entry.name}" is damaged: its local header is missing`, `“${entry.name}” 已损坏：缺少本地文件头`));
      continue;
    }
    const dataStart = lh + 30 + u16(bytes, lh + 26) + u16(bytes, lh + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) {
      problems.push(problem('error', 'zip-truncated', where, `"${entry.name}" is cut off: the archive ends ${dataEnd - bytes.length} bytes early (incomplete download?)`, `“${entry.name}” 不完整：压缩包提前 ${dataEnd - bytes.length} 字节结束（下载不完整？）`));
      continue;
    }
    const compressed = bytes.subarray(dataStart, dataEnd);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (compressed.length !== declared) {
        problems.push(problem('error', 'zip-corrupt', where, `"${entry.name}" is damaged: stored size ${compressed.length} differs from ${declared}`, `“${entry.name}” 已损坏：存储大小 ${compressed.length} 与声明的 ${declared} 不符`));
        continue;
      }
      out = compressed.slice();
    } else {
      const result = inflateCapped(compressed, declared, limits, total);
      if (result.kind === 'bomb') return bomb(entry, result);
      if (result.kind === 'corrupt') {
        problems.push(problem('error', 'zip-corrupt', where, `"${entry.name}" is damaged and cannot be unpacked (${result.en})`, `“${entry.name}” 已损坏，无法解压（${result.zh}）`));
        continue;
      }
      out = result.bytes;
    }
    if (finishCrc(crc32(out)) !== entry.crc32) {
      problems.push(problem('error', 'zip-crc', where, `"${entry.name}" is damaged: its checksum does not match`, `“${entry.name}” 已损坏：校验和不符`));
      continue;
    }
    total += out.length;
    files.set(entry.name, out);
  }
  return { ok: true, files, problems };
}

type Inflated =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'bomb'; en: string; zh: string }
  | { kind: 'corrupt'; en: string; zh: string };

// Pushing 16 KiB of deflate at a time bounds the output of one push to ~16 MiB.
const SLICE = 16 * 1024;

function inflateCapped(compressed: Uint8Array, declared: number, limits: ZipLimits, alreadyRead: number): Inflated {
  const out = new Uint8Array(declared);
  let written = 0;
  let overflow = false;
  let failure: string | null = null;
  const inflater = new Inflate((chunk) => {
    if (overflow) return;
    if (written + chunk.length > declared) { overflow = true; return; }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let i = 0; i < compressed.length && !overflow; i += SLICE) {
      const end = Math.min(compressed.length, i + SLICE);
      inflater.push(compressed.subarray(i, end), end === compressed.length);
      const read = i + (end - i);
      if (written > limits.ratioGraceBytes && written > limits.maxRatio * read) {
        return { kind: 'bomb', en: `inflates past ${limits.maxRatio}:1 (${MB(written)} from ${read} bytes)`, zh: `解压比超过 ${limits.maxRatio}:1（${read} 字节解出 ${MB(written)}）` };
      }
      if (alreadyRead + written > limits.maxTotalBytes) {
        return { kind: 'bomb', en: `unpacks past the ${MB(limits.maxTotalBytes)} cap`, zh: `解压超过上限 ${MB(limits.maxTotalBytes)}` };
      }
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (overflow) return { kind: 'bomb', en: `unpacks to more than its declared ${declared} bytes`, zh: `解压后超过声明的 ${declared} 字节` };
  if (failure) return { kind: 'corrupt', en: failure, zh: failure };
  if (written !== declared) return { kind: 'corrupt', en: `${written} of ${declared} bytes`, zh: `只解出 ${written}/${declared} 字节` };
  return { kind: 'ok', bytes: out };
}

/** Lists and reads every entry for which `wanted(name)` is true. */
export function readZip(bytes: Uint8Array, file: string, wanted: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipRead & { entries?: ZipEntry[] } {
  const listing = listZip(bytes, file, limits);
  if (!listing.ok) return listing;
  const chosen = listing.entries.filter((e) => !e.isDirectory && !isJunkEntry(e.name) && wanted(e.name));
  const read = readZipEntries(bytes, file, chosen, limits);
  return read.ok ? { ...read, entries: listing.entries } : read;
}

/** macOS resource forks and Windows thumbnails that ride along in archives. */
export const isJunkEntry = (name: string): boolean => /(^|\/)__MACOSX\//.test(name) || /(^|\/)\._/.test(name) || /(^|\/)(Thumbs\.db|\.DS_Store)$/i.test(name);
