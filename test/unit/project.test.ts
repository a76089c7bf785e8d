// Project files (.parkatlas): what is saved opens again identically; damaged files are reported, never thrown.
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../src/core/io/zipRead';
import { PROJECT_FORMAT, PROJECT_VERSION, readProjectFile, writeProjectFile, type ProjectDocument } from '../../src/core/project';
import { DEFAULT_RULESET } from '../../src/core/rules/ruleset';
import { formatProblem } from '../../src/core/schema/problems';

const sample = (name: string) => JSON.parse(readFileSync(`data/sample/${name}.geojson`, 'utf8'));

function doc(): ProjectDocument {
  const parcels = sample('parcels');
  // An unknown property and hostile text must come back untouched.
  parcels.features[0].properties['备注（自定义）'] = '<img src=x onerror=alert(1)>';
  return {
    format: PROJECT_FORMAT, version: PROJECT_VERSION, savedAt: '2026-11-23T08:00:00.000Z', writer: 'park-atlas test',
    name: { zh: '汝河产业集聚区', en: 'Ruhe' }, reviewDate: '2026-06-30', approachingDays: 120, rules: DEFAULT_RULESET,
    view: { center: [114.01, 33.02], zoom: 13.5, bearing: 10, pitch: 0 },
    layers: [
      { id: 'park', kind: 'park', title: { zh: '园区边界', en: 'Park' }, source: 'park.geojson', visible: true, opacity: 1, thematic: null, data: sample('park') },
      { id: 'parcels', kind: 'parcel', title: { zh: '宗地', en: 'Parcels' }, source: 'parcels.geojson', visible: false, opacity: 0.6, thematic: { metric: 'investmentIntensity', method: 'threshold' }, data: parcels },
    ],
    decisions: { format: 'park-atlas.review-decisions', version: 1, decisions: [], audit: [] },
    deck: { version: 1, slides: [{ id: 's1', title: { zh: '总览', en: 'Overview' } }] },
  };
}

describe('project files', () => {
  it('open again identically, layer data untouched', () => {
    const original = doc();
    const bytes = writeProjectFile(original);
    expect(bytes[0]).toBe(0x50); // a ZIP: PK
    const read = readProjectFile(bytes, 'demo.parkatlas');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.problems).toEqual([]);
    expect(read.project).toEqual(original);
  });

  it('also read as one plain JSON object with layers inline', () => {
    const original = doc();
    const read = readProjectFile(strToU8(JSON.stringify(original)), 'plain.parkatlas');
    expect(read.ok && read.project).toEqual(original);
  });

  it('keep the other layers when one layer file is missing or broken, naming it', () => {
    const bytes = writeProjectFile(doc());
    // Rebuild the archive without the parcels file, and once with it broken.
    const manifest = JSON.parse(new TextDecoder().decode(readZipEntry(bytes, 'project.json')));
    const parkPath = manifest.layers[0].file;
    const parcelPath = manifest.layers[1].file;
    const missing = zipSync({ 'project.json': strToU8(JSON.stringify(manifest)), [parkPath]: readZipEntry(bytes, parkPath) });
    const r1 = readProjectFile(missing, 'missing.parkatlas');
    expect(r1.ok && r1.project.layers.map((l) => l.id)).toEqual(['park']);
    expect(r1.ok && r1.problems.map((p) => formatProblem(p, 'en')).join('\n')).toMatch(/missing\.parkatlas, feature "parcels".*layers\/002-parcels\.geojson is missing/);
    const broken = zipSync({ 'project.json': strToU8(JSON.stringify(manifest)), [parkPath]: readZipEntry(bytes, parkPath), [parcelPath]: strToU8('{"type": "FeatureCollection",\n "features": [}') });
    const r2 = readProjectFile(broken, 'broken.parkatlas');
    expect(r2.ok && r2.project.layers.map((l) => l.id)).toEqual(['park']);
    expect(r2.ok && r2.problems.map((p) => formatProblem(p, 'en')).join('\n')).toMatch(/broken\.parkatlas\/layers\/002-parcels\.geojson: error: is not valid JSON at line 2/);
  });

  it('refuse what is not a project, or from a newer version, with a reason', () => {
    const msg = (bytes: Uint8Array) => {
      const r = readProjectFile(bytes, 'x.parkatlas');
      expect(r.ok).toBe(false);
      return r.problems.map((p) => formatProblem(p, 'en')).join('\n');
    };
    expect(msg(strToU8('not json at all'))).toMatch(/x\.parkatlas: error: is not valid JSON at line 1/);
    expect(msg(strToU8(JSON.stringify({ type: 'FeatureCollection', features: [] })))).toMatch(/not a Park Atlas project/);
    expect(msg(strToU8(JSON.stringify({ format: PROJECT_FORMAT, version: PROJECT_VERSION + 1 })))).toMatch(new RegExp(`newer Park Atlas \\(version ${PROJECT_VERSION + 1}\\); this one reads up to version ${PROJECT_VERSION}`));
    expect(msg(zipSync({ 'readme.txt': strToU8('hi') }))).toMatch(/without project\.json/);
  });

  it('rename a repeated layer id instead of dropping the layer', () => {
    const d = doc();
    d.layers[1].id = 'park';
    const r = readProjectFile(writeProjectFile(d), 'dup.parkatlas');
    expect(r.ok && r.project.layers.map((l) => l.id)).toEqual(['park', 'park-2']);
    expect(r.ok && r.problems[0].severity).toBe('warning');
  });
});

/** One entry of a ZIP, through core's own reader. */
function readZipEntry(bytes: Uint8Array, name: string): Uint8Array {
  const z = readZip(bytes, 'test.zip', (n) => n === name);
  const entry = z.ok ? z.files.get(name) : undefined;
  if (!entry) throw new Error(`no ${name}`);
  return entry;
}
