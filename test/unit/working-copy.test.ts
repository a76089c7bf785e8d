// The autosaved working copy (issue 9): layers still as loaded from the source are referred to, changed layers are
// kept in their own store under a token and written again only when their data object changed; the record restores
// with the source's own layers, the stored rows and the settings; a source that cannot be loaded is named and the
// other layers are kept; records written before (every layer inline) still restore.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { formatProblem } from '../../src/core/schema/problems';
import { isLoadError, layerFromJson, type LoadedLayer, type LoadError, type Project } from '../../src/ui/data/loadProject';
import { setProperties } from '../../src/ui/edit/geometryOps';
import { buildDocument, fullData, planWorkingCopy, StoredLayers, type CarriedLayer, type Styling, type WorkingLayer } from '../../src/ui/project/document';
import { isSourceUnchanged, rememberSource, restoreRecord } from '../../src/ui/project/start';
import { rowsToPut, storedRefsOf, type WorkingCopy, type WorkingLayerRow, type WorkingLayerWrite, type WorkingRecord } from '../../src/ui/store/db';

const sample = (name: string) => JSON.parse(readFileSync(`data/sample/${name}.geojson`, 'utf8'));
const URL_OF = (name: string) => `http://x/sample/${name}.geojson`;

function load(name: string, kind: 'park' | 'zone' | 'parcel', title: string): LoadedLayer {
  const r = layerFromJson(sample(name), `${name}.geojson`, name, kind, { zh: title, en: title }, URL_OF(name));
  if (isLoadError(r)) throw new Error('sample did not load');
  return r.layer;
}

/** The source the app was opened on, loaded once (as loadProject at start). */
function source(): Project {
  const layers = [load('park', 'park', '园区'), load('zones', 'zone', '分区'), load('parcels', 'parcel', '宗地')];
  const project: Project = { source: 'sample', name: { zh: '汝河', en: 'Ruhe' }, reviewDate: '2026-06-30', center: null, layers, errors: [], problems: [] };
  rememberSource(project);
  return project;
}

const STYLING: Styling = { order: ['park', 'zones', 'parcels'], visible: { park: true, zones: false, parcels: true }, opacity: { park: 1, zones: 0.4, parcels: 0.75 }, theme: { metric: 'plotRatio', method: 'quantile' } };

/** An attribute edit of the parcels, as the editor makes it (a new layer through layerFromJson). */
function editParcel(layer: LoadedLayer, id: string, changes: Record<string, unknown>): LoadedLayer {
  const f = layer.data.features.find((x) => String(x.id) === id)!;
  const r = setProperties(fullData(layer) as never, id, { ...f.properties, ...changes });
  if (!r.ok) throw new Error('edit failed');
  const loaded = layerFromJson(r.data, 'parcels.geojson', layer.id, 'parcel', layer.title, layer.url);
  if (isLoadError(loaded)) throw new Error('edited layer did not load');
  return { ...loaded.layer, visible: layer.visible };
}

let tokens = 0;
function plan(project: Project, layers: readonly LoadedLayer[], stored: StoredLayers, extra: { reviewDate?: string; carried?: CarriedLayer[] } = {}) {
  return planWorkingCopy({
    sourceKey: 'sample', project, layers, styling: STYLING, reviewDate: extra.reviewDate ?? '2026-06-30', approachingDays: 120,
    view: { center: [114.01, 33.02], zoom: 14, bearing: 0, pitch: 0 }, decisions: null, deck: null, savedAt: '2026-11-23T10:00:00.000Z',
    isSourceUnchanged, stored, carried: extra.carried, newToken: () => `t${++tokens}`,
  });
}

/**
 * What IndexedDB does with a save (saveWorkingCopy): the rows a save must put are put, rows no longer referred to go,
 * the record replaces the old one; values are structured clones, as the browser stores them.
 */
class FakeStore {
  record: WorkingRecord | null = null;
  rows = new Map<string, WorkingLayerRow>();
  puts: string[] = [];
  save(record: WorkingRecord, layers: readonly WorkingLayerWrite[]): void {
    const put = rowsToPut(this.record, layers);
    for (const l of put) this.rows.set(l.layerId, structuredClone({ sourceKey: record.sourceKey, layerId: l.layerId, token: l.token, data: l.data }));
    for (const id of [...this.rows.keys()]) if (!layers.some((l) => l.layerId === id)) this.rows.delete(id);
    this.puts.push(...put.map((l) => l.layerId));
    this.record = structuredClone(record);
  }
  load(): WorkingCopy {
    const record = structuredClone(this.record!);
    const layers = new Map([...storedRefsOf(record).keys()].flatMap((id) => (this.rows.has(id) ? [[id, structuredClone(this.rows.get(id)!)] as const] : [])));
    return { record, layers };
  }
}

