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
