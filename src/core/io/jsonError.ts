// Where a JSON text first goes wrong. JSON.parse's messages differ between engines and often give no
// position, so on failure this small scanner walks the text by the grammar of RFC 8259.

export interface JsonErrorAt {
  offset: number;
  reason: string;
}

export function findJsonError(text: string): JsonErrorAt | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (reason: string): never => {
    throw { offset: i, reason } as JsonErrorAt;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(text[i])}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) { i++; return; }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i++; fail('bad \\u escape in a string'); }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else { i++; fail('bad escape in a string'); }
      } else if (c < 32) fail('control character or line break inside a string');
      else i++;
    }
    fail('string not closed before the end of the text');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`unexpected ${describe(text[i])}`);
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail('nested too deeply');
    ws();
    if (i >= n) fail('unexpected end of the text');
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= n ? 'unexpected end of the text' : `expected a "name" but found ${describe(text[i])}`);
        string(); ws();
        if (text[i] !== ':') fail(i >= n ? 'unexpected end of the text' : `expected ':' but found ${describe(text[i])}`);
        i++;
        value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail(i >= n ? 'unexpected end of the text' : `expected ',' or '}' but found ${describe(text[i])}`);
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail(i >= n ? 'unexpected end of the text' : `expected ',' or ']' but found ${describe(text[i])}`);
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else fail(`unexpected ${describe(c)}`);
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${describe(text[i])} after the end of the data`);
    return null;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as JsonErrorAt;
    return { offset: i, reason: 'nested too deeply' }; // stack overflow on absurd nesting
  }
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of the text';
  const code = ch.charCodeAt(0);
  return code < 32 || code === 127 ? `character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${ch}'`;
}

/**
 * A plain-words reason for the commonest hand-edit faults at `offset` (where findJsonError stopped), or null:
 * NaN/Infinity, comments, single quotes, trailing commas, unquoted names, a cut-off file, two documents in one.
 */
export function explainJsonError(text: string, offset: number): string | null {
  const at = (s: string) => text.startsWith(s, offset);
  if (at('NaN')) return 'NaN is not allowed in JSON; write null for a missing number';
  if (at('Infinity') || at('-Infinity')) return 'Infinity is not allowed in JSON; write null for a missing number';
  if (at('//') || at('/*')) return 'JSON does not allow comments';
  if (at("'")) return 'JSON strings and names need double quotes (")';
  if (offset >= text.length) return 'the file ends early: it may be cut short';
  const c = text[offset];
  let p = offset - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  if ((c === ']' || c === '}') && text[p] === ',') return `a comma before '${c}' with nothing after it: remove the trailing comma`;
  if (/[A-Za-z_$\u4e00-\u9fff]/.test(c) && (text[p] === '{' || text[p] === ',')) return 'property names need double quotes (")';
  if (c === '{' || c === '[') {
    // A second document after the first (two files pasted together, or JSON Lines).
    let q = offset - 1;
    while (q >= 0 && /\s/.test(text[q])) q--;
    if (text[q] === '}' || text[q] === ']') return 'a second JSON document follows the first; a layer is one FeatureCollection';
  }
  return null;
}

/** Nesting that the app's own code (and JSON.stringify) may walk recursively: far beyond any GeoJSON layer. */
export const MAX_JSON_DEPTH = 100;

/** Where arrays/objects first nest deeper than `max` (outside strings), or null. One pass, no allocation. */
export function findExcessiveNesting(text: string, max = MAX_JSON_DEPTH): { offset: number; depth: number } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return { offset: i, depth };
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}