const docLayers = (r: WorkingRecord) => (r.doc as { layers: WorkingLayer[] }).layers;
const figures = (layers: readonly LoadedLayer[]) => evaluate(layers.flatMap((l) => (l.validated ? [l.validated] : [])), { reviewDate: '2026-06-30' as never });

describe('working copy: what a save writes', () => {
  it('a project with every layer unchanged is a small record: references to the source, no layer data', () => {
    const src = source();
    const p = plan(src, src.layers, new StoredLayers(), { reviewDate: '2027-03-31' });
    expect(p.layers).toEqual([]);
    expect(docLayers(p.record).map((l) => [l.id, l.data, l.ref])).toEqual([
      ['park', null, { sourceUnchanged: true, url: URL_OF('park') }],
      ['zones', null, { sourceUnchanged: true, url: URL_OF('zones') }],
      ['parcels', null, { sourceUnchanged: true, url: URL_OF('parcels') }],
    ]);
    expect((p.record.doc as { reviewDate: string }).reviewDate).toBe('2027-03-31');
    // The whole record is a few kilobytes whatever the layers hold.
    expect(JSON.stringify(p.record).length).toBeLessThan(20_000);
  });

  it('a layer shown with other visibility (a new layer object, the same data) is still unchanged', () => {
    const src = source();
    const layers = src.layers.map((l) => ({ ...l, visible: !l.visible }));
    expect(layers.every(isSourceUnchanged)).toBe(true);
    // The same file loaded again (another load of the source) is not this source's object: it is a changed layer.
    expect(isSourceUnchanged(load('park', 'park', '园区'))).toBe(false);
    // The source's data under another id or address are not a reference to it.
    expect(isSourceUnchanged({ ...src.layers[0], id: 'park-2' })).toBe(false);
    expect(isSourceUnchanged({ ...src.layers[0], url: 'http://y/park.geojson' })).toBe(false);
  });

  it('an edited layer is written once under a token; later saves refer to it until it changes again', () => {
    const src = source();
    const stored = new StoredLayers();
    const db = new FakeStore();
    const edited = editParcel(src.layers[2], 'RH-003', { investmentWan: 15000 });
    const layers1 = [src.layers[0], src.layers[1], edited];
    const p1 = plan(src, layers1, stored);
    expect(p1.layers.map((l) => [l.layerId, l.written])).toEqual([['parcels', false]]);
    expect(p1.layers[0].data).toBe(fullData(edited));
    const ref1 = docLayers(p1.record).find((l) => l.id === 'parcels')!.ref;
    expect(ref1).toEqual({ stored: true, token: p1.layers[0].token });
    db.save(p1.record, p1.layers);
    stored.reset(p1.layers);
    expect(db.puts).toEqual(['parcels']);

    // A review-date change: the same data object, the same token, nothing written but the record.
    const p2 = plan(src, layers1, stored, { reviewDate: '2027-01-01' });
    expect(p2.layers).toEqual([{ layerId: 'parcels', token: p1.layers[0].token, data: fullData(edited), written: true }]);
    db.save(p2.record, p2.layers);
    stored.reset(p2.layers);
    expect(db.puts).toEqual(['parcels']);

    // Edited again: a new token, written again.
    const again = editParcel(edited, 'RH-003', { name: '第二次' });
    const p3 = plan(src, [src.layers[0], src.layers[1], again], stored);
    expect(p3.layers.map((l) => [l.layerId, l.written])).toEqual([['parcels', false]]);
    expect(p3.layers[0].token).not.toBe(p1.layers[0].token);
    db.save(p3.record, p3.layers);
    stored.reset(p3.layers);
    expect(db.puts).toEqual(['parcels', 'parcels']);

    // Undone to the source's data: referred to again, and its row goes in the same save.
    const p4 = plan(src, src.layers, stored);
    expect(p4.layers).toEqual([]);
    db.save(p4.record, p4.layers);
    stored.reset(p4.layers);
    expect([...db.rows.keys()]).toEqual([]);
    // Redone: its row was removed, so it is written again under a new token (the old one is not trusted).
    const p5 = plan(src, [src.layers[0], src.layers[1], again], stored);
    expect(p5.layers.map((l) => l.written)).toEqual([false]);
  });

  it('a row the stored record does not hold under that token is written even when this tab believes it is stored', () => {
    const write = { layerId: 'parcels', token: 't-a', data: {}, written: true };
    const record = (token: string): WorkingRecord => ({ sourceKey: 'sample', savedAt: '', projectSource: 'sample', doc: { layers: [{ id: 'parcels', data: null, ref: { stored: true, token } }] } });
    expect(rowsToPut(record('t-a'), [write])).toEqual([]);
    // Another tab saved meanwhile (its token), or there is no record: the data are written.
    expect(rowsToPut(record('t-b'), [write])).toEqual([write]);
    expect(rowsToPut(null, [write])).toEqual([write]);
    // A record written before (every layer inline) refers to nothing.
    expect(storedRefsOf({ sourceKey: 'sample', savedAt: '', projectSource: 'sample', doc: { layers: [{ id: 'parcels', data: { type: 'FeatureCollection', features: [] } }] } }).size).toBe(0);
    expect(rowsToPut(record('t-a'), [{ ...write, written: false }])).toHaveLength(1);
  });
});

