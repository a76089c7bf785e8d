import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFeatureStream } from '../../src/core/io/featureStream';
import { parseGeoJsonText, parseJsonText } from '../../src/core/io/geojson';
import { createLayerReader } from '../../src/core/io/layerStream';

const SAMPLE = new URL('../../data/sample/', import.meta.url);
const sampleFiles = readdirSync(SAMPLE).filter((f) => f.endsWith('.geojson')).sort();
const sample = (name: string) => readFileSync(new URL(name, SAMPLE), 'utf8');

/** The text cut at `cuts` (any order, repeats allowed: empty pieces are fed too). */
function split(text: string, cuts: readonly number[]): string[] {
  const at = [...cuts].map((c) => Math.max(0, Math.min(text.length, c))).sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

function streamChunks(chunks: readonly string[], file = 'f.geojson') {
  const stream = createFeatureStream(file);
  const features: unknown[] = [];
  for (const chunk of chunks) for (const f of stream.push(chunk)) features.push(f);
  return { features, end: stream.end() };
}

/** What the stream must give for a text JSON.parse reads as a FeatureCollection. */
function expected(text: string) {
  const { features, ...members } = JSON.parse(text.replace(/^\uFEFF/, '')) as { features: unknown[] };
  return { features, end: { ok: true, members, featureCount: features.length } };
}

function expectSameAsJsonParse(text: string, cuts: readonly number[]) {
  expect(streamChunks(split(text, cuts))).toEqual(expected(text));
}

function firstProblem(r: ReturnType<typeof streamChunks>) {
  expect(r.end.ok).toBe(false);
  return r.end.ok ? null : r.end.problems[0];
}

describe('createFeatureStream on the sample files', () => {
  it.each(sampleFiles)('reads %s as JSON.parse does', (name) => {
    const text = sample(name);
    expectSameAsJsonParse(text, []);
    expect(expected(text).features.length).toBeGreaterThan(0);
  });

  it.each(['park.geojson', 'zones.geojson'])('reads %s split into two or three pieces at every position, and one character at a time', (name) => {
    const text = sample(name);
    for (let i = 0; i <= text.length; i++) {
      expectSameAsJsonParse(text, [i]);
      expectSameAsJsonParse(text, [i, i + 1]);
    }
    expect(streamChunks([...text])).toEqual(expected(text));
  });

  it.each(['parcels.geojson', 'plan-urban_master.geojson', 'relocation.geojson'])('reads %s split at random positions', (name) => {
    const text = sample(name);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 60 }), (cuts) => {
        expectSameAsJsonParse(text, cuts);
      }),
      { numRuns: 40 },
    );
  });

  it('skips a UTF-8 BOM, also when it comes as a piece of its own', () => {
    const text = sample('zones.geojson');
    expectSameAsJsonParse(`\uFEFF${text}`, []);
    expectSameAsJsonParse(`\uFEFF${text}`, [1]);
    expectSameAsJsonParse(`\uFEFF${text}`, [1, 2, 50]);
  });
});

