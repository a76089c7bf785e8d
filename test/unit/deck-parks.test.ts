// A project with two parks (issue 8): the default deck of the second park is about that park only (its figures,
// zones, villages, idle and large parcels, the camera's frame), the deck store keeps one deck per park and
// remembers the park chosen, and a deck naming a park in its camera target passes the deck checks.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeck } from '../../src/core/deck/defaultDeck';
import { resolveFigure } from '../../src/core/deck/figures';
import type { Deck } from '../../src/core/deck/types';
import { parseDeck } from '../../src/core/deck/validate';
import { evaluate, type Evaluation } from '../../src/core/evaluate';
import { validateLayer, type ValidatedLayer } from '../../src/core/schema/validate';
import { DECK_PARK_KEY, deckKey, deckPark, loadDeck, rememberPark, saveDeck } from '../../src/ui/present/deckStore';

const DIR = 'test/fixtures/metrics/small-park';
type Fc = { type: string; kind?: string; features: { id?: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };

const read = (file: string): Fc => JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'));
const shift = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? [(c as number[])[0] + 0.05, (c as number[])[1]] : (c as unknown[]).map(shift));

/** The small park (P1) and a copy 0.05° east (P2, a county park): every id prefixed `Q-`, every `park` set to P2. */
function secondPark(fc: Fc, patch: (p: Record<string, unknown>) => void = () => {}): Fc['features'] {
  return fc.features.map((f) => {
    const properties: Record<string, unknown> = { ...f.properties, id: `Q-${String(f.properties.id ?? f.id)}` };
    if ('park' in properties) properties.park = 'P2';
    patch(properties);
    return { ...f, id: `Q-${String(f.id ?? f.properties.id)}`, properties, geometry: { ...f.geometry, coordinates: shift(f.geometry.coordinates) } };
  });
}

function twoParks(): Evaluation {
  const layers: ValidatedLayer[] = ['park.geojson', 'zones.geojson', 'parcels.geojson', 'relocation.geojson'].map((file) => {
    const fc = read(file);
    const extra = file === 'park.geojson'
      ? secondPark(fc, (p) => { p.id = 'P2'; p.name = '第二园区'; p.parkClass = 'county'; })
      : secondPark(fc);
    if (file === 'park.geojson') extra[0].id = 'P2';
    const r = validateLayer({ ...fc, features: [...fc.features, ...extra] }, file);
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
    return r.value;
  });
  return evaluate(layers, { reviewDate: '2026-06-30' });
}

describe('default deck of the second park', () => {
  const ev = twoParks();
  const p1 = ev.parks.find((p) => p.id === 'P1')!;
  const p2 = ev.parks.find((p) => p.id === 'P2')!;
  const deck = defaultDeck(ev, { parkId: 'P2' });
  const value = (d: Deck, slide: string, i: number) => resolveFigure(d.slides.find((s) => s.kind === slide)!.kpis[i], { evaluation: ev, parkId: d.parkId }).value;

  it('the fixture holds two separate parks of four parcels each', () => {
    expect(ev.parks.map((p) => p.id)).toEqual(['P1', 'P2']);
    expect(p1.parcelCount).toBe(4);
    expect(p2.parcelCount).toBe(4);
    expect(ev.parcels.filter((p) => p.park === 'P2').map((p) => p.id).sort()).toEqual(['Q-A', 'Q-B', 'Q-C', 'Q-D']);
  });

  it('is about P2: its name, its class\'s intensity threshold (county: 216), its figures', () => {
    expect(deck.parkId).toBe('P2');
    expect(deck.slides[0].title.zh).toBe('第二园区 · 园区概况');
    expect(deck.slides.find((s) => s.kind === 'efficiency')!.title.zh).toBe('投资强度：控制值 ≥ 216 万元/亩');
    expect(value(deck, 'overview', 0)).toBe(p2.areaMu);
    expect(value(deck, 'overview', 1)).toBe(p2.parcelCount);
    expect(value(deck, 'relocation', 0)).toBe(p2.relocation.byStatus.done.villages);
    // The first park's deck is another deck, about P1.
    const first = defaultDeck(ev);
    expect(first.parkId).toBe('P1');
    expect(first.slides[0].title.zh).toBe('示例园区 · 园区概况');
    expect(value(first, 'overview', 0)).toBe(p1.areaMu);
  });

  it('zone cards, idle and large-project parcels are P2\'s only', () => {
    const zones = deck.slides.find((s) => s.kind === 'zones')!;
    expect(zones.kpis.map((k) => k.scope)).toEqual([null, 'Q-Z-BUILT', 'Q-Z-DEV']);
    const idle = deck.slides.find((s) => s.kind === 'idle')!.map.camera;
    const idleIds = idle.type === 'fit' && 'featureIds' in idle.target ? idle.target.featureIds : [];
    expect(idleIds.length).toBeGreaterThan(0);
    expect(idleIds.every((id) => id.startsWith('Q-'))).toBe(true);
    const large = deck.slides.find((s) => s.kind === 'largeProjects')!.map.highlight;
    expect(large).toEqual(p2.largeProjects.ids);
    expect(large.every((id) => id.startsWith('Q-'))).toBe(true);
  });

  it('every park-wide camera frames P2, not both parks', () => {
    for (const s of deck.slides) {
      const c = s.map.camera;
      if (c.type === 'fit' && 'layerKinds' in c.target) expect(c.target.park, s.kind).toBe('P2');
    }
    const efficiency = deck.slides.find((s) => s.kind === 'efficiency')!.map.camera;
    expect(efficiency).toMatchObject({ type: 'fit', target: { layerKinds: ['parcel'], park: 'P2' } });
    expect(efficiency.pitch).toBeGreaterThan(40);
  });

  it('passes the deck checks; a park that is not a string does not', () => {
    expect(parseDeck(JSON.parse(JSON.stringify(deck)), 'deck.json').ok).toBe(true);
    const bad = JSON.parse(JSON.stringify(deck));
    bad.slides[0].map.camera.target.park = 7;
    const r = parseDeck(bad, 'deck.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].field).toBe('slides[0].map.camera.target');
  });
});

describe('deck store: one deck per park, the chosen park remembered', () => {
  const ev = twoParks();
  let store: Map<string, string>;
  beforeEach(() => {
    store = new Map();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('opens on the first park, then on the park chosen', () => {
    expect(deckPark(ev)).toBe('P1');
    expect(loadDeck(ev).deck.parkId).toBe('P1');
    rememberPark('P2');
    expect(store.get(DECK_PARK_KEY)).toBe('P2');
    const second = loadDeck(ev);
    expect(second.deck.parkId).toBe('P2');
    expect(second.source).toBe('default');
    expect(loadDeck(ev, 'P1').deck.parkId).toBe('P1');
  });

  it('a park the project does not have falls back to the first', () => {
    rememberPark('P9');
    expect(deckPark(ev)).toBe('P1');
    expect(deckPark(ev, 'P9')).toBe('P1');
  });

  it('keeps each park\'s edited deck under its own key', () => {
    const d2 = defaultDeck(ev, { parkId: 'P2' });
    const edited: Deck = { ...d2, slides: d2.slides.slice(0, 3) };
    expect(saveDeck(edited)).toBe(true);
    expect(store.has(deckKey('P2'))).toBe(true);
    expect(store.get(DECK_PARK_KEY)).toBe('P2'); // the deck saved last is the one that opens next
    const back = loadDeck(ev);
    expect(back.source).toBe('stored');
    expect(back.deck.slides).toHaveLength(3);
    expect(loadDeck(ev, 'P1').deck.slides).toHaveLength(8);
  });
});
