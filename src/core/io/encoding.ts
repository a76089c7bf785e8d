// Text encodings of the files bureaus exchange: UTF-8 and GBK (DBF without .cpg, 坐标TXT). DESIGN §7.
// Decoding uses the platform's TextDecoder (WHATWG Encoding: "gbk" decodes as GB18030), so it runs in Node and browsers.

export type TextEncodingName = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** How the encoding was decided, for the import preview. */
  reason: 'bom' | 'declared' | 'valid-utf8' | 'not-utf8' | 'ascii';
  /** Characters that could not be decoded (U+FFFD) — a sign the guess or the file is wrong. */
  replacements: number;
}

/** Maps an encoding label as found in .cpg files, XML declarations or user input; null when unknown. */
export function encodingFromLabel(label: string | null | undefined): TextEncodingName | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '').replace(/[\s_]/g, '');
  if (/^(utf-?8|65001|unicode-?1-?1-?utf-?8)$/.test(l)) return 'utf-8';
  if (/^(gbk|gb2312|gb18030|cp936|936|ms936|windows-?936|ansi936|euc-?cn|x-gbk|chinese|gb_?2312-80)$/.test(l)) return 'gbk';
  if (/^(utf-?16le|1200)$/.test(l)) return 'utf-16le';
  if (/^(utf-?16be|1201)$/.test(l)) return 'utf-16be';
  return null;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/**
 * Decodes bytes as text: a BOM wins, then a declared encoding (.cpg), then UTF-8 if the bytes are valid UTF-8,
 * else GBK. Valid UTF-8 with Chinese text is almost never valid by accident in GBK and vice versa.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    return { text, encoding: 'utf-8', reason: 'bom', replacements: countReplacements(text) };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = new TextDecoder(encoding).decode(bytes.subarray(2));
    return { text, encoding, reason: 'bom', replacements: countReplacements(text) };
  }
  const named = encodingFromLabel(declared);
  if (named) {
    const text = new TextDecoder(named).decode(bytes);
    return { text, encoding: named, reason: 'declared', replacements: countReplacements(text) };
  }
  if (isAscii(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', reason: 'ascii', replacements: 0 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8', reason: 'valid-utf8', replacements: 0 };
  } catch {
    const text = new TextDecoder('gbk').decode(bytes);
    return { text, encoding: 'gbk', reason: 'not-utf8', replacements: countReplacements(text) };
  }
}

let gbkTable: Map<number, number> | null = null;

// The reverse of the platform's GBK decoder over every two-byte code (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F).
function gbkEncodeTable(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const table = new Map<number, number>();
  const decoder = new TextDecoder('gbk');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead; pair[1] = trail;
      const s = decoder.decode(pair);
      if (s.length === 1 && s !== '\uFFFD') {
        const cp = s.charCodeAt(0);
        if (!table.has(cp)) table.set(cp, (lead << 8) | trail);
      }
    }
  }
  gbkTable = table;
  return table;
}

export interface EncodedText {
  bytes: Uint8Array;
  /** Characters GBK cannot represent, written as '?': the caller should warn or offer UTF-8. */
  unencodable: string[];
}

/** Encodes text as GBK (for 坐标TXT and DBF files read by older desktop GIS). */
export function encodeGbk(text: string): EncodedText {
  const table = gbkEncodeTable();
  const out = new Uint8Array(text.length * 2);
  const unencodable: string[] = [];
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) { out[n++] = cp; continue; }
    const code = cp <= 0xffff ? table.get(cp) : undefined;
    if (code === undefined) { unencodable.push(ch); out[n++] = 0x3f; continue; }
    out[n++] = code >> 8; out[n++] = code & 0xff;
  }
  return { bytes: out.slice(0, n), unencodable };
}

/** Encodes text in the named encoding (UTF-8 without BOM, or GBK). */
export function encodeText(text: string, encoding: 'utf-8' | 'gbk'): EncodedText {
  return encoding === 'gbk' ? encodeGbk(text) : { bytes: new TextEncoder().encode(text), unencodable: [] };
}