// Collections with awkward text: escapes, quotes, backslashes, control characters, astral characters, nested
// members before and after `features`, numbers in every form JSON.stringify writes, and varied spacing.
const awkwardString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\\"', '\\\\"', '}]', '{[', '\n', '\u2028', '😀', '\uFEFF', '园区"一张图"'));
const awkwardValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    awkwardString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(awkwardString, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const element = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('Feature'), id: fc.oneof(awkwardString, fc.integer()), properties: fc.dictionary(awkwardString, awkwardValue, { maxKeys: 6 }), geometry: awkwardValue }) },
  { weight: 1, arbitrary: awkwardValue },
);
const collectionText = fc
  .record({
    before: fc.dictionary(awkwardString, awkwardValue, { maxKeys: 3 }),
    after: fc.dictionary(awkwardString, awkwardValue, { maxKeys: 3 }),
    features: fc.array(element, { maxLength: 12 }),
    space: fc.constantFrom(undefined, 1, 2, '\t'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ before, after, features, space, crlf, bom }) => {
    const top: Record<string, unknown> = { type: 'FeatureCollection' };
    for (const [k, v] of Object.entries(before)) if (k !== 'features') top[k] = v;
    top.features = features;
    for (const [k, v] of Object.entries(after)) if (k !== 'features' && !(k in top)) top[k] = v;
    const text = JSON.stringify(top, null, space);
    // Raw line breaks occur only between tokens (JSON.stringify escapes them in strings).
    return (bom ? '\uFEFF' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
  });

describe('createFeatureStream on generated collections', () => {
  it('gives what JSON.parse gives, however the text is cut', () => {
    fc.assert(
      fc.property(collectionText, fc.array(fc.nat({ max: 100_000 }), { maxLength: 30 }), (text, cuts) => {
        expectSameAsJsonParse(text, cuts.map((c) => c % (text.length + 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('returns each feature from the push whose piece completes it', () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","id":1},{"type":"Feature","id":2}]}';
    const stream = createFeatureStream('f.geojson');
    expect(stream.push(text.slice(0, 50))).toEqual([]);
    expect(stream.members).toEqual({ type: 'FeatureCollection' });
    expect(stream.push(text.slice(50, 70))).toEqual([{ type: 'Feature', id: 1 }]);
    expect(stream.push(text.slice(70))).toEqual([{ type: 'Feature', id: 2 }]);
    expect(stream.featureCount).toBe(2);
    expect(stream.end()).toEqual({ ok: true, members: { type: 'FeatureCollection' }, featureCount: 2 });
  });

  it('keeps a member named "__proto__" as a member, as JSON.parse does', () => {
    const r = streamChunks(['{"__proto__":{"x":1},"type":"FeatureCollection","features":[]}']);
    expect(r.end.ok && Object.getPrototypeOf(r.end.members)).toBe(Object.prototype);
    expect(r.end.ok && Object.keys(r.end.members)).toEqual(['__proto__', 'type']);
  });

  it('gives a lone Feature as the members, with no features', () => {
    const feature = { type: 'Feature', id: 'A', properties: { name: '甲' }, geometry: null };
    expect(streamChunks(split(JSON.stringify(feature), [10, 20])).end).toEqual({ ok: true, members: feature, featureCount: 0 });
  });
});

describe('createFeatureStream on broken input', () => {
  const file = 'parcels.geojson';

  it('reports a file cut short exactly as parseJsonText does, at every length', () => {
    const text = sample('zones.geojson');
    for (let n = 0; n < text.trimEnd().length; n++) {
      const prefix = text.slice(0, n);
      const plain = parseJsonText(prefix, file);
      expect(plain.ok).toBe(false);
      if (plain.ok) continue;
      expect(streamChunks([prefix], file).end).toEqual({ ok: false, problems: plain.problems });
      expect(streamChunks(split(prefix, [n >> 1, n - 3]), file).end).toEqual({ ok: false, problems: plain.problems });
    }
  });

  it('names the file, line and column of a syntax error inside a feature, in any pieces', () => {
    const text = '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature", "properties": {"a": 1,}, "geometry": null}\n]}';
    for (let i = 0; i <= text.length; i++) {
      const p = firstProblem(streamChunks(split(text, [i]), file));
      expect(p).toMatchObject({ severity: 'error', code: 'json-syntax', file });
      expect(p!.message.en).toBe("is not valid JSON at line 3, column 45: expected a \"name\" but found '}' — a comma before '}' with nothing after it: remove the trailing comma");
      expect(p).toEqual((parseJsonText(text, file) as { problems: unknown[] }).problems[0]);
    }
  });

  it.each([
    ['a trailing comma in features', '{"type":"FeatureCollection","features":[{"type":"Feature"},\n]}', 'json-syntax', "line 2, column 1: unexpected ']' — a comma before ']' with nothing after it: remove the trailing comma"],
    ['a second document', '{"type":"FeatureCollection","features":[]}\n{"type":"FeatureCollection"}', 'json-syntax', "line 2, column 1: unexpected '{' after the end of the data — a second JSON document follows the first; a layer is one FeatureCollection"],
    ['garbage before the data', 'hello', 'json-syntax', "line 1, column 1: unexpected 'h'"],
    ['an unbalanced bracket in a feature', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[1,2]]]}]}', 'json-syntax', "line 1, column 109: expected ',' or '}' but found ']'"],
    ['a missing colon', '{"type" "FeatureCollection"}', 'json-syntax', "line 1, column 9: expected ':' but found '\"'"],
    ['a comment', '{"type":"FeatureCollection", // layer\n"features":[]}', 'json-syntax', 'line 1, column 30: expected a "name" but found \'/\' — JSON does not allow comments'],
    ['NaN in a feature', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":NaN}}]}', 'json-syntax', "line 1, column 77: unexpected 'N' — NaN is not allowed in JSON; write null for a missing number"],
    ['a bad number between features', '{"type":"FeatureCollection","features":[1.,2]}', 'json-syntax', "line 1, column 42: expected ',' or ']' but found '.'"],
    ['a missing comma between features', '{"type":"FeatureCollection","features":[{} {}]}', 'json-syntax', "line 1, column 44: expected ',' or ']' but found '{' — a second JSON document follows the first; a layer is one FeatureCollection"],
  ])('reports %s with its line and column', (_name, text, code, where) => {
    for (const cuts of [[], [text.length >> 1], [...text].map((_, i) => i)]) {
      const p = firstProblem(streamChunks(split(text, cuts), file));
      expect(p).toMatchObject({ severity: 'error', code, file });
      expect(p!.message.en).toBe(`is not valid JSON at ${where}`);
      // The plain path finds the same place for the same reason.
      const plain = parseJsonText(text, file);
      expect(!plain.ok && plain.problems[0].message.en).toBe(p!.message.en);
    }
  });

  it.each([
    ['a JSON array', '[{"type":"Feature"}]', 'not-geojson', 'is not a GeoJSON object: it holds a JSON array'],
    ['a string', ' "FeatureCollection" ', 'not-geojson', 'holds a string'],
    ['a number', '42', 'not-geojson', 'holds a number'],
    ['null', 'null', 'not-geojson', 'holds null'],
    ['another GeoJSON type', '{"type":"GeometryCollection","geometries":[]}', 'wrong-type', 'top-level type is "GeometryCollection", expected "FeatureCollection"'],
    ['no type', '{"features":[]}', 'wrong-type', 'top-level type is missing'],
    ['no features', '{"type":"FeatureCollection","name":"x"}', 'features-missing', 'FeatureCollection has no "features" array'],
    ['features that are not an array', '{"type":"FeatureCollection","features":{"0":{}}}', 'features-missing', 'FeatureCollection has no "features" array'],
    ['two features members', '{"type":"FeatureCollection","features":[],\n "features":[]}', 'features-duplicate', 'has a second "features" member (line 2, column 13)'],
    ['a Feature holding features', '{"type":"Feature","features":[{"type":"Feature"}]}', 'wrong-type', 'top-level type is "Feature" but it holds a "features" array'],
    ['an empty file', ' \n\t ', 'empty-file', 'is empty'],
    ['a BOM alone', '\uFEFF', 'empty-file', 'is empty'],
  ])('reports %s as not a layer', (_name, text, code, message) => {
    const p = firstProblem(streamChunks(split(text, [3]), file));
    expect(p).toMatchObject({ severity: 'error', code, file });
    expect(p!.message.en).toContain(message);
  });

  it('stops at nesting deeper than the limit, where parseJsonText does', () => {
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":${'['.repeat(120)}${']'.repeat(120)}}}]}`;
    const plain = parseJsonText(deep, file);
    expect(plain.ok).toBe(false);
    for (const cuts of [[], [80, 81, 150]]) {
      const r = streamChunks(split(deep, cuts), file);
      expect(r.end).toEqual({ ok: false, problems: !plain.ok ? plain.problems : [] });
      expect(r.features).toEqual([]);
    }
    expect(!plain.ok && plain.problems[0].code).toBe('json-too-deep');
  });

  it('returns nothing more after an error, and keeps reporting it', () => {
    const stream = createFeatureStream(file);
    expect(stream.push('{"type":"FeatureCollection","features":[{"type":"Feature"},x')).toEqual([{ type: 'Feature' }]);
    expect(stream.push(',{"type":"Feature"}]}')).toEqual([]);
    const end = stream.end();
    expect(!end.ok && end.problems.map((p) => p.code)).toEqual(['json-syntax']);
  });
});

describe('createLayerReader (stream + layerValidator) against parseGeoJsonText', () => {
  // One-character edits of small layers, in random pieces: the same layer, or the same problems, as the plain path.
  const edit = fc.record({
    kind: fc.constantFrom('replace', 'insert', 'delete'),
    at: fc.nat(),
    char: fc.oneof(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '-', '.', 'e', 'n', 'x', "'", '/', 'N', '\uFEFF'), fc.string({ minLength: 1, maxLength: 1 })),
  });
  it.each(['park.geojson', 'zones.geojson', 'relocation.geojson', 'plan-eco_env.geojson'])('agrees on %s with one character changed', (name) => {
    const compact = sample(name);
    // Also laid out on many lines, so that errors follow line breaks inside features.
    const indented = JSON.stringify(JSON.parse(compact), null, 2);
    fc.assert(
      fc.property(edit, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom(undefined, 'park', 'zone', 'relocation', 'plan', 'parcel'), fc.boolean(), (e, cuts, kind, layout) => {
        const original = layout ? indented : compact;
        const at = e.at % (original.length + 1);
        const text = original.slice(0, at) + (e.kind === 'delete' ? '' : e.char) + original.slice(e.kind === 'insert' ? at : at + 1);
        // A top-level array is named as such at once, even when it would not parse to the end.
        fc.pre(!/^\uFEFF?\s*\[/.test(text));
        const reader = createLayerReader(name, kind as never);
        for (const chunk of split(text, cuts.map((c) => c % (text.length + 1)))) reader.push(chunk);
        expect(reader.end()).toEqual(parseGeoJsonText(text, name, kind as never));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a lone Feature as a collection of one, and a wrong top level as not a layer, as parseGeoJsonText does', () => {
    const square = [[[114, 33], [114.001, 33], [114.001, 33.001], [114, 33]]];
    for (const json of [
      { type: 'Feature', id: 'Z1', properties: { zoneType: 'built' }, geometry: { type: 'Polygon', coordinates: square } },
      { type: 'FeatureCollection', kind: 'zone' },
      { type: 'Polygon', coordinates: square },
    ]) {
      const text = JSON.stringify(json, null, 1);
      for (const cuts of [[], [7, 30]]) {
        const reader = createLayerReader('z.geojson');
        for (const chunk of split(text, cuts)) reader.push(chunk);
        expect(reader.end()).toEqual(parseGeoJsonText(text, 'z.geojson'));
      }
    }
  });

  it.each(sampleFiles)('reads %s as parseGeoJsonText does', (name) => {
    const text = sample(name);
    const reader = createLayerReader(name);
    const streamed: unknown[] = [];
    for (const chunk of split(text, [100, 2000, 2001, 50_000])) streamed.push(...reader.push(chunk).features);
    const result = reader.end();
    expect(result).toEqual(parseGeoJsonText(text, name));
    // The layer's kind is at the top, before its features: they are checked as they arrive.
    expect(result.ok && streamed).toEqual(result.ok ? result.value.layer.features : null);
    expect(reader.featureCount).toBe(result.ok ? result.value.layer.features.length : -1);
  });
});
