// A GeoJSON FeatureCollection read from text in pieces (as a TextDecoder stream gives them), one feature at a time.
// A layer of 1M parcels is ~770 MB of text: more than a V8 string holds (~512 MB), so it cannot be one JSON.parse.
// The scanner only follows strings and nesting; each complete element of `features` (and each other top-level
// member) is JSON.parsed by itself, so JSON.parse still judges the syntax. Only the unfinished tail is kept.
import { problem, type Problem } from '../schema/problems';
import { notGeoJsonObject, topLevelProblem } from '../schema/validate';
import { jsonSyntaxProblem, jsonTooDeepProblem } from './geojson';
import { explainJsonError, findJsonError, MAX_JSON_DEPTH } from './jsonError';

export type FeatureStreamEnd =
  | { ok: true; members: Record<string, unknown>; featureCount: number }
  | { ok: false; problems: Problem[] };

export interface FeatureStream {
  /** Feeds the next piece of text; returns the features completed within it (parsed, in file order). */
  push(chunk: string): unknown[];
  /**
   * Ends the input. `members` are the top-level members other than `features` (type, kind, name, crs …); for a
   * file holding one lone Feature (no "features" array) they are that Feature, and `featureCount` is 0.
   */
  end(): FeatureStreamEnd;
  /** The top-level members read so far (a member after `features` arrives only at its place in the text). */
  readonly members: Record<string, unknown>;
  /** Elements of `features` returned so far. */
  readonly featureCount: number;
}

// Where the reader is in the text.
const START = 0; // before the top-level value
const TOP_PRIMITIVE = 1; // the top level is not an object: kept whole, judged at the end
const NAME_OR_CLOSE = 2; // after the top-level '{'
const NAME = 3; // after a ',' between members
const IN_NAME = 4;
const COLON = 5;
const VALUE = 6;
const IN_VALUE = 7;
const AFTER_MEMBER = 8;
const ELEMENT_OR_CLOSE = 9; // after the '[' of features
const ELEMENT = 10; // after a ',' between features
const IN_ELEMENT = 11;
const AFTER_ELEMENT = 12;
const DONE = 13; // after the top-level '}'

const TRUNCATED_HINT = 'the file ends early: it may be cut short';

function describe(code: number): string {
  return code < 32 || code === 127 ? `character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${String.fromCharCode(code)}'`;
}

/** A character that may begin a JSON value other than an object or array. */
const startsPrimitive = (c: number) => c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;

