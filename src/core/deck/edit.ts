// Editing a deck: pure functions returning a new deck (the old one is never changed, so undo is keeping it).
import type { Bilingual } from './labels';
import { MAX_KPIS, type Deck, type ExtrudeBy, type KpiRef, type ParcelStyle, type Slide, type SlideLayerKind } from './types';
import type { PlanType } from '../schema/types';

const replace = (deck: Deck, id: string, f: (s: Slide) => Slide): Deck => ({ ...deck, slides: deck.slides.map((s) => (s.id === id ? f(s) : s)) });

/** Moves a slide by `delta` places (clamped to the deck). */
export function moveSlide(deck: Deck, id: string, delta: number): Deck {
  const from = deck.slides.findIndex((s) => s.id === id);
  if (from < 0) return deck;
  const to = Math.max(0, Math.min(deck.slides.length - 1, from + delta));
  if (to === from) return deck;
  const slides = [...deck.slides];
  const [s] = slides.splice(from, 1);
  slides.splice(to, 0, s);
  return { ...deck, slides };
}

/** A new title in one language; the other language keeps its text. */
export const retitle = (deck: Deck, id: string, lang: keyof Bilingual, text: string): Deck =>
  replace(deck, id, (s) => ({ ...s, title: { ...s.title, [lang]: text } }));

export const setNotes = (deck: Deck, id: string, notes: string): Deck => replace(deck, id, (s) => ({ ...s, notes }));

export const setKpis = (deck: Deck, id: string, kpis: KpiRef[]): Deck => replace(deck, id, (s) => ({ ...s, kpis: kpis.slice(0, MAX_KPIS) }));

/** 3D on or off: parcels raised by `by` and the camera tilted (or flat again). */
export const set3d = (deck: Deck, id: string, by: ExtrudeBy | null, pitch = 55): Deck =>
  replace(deck, id, (s) => ({ ...s, map: { ...s.map, extrude: by, camera: { ...s.map.camera, pitch: by ? Math.max(s.map.camera.pitch, pitch) : 0 } } }));

export const removeSlide = (deck: Deck, id: string): Deck => ({ ...deck, slides: deck.slides.filter((s) => s.id !== id) });

/** Inserts a slide at `at` (default: the end); its id is made unique in the deck. */
export function insertSlide(deck: Deck, slide: Slide, at = deck.slides.length): Deck {
  const taken = new Set(deck.slides.map((s) => s.id));
  let id = slide.id;
  for (let n = 2; taken.has(id); n++) id = `${slide.id}-${n}`;
  const slides = [...deck.slides];
  slides.splice(Math.max(0, Math.min(at, slides.length)), 0, { ...slide, id });
  return { ...deck, slides };
}

export interface ViewSlideInput {
  title: Bilingual;
  view: { center: [number, number]; zoom: number; pitch: number; bearing: number };
  /** Ids of the layers shown (the derived idle layer by kind). */
  layerIds: string[];
  kinds?: SlideLayerKind[];
  planTypes?: PlanType[] | null;
  parcelStyle: ParcelStyle;
  extrude?: ExtrudeBy | null;
  highlight?: string[];
  kpis?: KpiRef[];
}

/** A slide of a view as it is on screen now (camera, layers, styling, selection). */
export function viewSlide(input: ViewSlideInput): Slide {
  return {
    id: 'view',
    kind: 'custom',
    title: input.title,
    subtitle: null,
    notes: '',
    map: {
      camera: { type: 'view', center: input.view.center, zoom: input.view.zoom, pitch: input.view.pitch, bearing: input.view.bearing },
      layers: { kinds: input.kinds ?? [], ids: input.layerIds },
      planTypes: input.planTypes ?? null,
      parcelStyle: input.parcelStyle,
      extrude: input.extrude ?? null,
      highlight: input.highlight ?? [],
    },
    kpis: (input.kpis ?? []).slice(0, MAX_KPIS),
    chart: null,
    village: null,
  };
}
