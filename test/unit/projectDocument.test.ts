// The app's project ↔ project document: saved, written as a .parkatlas, read and opened again gives the same layers,
// styling and figures; a damaged layer is named with the project file and the layer, the rest still opens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { readProjectFile, writeProjectFile } from '../../src/core/project';
import { formatProblem } from '../../src/core/schema/problems';
import { isLoadError, layerFromJson, type LoadedLayer, type Project } from '../../src/ui/data/loadProject';
import { setProperties, splitFeature } from '../../src/ui/edit/geometryOps';
import { adoptNewLayers, buildDocument, fullData, projectFromDocument, sameStyling, type Styling } from '../../src/ui/project/document';

const sample = (name: string) => JSON.parse(readFileSync(`data/sample/${name}.geojson`, 'utf8'));

function load(name: string, kind: 'park' | 'zone' | 'parcel', title: string): LoadedLayer {
  const r = layerFromJson(sample(name), `${name}.geojson`, name, kind, { zh: title, en: title }, `http://x/sample/${name}.geojson`);
  if (isLoadError(r)) throw new Error('sample did not load');
  return r.layer;
}

function project(): { project: Project; styling: Styling } {
  const layers = [load('park', 'park', '园区'), load('zones', 'zone', '分区'), load('parcels', 'parcel', '宗地')];
  return {
    project: { source: 'sample', name: { zh: '汝河', en: 'Ruhe' }, reviewDate: '2026-06-30', center: null, layers, errors: [], problems: [] },
    styling: { order: ['park', 'zones', 'parcels'], visible: { park: true, zones: false, parcels: true }, opacity: { park: 1, zones: 0.4, parcels: 0.75 }, theme: { metric: 'plotRatio', method: 'quantile' } },
  };
}

const figures = (layers: readonly LoadedLayer[]) => evaluate(layers.flatMap((l) => (l.validated ? [l.validated] : [])), { reviewDate: '2026-06-30' as never });

describe('project document', () => {
  it('an edited project saves and opens again with the same data, styling and figures', () => {
    const { project: p, styling } = project();
    // Edit the parcels: split one, change an attribute of another (as the editor does), through layerFromJson.
    const parcels = p.layers[2];
    const first = parcels.data.features[0];
    const ring = (first.geometry as { coordinates: number[][][] }).coordinates[0];
    const xs = ring.map((c) => c[0]);
    const ys = ring.map((c) => c[1]);
    const midX = (Math.min(...xs) + Math.max(...xs)) / 2;
    const split = splitFeature(fullData(parcels) as never, String(first.id), { type: 'LineString', coordinates: [[midX, Math.min(...ys) - 0.001], [midX, Math.max(...ys) + 0.001]] });
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const attr = setProperties(split.data, String(parcels.data.features[1].id), { ...parcels.data.features[1].properties, investmentWan: 123 });
    if (!attr.ok) throw new Error('edit failed');
    const edited = layerFromJson(attr.data, 'parcels.geojson', 'parcels', 'parcel', parcels.title, parcels.url);
    if (isLoadError(edited)) throw new Error('edited layer did not load');
    const layers = [p.layers[0], p.layers[1], { ...edited.layer, visible: true }];

    const doc = buildDocument({ project: p, layers, styling, reviewDate: '2026-06-30', approachingDays: 120, view: { center: [114.01, 33.02], zoom: 14, bearing: 0, pitch: 0 }, decisions: null, deck: null, savedAt: '2026-07-01T00:00:00.000Z' });
    expect(doc.layers.map((l) => [l.id, l.visible, l.opacity, l.thematic])).toEqual([
      ['park', true, 1, null], ['zones', false, 0.4, null], ['parcels', true, 0.75, { metric: 'plotRatio', method: 'quantile' }],
    ]);
    const read = readProjectFile(writeProjectFile(doc), 'demo.parkatlas');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const opened = projectFromDocument(read.project, 'demo.parkatlas');
    expect(opened.skipped).toEqual([]);
    expect(opened.styling).toEqual(styling);
    expect(opened.approachingDays).toBe(120);
    expect(opened.view?.zoom).toBe(14);
    expect(opened.project.layers.map((l) => l.id)).toEqual(['park', 'zones', 'parcels']);
    expect(opened.project.layers.map((l) => l.visible)).toEqual([true, false, true]);
    expect(opened.project.layers[2].data).toEqual(layers[2].data);
    expect(opened.project.layers[2].url).toBe(parcels.url);
    // Same figures from core, parcel by parcel (split parts and the edited attribute included).
    const before = figures(layers);
    const after = figures(opened.project.layers);
    expect(after.parcels).toEqual(before.parcels);
    expect(after.parcels.find((x) => x.id === `${first.id}-a`)).toBeTruthy();
    expect(after.parks).toEqual(before.parks);
  });

  it('a layer that cannot be opened is named with the project file and the layer; the others open', () => {
    const { project: p, styling } = project();
    const doc = buildDocument({ project: p, layers: p.layers, styling, reviewDate: null, approachingDays: 90, view: null, decisions: null, deck: null, savedAt: '2026-07-01T00:00:00.000Z' });
    doc.layers[1] = { ...doc.layers[1], kind: 'zone', data: { type: 'Topology', objects: {} } };
    const opened = projectFromDocument(doc, 'broken.parkatlas');
    expect(opened.project.layers.map((l) => l.id)).toEqual(['park', 'parcels']);
    expect(opened.skipped).toEqual(['分区']);
    const text = opened.problems.map((x) => formatProblem(x, 'zh')).join('\n');
    expect(text).toContain('broken.parkatlas › 分区');
    expect(text).toContain('Topology');
  });
});

describe('adoptNewLayers (styling the map reports right after the layers or the history moved)', () => {
  const theme = { metric: 'none', method: 'quantile' } as unknown as Styling['theme'];
  const recorded: Styling = { order: ['a', 'b'], visible: { a: true, b: false }, opacity: { a: 1, b: 0.5 }, theme };

  it('takes in the layers the record lacks, as the map draws them', () => {
    const seen: Styling = { order: ['a', 'b', 'c'], visible: { a: true, b: false, c: true }, opacity: { a: 1, b: 0.5, c: 1 }, theme };
    expect(adoptNewLayers(recorded, seen)).toEqual(seen);
  });

  it('keeps the record for layers it covers, so a change made meanwhile stays a change', () => {
    const seen: Styling = { order: ['b', 'a', 'c'], visible: { a: true, b: true, c: false }, opacity: { a: 0.3, b: 0.5, c: 1 }, theme };
    const adopted = adoptNewLayers(recorded, seen);
    expect(adopted).toEqual({ order: ['a', 'b', 'c'], visible: { a: true, b: false, c: false }, opacity: { a: 1, b: 0.5, c: 1 }, theme });
    expect(sameStyling(adopted, seen)).toBe(false);
  });

  it('drops layers no longer there', () => {
    const seen: Styling = { order: ['b'], visible: { b: false }, opacity: { b: 0.5 }, theme };
    expect(adoptNewLayers(recorded, seen)).toEqual(seen);
  });
});