describe('working copy: restore', () => {
  it('unchanged layers come from the source (the very objects), the edited one from its row, with the settings', () => {
    const src = source();
    const stored = new StoredLayers();
    const db = new FakeStore();
    const edited = editParcel(src.layers[2], 'RH-003', { investmentWan: 15000, name: '断电测试' });
    const layers = [src.layers[0], src.layers[1], edited];
    const p = plan(src, layers, stored, { reviewDate: '2027-03-31' });
    db.save(p.record, p.layers);

    const r = restoreRecord(db.load(), '?lang=zh', src);
    if (!('project' in r)) throw new Error(r.problems.join('\n'));
    const { project, restored } = r;
    expect(project.reviewDate).toBe('2027-03-31');
    expect(restored.approachingDays).toBe(120);
    expect(restored.styling).toEqual(STYLING);
    expect(restored.view?.zoom).toBe(14);
    expect(project.layers.map((l) => l.id)).toEqual(['park', 'zones', 'parcels']);
    expect(project.layers.map((l) => l.visible)).toEqual([true, false, true]);
    // The source's own data objects: still unchanged for the next save (nothing written for them).
    expect(project.layers[0].validated).toBe(src.layers[0].validated);
    expect(project.layers[1].data).toBe(src.layers[1].data);
    expect(project.layers.slice(0, 2).every(isSourceUnchanged)).toBe(true);
    expect(isSourceUnchanged(project.layers[2])).toBe(false);
    const rh003 = project.layers[2].data.features.find((f) => f.id === 'RH-003')!.properties!;
    expect([rh003.investmentWan, rh003.name]).toEqual([15000, '断电测试']);
    expect(figures(project.layers).parcels).toEqual(figures(layers).parcels);
    expect(project.problems.filter((x) => x.severity === 'error')).toEqual([]);

    // The next save after the restore writes nothing but the record.
    stored.reset(restored.stored ?? []);
    const next = plan(project, project.layers, stored, { reviewDate: '2027-04-01' });
    expect(next.layers.map((l) => [l.layerId, l.written, l.token])).toEqual([['parcels', true, p.layers[0].token]]);
    db.save(next.record, next.layers);
    expect(db.puts).toEqual(['parcels']);
  });

  it('a source that cannot be loaded is named with the layer and its file; the other layers are kept and the reference carried', () => {
    const src = source();
    const edited = editParcel(src.layers[2], 'RH-003', { investmentWan: 15000 });
    const db = new FakeStore();
    const p = plan(src, [src.layers[0], src.layers[1], edited], new StoredLayers());
    db.save(p.record, p.layers);

    // The zones file answers 404 this time; the park loads.
    const failure: LoadError = { file: 'zones.geojson', url: URL_OF('zones'), failure: { code: 'http', status: 404 } };
    const partial: Project = { ...src, layers: [src.layers[0]], errors: [failure] };
    const r = restoreRecord(db.load(), '', partial);
    if (!('project' in r)) throw new Error(r.problems.join('\n'));
    expect(r.project.layers.map((l) => l.id)).toEqual(['park', 'parcels']);
    expect(r.project.layers[1].data.features.find((f) => f.id === 'RH-003')!.properties!.investmentWan).toBe(15000);
    const text = r.project.problems.map((x) => formatProblem(x, 'zh')).join('\n');
    expect(text).toContain('zones.geojson');
    expect(text).toContain('分区');
    expect(r.project.errors).toEqual([failure]);
    expect(r.restored.unresolved?.map((c) => [c.index, c.layer.id, c.layer.ref])).toEqual([[1, 'zones', { sourceUnchanged: true, url: URL_OF('zones') }]]);

    // Saved again, the copy still refers to the zones: they are back once the file loads.
    const stored = new StoredLayers();
    stored.reset(r.restored.stored ?? []);
    const again = plan(r.project, r.project.layers, stored, { carried: r.restored.unresolved });
    // In its place in the drawing order.
    expect(docLayers(again.record).map((l) => l.id)).toEqual(['park', 'zones', 'parcels']);
    db.save(again.record, again.layers);
    const back = restoreRecord(db.load(), '', src);
    if (!('project' in back)) throw new Error(back.problems.join('\n'));
    expect(back.project.layers.map((l) => l.id)).toEqual(['park', 'zones', 'parcels']);
    expect(back.restored.styling.order).toEqual(['park', 'zones', 'parcels']);
    expect(back.restored.unresolved).toEqual([]);

    // No source at all (every file failed): the changed layer is still restored, the others named.
    const none = restoreRecord(db.load(), '', null, 'TypeError: Failed to fetch');
    if (!('project' in none)) throw new Error(none.problems.join('\n'));
    expect(none.project.layers.map((l) => l.id)).toEqual(['parcels']);
    const noneText = none.project.problems.map((x) => formatProblem(x, 'en')).join('\n');
    expect(noneText).toContain('park.geojson');
    expect(noneText).toContain('zones.geojson');
    expect(noneText).toContain('Failed to fetch');
  });

  it('a record whose only layers are unchanged restores with no layers when the source fails, and says why', () => {
    const src = source();
    const db = new FakeStore();
    const p = plan(src, src.layers, new StoredLayers(), { reviewDate: '2027-03-31' });
    db.save(p.record, p.layers);
    const r = restoreRecord(db.load(), '', null, 'TypeError: Failed to fetch');
    if (!('project' in r)) throw new Error('an unloadable source made the working copy "unreadable"');
    expect(r.project.layers).toEqual([]);
    expect(r.project.reviewDate).toBe('2027-03-31');
    expect(r.restored.unresolved).toHaveLength(3);
  });

  it('a stored row that is missing is reported by layer; the other layers are restored', () => {
    const src = source();
    const edited = editParcel(src.layers[2], 'RH-003', { investmentWan: 15000 });
    const db = new FakeStore();
    const p = plan(src, [src.layers[0], src.layers[1], edited], new StoredLayers());
    db.save(p.record, p.layers);
    db.rows.clear();
    const r = restoreRecord(db.load(), '', src);
    if (!('project' in r)) throw new Error(r.problems.join('\n'));
    expect(r.project.layers.map((l) => l.id)).toEqual(['park', 'zones']);
    expect(r.project.problems.map((x) => formatProblem(x, 'zh')).join('\n')).toContain('宗地');
  });

  it('a record written by the previous version (every layer inline) still restores, without the source', () => {
    const src = source();
    const edited = editParcel(src.layers[2], 'RH-003', { investmentWan: 15000 });
    const layers = [src.layers[0], src.layers[1], edited];
    const doc = buildDocument({ project: src, layers, styling: STYLING, reviewDate: '2027-03-31', approachingDays: 120, view: null, decisions: null, deck: null, savedAt: '2026-11-23T09:00:00.000Z' });
    const old: WorkingCopy = { record: structuredClone({ sourceKey: 'sample', savedAt: doc.savedAt, projectSource: 'sample', doc }), layers: new Map() };
    const r = restoreRecord(old, '', null);
    if (!('project' in r)) throw new Error(r.problems.join('\n'));
    expect(r.project.reviewDate).toBe('2027-03-31');
    expect(r.restored.styling).toEqual(STYLING);
    expect(r.project.layers.map((l) => l.id)).toEqual(['park', 'zones', 'parcels']);
    expect(r.project.layers[2].data.features.find((f) => f.id === 'RH-003')!.properties!.investmentWan).toBe(15000);
    expect(figures(r.project.layers).parcels).toEqual(figures(layers).parcels);
    // Its first save under this version puts every layer in the layers store once (they are new objects).
    const stored = new StoredLayers();
    stored.reset(r.restored.stored ?? []);
    const p = plan(r.project, r.project.layers, stored);
    expect(p.layers.map((l) => [l.layerId, l.written])).toEqual([['park', false], ['zones', false], ['parcels', false]]);
  });

  it('an unreadable record is reported as such', () => {
    const bad: WorkingCopy = { record: { sourceKey: 'sample', savedAt: '', projectSource: 'sample', doc: { format: 'something-else' } }, layers: new Map() };
    const r = restoreRecord(bad, '', null);
    expect('problems' in r && r.problems.join('\n')).toContain('format');
  });
});
