// The conflicts slide draws the 五规合一 conflict polygons (src/ui/present/scene.ts): the conflict summary the slides
// get carries the overlay's result, the slide's map gets the 五规合一 panel's layer (conflictLayer.ts: kind
// `conflict`, one feature per conflict with the CLI's ids, above every project layer), on the conflicts slide and
// on a view captured with the layer shown, and on no other slide.
import { describe, expect, it } from 'vitest';
import { conflictSummary } from '../../src/core/deck/conflictSummary';
import { defaultDeck } from '../../src/core/deck/defaultDeck';
import type { Slide } from '../../src/core/deck/types';
import { evaluate } from '../../src/core/evaluate';
import { detectConflictsSync } from '../../src/core/overlay/detect';
import { conflictId } from '../../src/core/overlay/types';
import type { MapController } from '../../src/map/MapController';
import type { DerivedLayer, MapLayerKind } from '../../src/map/types';
import { CONFLICT_LAYER_ID } from '../../src/ui/conflicts/conflictLayer';
import { applySlideLayers, planTypeOf, SceneCache, showsConflicts, type PresentLayer } from '../../src/ui/present/scene';
import { loadLayers } from '../fixtures/review/sample';

const FILES = ['plan-land_use', 'plan-urban_master', 'plan-park_master', 'plan-eco_env', 'plan-public_infra', 'zones', 'relocation', 'parcels', 'park'].map((n) => `data/sample/${n}.geojson`);
const validated = loadLayers(FILES);
const result = detectConflictsSync(validated);
const evaluation = evaluate(validated, { reviewDate: '2026-06-30' });
const layers: PresentLayer[] = validated.map((v, i) => ({ id: `L${i}`, kind: v.kind as MapLayerKind, data: v.layer, planType: planTypeOf(v.kind as MapLayerKind, v.layer) }));
const deck = defaultDeck(evaluation);
const slideOf = (kind: Slide['kind']) => deck.slides.find((s) => s.kind === kind)!;

/** A map that only records what a slide asks of it. */
function recorder() {
  const derived = new Map<string, DerivedLayer | null>();
  const noop = () => {};
  const controller = { setLayerVisibility: noop, setDerivedLayer: (id: string, l: DerivedLayer | null) => derived.set(id, l), setThematic: noop, setExtrusion: noop, setHighlight: noop };
  return { controller: controller as unknown as MapController, derived };
}

describe('conflict polygons on the slides', () => {
  it('the summary carries the result it counts', () => {
    expect(result.conflicts.length).toBeGreaterThan(0);
    expect(conflictSummary(result).result).toBe(result);
  });

  it('the layer is the 五规合一 panel’s: one feature per conflict, its id and type, above the topmost layer', () => {
    const cache = new SceneCache(layers, null);
    const layer = cache.conflictLayer(result)!;
    expect(layer.id).toBe(CONFLICT_LAYER_ID);
    expect(layer.kind).toBe('conflict');
    expect(layer.above).toBe(layers[layers.length - 1].id);
    expect(layer.data.features.map((f) => f.id)).toEqual(result.conflicts.map((_, i) => conflictId(i)));
    expect(layer.data.features.map((f) => f.properties?.type)).toEqual(result.conflicts.map((c) => c.type));
    expect(layer.data.features.map((f) => f.geometry)).toEqual(result.conflicts.map((c) => c.geometry));
    expect(cache.conflictLayer(result)).toBe(layer); // built once per result
  });

  it('drawn on the conflicts slide only (and on a view captured with it), once the result is there', () => {
    const cache = new SceneCache(layers, null);
    for (const s of deck.slides) {
      const { controller, derived } = recorder();
      applySlideLayers(controller, s, layers, cache, 'zh', null, result);
      expect(derived.get(CONFLICT_LAYER_ID) ?? null, s.kind).toBe(s.kind === 'conflicts' ? cache.conflictLayer(result) : null);
      expect(showsConflicts(s)).toBe(s.kind === 'conflicts');
    }
    const view: Slide = { ...slideOf('overview'), id: 'v', kind: 'custom', map: { ...slideOf('overview').map, layers: { kinds: [], ids: ['L8', CONFLICT_LAYER_ID] } } };
    const { controller, derived } = recorder();
    applySlideLayers(controller, view, layers, cache, 'zh', null, result);
    expect(derived.get(CONFLICT_LAYER_ID)?.data.features.length).toBe(result.conflicts.length);
    // Not computed (yet): nothing drawn.
    const none = recorder();
    applySlideLayers(none.controller, slideOf('conflicts'), layers, cache, 'zh', null, null);
    expect(none.derived.get(CONFLICT_LAYER_ID)).toBeNull();
  });
});
