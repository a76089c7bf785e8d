// Undo/redo history (core/history.ts): push, undo, redo, coalescing, the depth cap and memory shared between states.
import { describe, expect, it } from 'vitest';
import {
  canRedo, canUndo, createHistory, pushState, redo, redoLabel, replacePresent, retained, statesOf, undo, undoLabel, withItem,
  type History,
} from '../../src/core/history';

interface Layer { id: string; features: number[] }
interface State { layers: readonly Layer[]; opacity: number }

const layer = (id: string, n: number): Layer => ({ id, features: Array.from({ length: n }, (_, i) => i) });
const start = (): State => ({ layers: [layer('park', 1), layer('zones', 3), layer('parcels', 1000)], opacity: 1 });
const editParcels = (s: State, k: number): State => ({ ...s, layers: withItem(s.layers, { id: 'parcels', features: [...s.layers[2].features.slice(0, 999), k] }) });

describe('history', () => {
  it('push, undo and redo walk the states in order, with labels', () => {
    let h = createHistory(start());
    expect(canUndo(h)).toBe(false);
    const s0 = h.present.state;
    const s1 = editParcels(s0, -1);
    const s2 = { ...s1, opacity: 0.5 };
    h = pushState(h, s1, 'move vertex');
    h = pushState(h, s2, 'opacity');
    expect(undoLabel(h)).toBe('opacity');
    h = undo(h);
    expect(h.present.state).toBe(s1);
    expect(redoLabel(h)).toBe('opacity');
    h = undo(h);
    expect(h.present.state).toBe(s0);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h); // nothing more to undo: unchanged
    h = redo(redo(h));
    expect(h.present.state).toBe(s2);
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
  });

  it('a new change after undo drops the redo list', () => {
    let h = createHistory(start());
    const s1 = editParcels(h.present.state, 1);
    h = undo(pushState(h, s1, 'a'));
    const s2 = editParcels(h.present.state, 2);
    h = pushState(h, s2, 'b');
    expect(canRedo(h)).toBe(false);
    expect(statesOf(h)).toEqual([start(), s2]);
  });

  it('pushing the present state again adds no step', () => {
    const h = createHistory(start());
    expect(pushState(h, h.present.state, 'same')).toBe(h);
  });

  it('coalesces consecutive changes with the same key (one slider drag = one step), not across an undo', () => {
    let h = createHistory(start());
    const s0 = h.present.state;
    for (const v of [0.9, 0.8, 0.7]) h = pushState(h, { ...h.present.state, opacity: v }, 'opacity', 'opacity:parcels');
    expect(h.past.length).toBe(1);
    expect(h.present.state.opacity).toBe(0.7);
    h = pushState(h, { ...h.present.state, opacity: 0.3 }, 'opacity', 'opacity:zones');
    expect(h.past.length).toBe(2);
    h = undo(h);
    expect(h.present.state.opacity).toBe(0.7);
    // After the undo the same key starts a new step rather than rewriting the state that was returned to.
    h = pushState(h, { ...h.present.state, opacity: 0.6 }, 'opacity', 'opacity:parcels');
    expect(h.past.length).toBe(2);
    expect(undo(undo(h)).present.state).toBe(s0);
  });

  it('replacePresent corrects the present without a step', () => {
    let h = pushState(createHistory(start()), { ...start(), opacity: 0.4 }, 'x');
    const fixed = { ...h.present.state, opacity: 0.45 };
    h = replacePresent(h, fixed);
    expect(h.past.length).toBe(1);
    expect(h.present.state).toBe(fixed);
    expect(h.present.label).toBe('x');
  });

  it('keeps at most `limit` past steps, dropping the oldest', () => {
    let h: History<State> = createHistory(start(), { limit: 5 });
    for (let k = 0; k < 12; k++) h = pushState(h, editParcels(h.present.state, k), `edit ${k}`);
    expect(h.past.length).toBe(5);
    expect(h.past[0].label).toBe('edit 6');
    let n = 0;
    while (canUndo(h)) {
      h = undo(h);
      n++;
    }
    expect(n).toBe(5);
    expect(h.present.state.layers[2].features[999]).toBe(6);
  });

  it('shares unchanged layers between states: 50 edits of one layer hold 50 new layers, not 150', () => {
    let h = createHistory(start());
    for (let k = 0; k < 50; k++) h = pushState(h, editParcels(h.present.state, k), 'edit');
    const layers = (s: State) => s.layers;
    const held = retained(h, layers);
    expect(held.parts).toBe(3 + 50);
    const states = statesOf(h);
    expect(states.every((s) => s.layers[0] === states[0].layers[0] && s.layers[1] === states[0].layers[1])).toBe(true);
  });

  it('a memory budget drops the oldest steps while the distinct layers exceed it', () => {
    const sizeOf = (p: object) => (p as Layer).features.length;
    // Park + zones + one parcels layer = 1004 units; each edit adds a new 1000-unit parcels layer.
    let h = createHistory(start(), { budget: { parts: (s) => s.layers, sizeOf, maxBytes: 5000 } });
    for (let k = 0; k < 10; k++) h = pushState(h, editParcels(h.present.state, k), 'edit');
    const held = retained(h, (s) => s.layers, sizeOf);
    expect(held.bytes).toBeLessThanOrEqual(5000);
    expect(h.past.length).toBe(3); // 4 parcels versions (3 past + present) + park + zones = 4004
    expect(h.present.state.layers[2].features[999]).toBe(9);
  });

  it('withItem replaces by id keeping the others, or appends', () => {
    const items = [layer('a', 1), layer('b', 1)];
    const b2 = layer('b', 2);
    const next = withItem(items, b2);
    expect(next[0]).toBe(items[0]);
    expect(next[1]).toBe(b2);
    expect(items[1].features.length).toBe(1);
    expect(withItem(items, layer('c', 1)).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
});