export function createFeatureStream(file: string): FeatureStream {
  let phase = START;
  let bomChecked = false;
  let failure: Problem | null = null;
  // Position: characters of earlier chunks (after a BOM), and the current line with the offset where it begins.
  let consumed = 0;
  let line = 1;
  let lineStart = 0;
  // The value being scanned: its nesting (relative), string/escape state, and its parent's nesting.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let primitive = false;
  let baseDepth = 0;
  // Its text: parts from earlier chunks, where it begins in the current chunk, and its line and column.
  let pieces: string[] = [];
  let captureFrom = 0;
  let valueLine = 1;
  let valueColumn = 1;
  // The last significant character before a structural position, for explainJsonError's hints.
  let previous = '';
  let name = '';
  let featuresSeen = false;
  let featuresStreamed = false;
  let featureCount = 0;
  const members: Record<string, unknown> = {};

  const columnAt = (offset: number) => offset - lineStart + 1;

  // An error between values: explainJsonError's hint looks a few characters ahead, maybe into the next pieces.
  let hintAhead: { text: string; at: number; line: number; column: number; reason: string } | null = null;
  const HINT_CHARS = 16;

  function failSyntax(chunk: string, i: number, reason: string): void {
    hintAhead = { text: previous + chunk.slice(i, i + HINT_CHARS), at: previous.length, line, column: columnAt(consumed + i), reason };
    explainFailure();
  }

  function explainFailure(): void {
    const { text, at, line: l, column, reason } = hintAhead!;
    const hint = explainJsonError(text, at);
    failure = jsonSyntaxProblem(file, l, column, reason + (hint ? ` — ${hint}` : ''));
  }

  /**
   * JSON.parse of a value's text; on failure records where (findJsonError) and returns undefined. `followers` are
   * what may come after the value in its place: a number or literal ends at the first character that cannot be
   * part of it, so the slice's "after the end of the data" is the whole file's "expected ',' or ']'".
   */
  function parseValue(text: string, followers: string | null): unknown {
    try {
      return JSON.parse(text);
    } catch {
      failAt(text, followers);
      return undefined;
    }
  }

  /** Records the first error in a value's text (findJsonError), at its line and column in the file. */
  function failAt(text: string, followers: string | null): void {
    // A value cut off at the end of the file may itself be valid so far ("[1" ending in "1").
    const found = findJsonError(text) ?? { offset: text.length, reason: 'unexpected end of the text' };
    if (followers && found.reason.endsWith(' after the end of the data')) {
      found.reason = `expected ${followers} but found ${describe(text.charCodeAt(found.offset))}`;
    }
    const offset = found.offset;
    let errorLine = valueLine;
    let last = -1;
    for (let k = 0; k < offset && k < text.length; k++) {
      if (text.charCodeAt(k) === 10) {
        errorLine++;
        last = k;
      }
    }
    const column = last < 0 ? valueColumn + offset : offset - last;
    const hint = explainJsonError(text, offset);
    const reason = found.reason + (hint ? ` — ${hint}` : '');
    failure = jsonSyntaxProblem(file, errorLine, column, reason);
  }

  /** Starts scanning a value whose first character is chunk[i]; returns the index after that character. */
  function beginValue(chunk: string, i: number, c: number, parentDepth: number): number {
    captureFrom = i;
    pieces = [];
    valueLine = line;
    valueColumn = columnAt(consumed + i);
    baseDepth = parentDepth;
    escaped = false;
    if (c === 123 || c === 91) {
      depth = 1;
      inString = false;
      primitive = false;
      if (parentDepth + 1 > MAX_JSON_DEPTH) failure = jsonTooDeepProblem(file, line, valueColumn);
    } else if (c === 34) {
      depth = 0;
      inString = true;
      primitive = false;
    } else {
      depth = 0;
      inString = false;
      primitive = true;
    }
    return i + 1;
  }

  /**
   * Scans the current value from chunk[i]: the index just after its end, or -1 when it goes on past the chunk
   * (or nests too deeply: then `failure` is set). A number or literal ends before the character that ends it.
   */
  function scan(chunk: string, i: number): number {
    const n = chunk.length;
    if (primitive) {
      for (; i < n; i++) {
        const c = chunk.charCodeAt(i);
        if (c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9) {
          primitive = false;
          return i;
        }
      }
      return -1;
    }
    let d = depth;
    let s = inString;
    if (escaped) {
      escaped = false;
      i++;
    }
    while (i < n) {
      let c = chunk.charCodeAt(i);
      if (s) {
        while (c !== 34 && c !== 92) {
          if (++i === n) {
            depth = d;
            inString = true;
            return -1;
          }
          c = chunk.charCodeAt(i);
        }
        if (c === 92) {
          i += 2;
          if (i > n) escaped = true; // the escaped character opens the next chunk
          continue;
        }
        s = false;
        i++;
        if (d === 0) {
          depth = 0;
          inString = false;
          return i;
        }
        continue;
      }
      if (c === 34) s = true;
      else if (c === 123 || c === 91) {
        if (++d + baseDepth > MAX_JSON_DEPTH) {
          failure = jsonTooDeepProblem(file, line, columnAt(consumed + i));
          return -1;
        }
      } else if (c === 125 || c === 93) {
        if (--d === 0) {
          depth = 0;
          inString = false;
          return i + 1;
        }
      } else if (c === 10) {
        line++;
        lineStart = consumed + i + 1;
      }
      i++;
    }
    depth = d;
    inString = s;
    return -1;
  }

  /** The text of the value that ends at chunk[end - 1]. */
  function valueText(chunk: string, end: number): string {
    if (pieces.length === 0) return chunk.slice(captureFrom, end);
    pieces.push(chunk.slice(0, end));
    const text = pieces.join('');
    pieces = [];
    return text;
  }

  function skipWhitespace(chunk: string, i: number): number {
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = consumed + i + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) break;
    }
    return i;
  }

  function push(chunk: string): unknown[] {
    const out: unknown[] = [];
    if (failure && hintAhead && hintAhead.text.length < hintAhead.at + HINT_CHARS) {
      hintAhead.text += chunk.slice(0, hintAhead.at + HINT_CHARS - hintAhead.text.length);
      explainFailure();
    }
    if (failure || chunk.length === 0) return out;
    if (!bomChecked) {
      bomChecked = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // a UTF-8 BOM is common from Windows tools
    }
    const n = chunk.length;
    let i = 0;
    while (i < n && !failure) {
      switch (phase) {
        case IN_ELEMENT: {
          const end = scan(chunk, i);
          if (end < 0) {
            i = n;
            break;
          }
          const value = parseValue(valueText(chunk, end), "',' or ']'");
          if (failure) break;
          out.push(value);
          featureCount++;
          previous = chunk[end - 1];
          phase = AFTER_ELEMENT;
          i = end;
          break;
        }
        case AFTER_ELEMENT: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c === 44) phase = ELEMENT;
          else if (c === 93) phase = AFTER_MEMBER;
          else {
            failSyntax(chunk, i, `expected ',' or ']' but found ${describe(c)}`);
            break;
          }
          previous = chunk[i];
          i++;
          break;
        }
        case ELEMENT:
        case ELEMENT_OR_CLOSE: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c === 93 && phase === ELEMENT_OR_CLOSE) {
            previous = ']';
            phase = AFTER_MEMBER;
            i++;
          } else if (c === 123 || c === 91 || startsPrimitive(c)) {
            i = beginValue(chunk, i, c, 2);
            phase = IN_ELEMENT;
          } else failSyntax(chunk, i, `unexpected ${describe(c)}`);
          break;
        }
        case START: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c === 123) {
            previous = '{';
            phase = NAME_OR_CLOSE;
            i++;
          } else if (c === 91) {
            const m = notGeoJsonObject([]);
            failure = problem('error', 'not-geojson', { file }, m.en, m.zh);
          } else if (startsPrimitive(c)) {
            beginValue(chunk, i, c, 0);
            phase = TOP_PRIMITIVE;
            i = n;
          } else failSyntax(chunk, i, `unexpected ${describe(c)}`);
          break;
        }
        case TOP_PRIMITIVE:
          i = n;
          break;
        case NAME_OR_CLOSE:
        case NAME: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c === 34) {
            i = beginValue(chunk, i, c, 1);
            phase = IN_NAME;
          } else if (c === 125 && phase === NAME_OR_CLOSE) {
            previous = '}';
            phase = DONE;
            i++;
          } else failSyntax(chunk, i, `expected a "name" but found ${describe(c)}`);
          break;
        }
        case IN_NAME: {
          const end = scan(chunk, i);
          if (end < 0) {
            i = n;
            break;
          }
          const value = parseValue(valueText(chunk, end), null);
          if (failure) break;
          name = value as string;
          previous = '"';
          phase = COLON;
          i = end;
          break;
        }
        case COLON: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c !== 58) {
            failSyntax(chunk, i, `expected ':' but found ${describe(c)}`);
            break;
          }
          previous = ':';
          phase = VALUE;
          i++;
          break;
        }
        case VALUE: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (name === 'features') {
            // JSON.parse would keep only the last of two: which one the layer is cannot be told.
            if (featuresSeen) {
              failure = problem('error', 'features-duplicate', { file }, `has a second "features" member (line ${line}, column ${columnAt(consumed + i)}); a layer has one`, `含有第二个 "features" 成员（第 ${line} 行第 ${columnAt(consumed + i)} 列）；图层只能有一个`);
              break;
            }
            featuresSeen = true;
            if (c === 91) {
              featuresStreamed = true;
              previous = '[';
              phase = ELEMENT_OR_CLOSE;
              i++;
              break;
            }
          }
          if (c === 123 || c === 91 || startsPrimitive(c)) {
            i = beginValue(chunk, i, c, 1);
            phase = IN_VALUE;
          } else failSyntax(chunk, i, `unexpected ${describe(c)}`);
          break;
        }
        case IN_VALUE: {
          const end = scan(chunk, i);
          if (end < 0) {
            i = n;
            break;
          }
          const value = parseValue(valueText(chunk, end), "',' or '}'");
          if (failure) break;
          // defineProperty: a member named "__proto__" stays a member, as with JSON.parse.
          Object.defineProperty(members, name, { value, enumerable: true, writable: true, configurable: true });
          previous = chunk[end - 1];
          phase = AFTER_MEMBER;
          i = end;
          break;
        }
        case AFTER_MEMBER: {
          i = skipWhitespace(chunk, i);
          if (i === n) break;
          const c = chunk.charCodeAt(i);
          if (c === 44) phase = NAME;
          else if (c === 125) phase = DONE;
          else {
            failSyntax(chunk, i, `expected ',' or '}' but found ${describe(c)}`);
            break;
          }
          previous = chunk[i];
          i++;
          break;
        }
        case DONE: {
          i = skipWhitespace(chunk, i);
          if (i < n) failSyntax(chunk, i, `unexpected ${describe(chunk.charCodeAt(i))} after the end of the data`);
          break;
        }
      }
    }
    if (!failure && (phase === IN_ELEMENT || phase === IN_VALUE || phase === IN_NAME || phase === TOP_PRIMITIVE)) {
      pieces.push(captureFrom === 0 ? chunk : chunk.slice(captureFrom));
    }
    captureFrom = 0;
    consumed += n;
    return out;
  }

  function end(): FeatureStreamEnd {
    if (failure) return { ok: false, problems: [failure] };
    if (phase === START) return { ok: false, problems: [problem('error', 'empty-file', { file }, 'is empty', '文件为空')] };
    if (phase === TOP_PRIMITIVE) {
      const value = parseValue(pieces.join(''), null);
      if (failure) return { ok: false, problems: [failure] };
      const m = notGeoJsonObject(value);
      return { ok: false, problems: [problem('error', 'not-geojson', { file }, m.en, m.zh)] };
    }
    if (phase === IN_NAME || phase === IN_VALUE || phase === IN_ELEMENT) {
      // Cut off inside a value: where its text first goes wrong (the end, or an unfinished literal).
      failAt(pieces.join(''), null);
      return { ok: false, problems: [failure!] };
    }
    if (phase !== DONE) return { ok: false, problems: [jsonSyntaxProblem(file, line, columnAt(consumed), `unexpected end of the text — ${TRUNCATED_HINT}`)] };
    if (members.type === 'Feature' && featuresStreamed) {
      return { ok: false, problems: [problem('error', 'wrong-type', { file }, 'top-level type is "Feature" but it holds a "features" array; expected "FeatureCollection"', '顶层类型为 "Feature"，却含有 "features" 数组；应为 "FeatureCollection"')] };
    }
    const shape = topLevelProblem(members.type, featuresStreamed, file);
    if (shape) return { ok: false, problems: [shape] };
    return { ok: true, members, featureCount };
  }

  return {
    push,
    end,
    members,
    get featureCount() {
      return featureCount;
    },
  };
}
