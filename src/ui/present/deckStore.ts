// Where the deck lives until the project file carries it: this browser's localStorage, under a versioned key per
// park. A stored deck that cannot be read is never thrown away: its text moves to a backup key and the user is told.
import { defaultDeck } from '../../core/deck/defaultDeck';
import { DECK_VERSION, type Deck } from '../../core/deck/types';
import { parseDeck } from '../../core/deck/validate';
import type { Evaluation } from '../../core/evaluate';
import type { Problem } from '../../core/schema/problems';

export const DECK_KEY_PREFIX = `parkAtlas.deck.v${DECK_VERSION}:`;

export const deckKey = (parkId: string | null): string => `${DECK_KEY_PREFIX}${parkId ?? '(no park)'}`;
/** The park whose deck was last chosen or saved (a project with several parks has one deck per park). */
export const DECK_PARK_KEY = 'parkAtlas.deck.park';

export interface LoadedDeck {
  deck: Deck;
  source: 'stored' | 'default';
  /** Why a stored deck was not used, and the key its text was kept under. */
  invalid: { problems: Problem[]; backupKey: string } | null;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: the deck lives for this visit only
  }
}

/** The park the deck is about: the one asked for, else the last chosen one if the project has it, else the first. */
export function deckPark(evaluation: Evaluation, parkId?: string | null): string | null {
  const has = (id: string | null | undefined): id is string => typeof id === 'string' && evaluation.parks.some((p) => p.id === id);
  if (parkId !== undefined) return has(parkId) ? parkId : (evaluation.parks[0]?.id ?? null);
  let remembered: string | null = null;
  try {
    remembered = storage()?.getItem(DECK_PARK_KEY) ?? null;
  } catch {
    // storage disabled
  }
  return has(remembered) ? remembered : (evaluation.parks[0]?.id ?? null);
}

/** Remembers the park chosen in the editor (the next visit opens its deck). */
export function rememberPark(parkId: string | null): void {
  try {
    if (parkId === null) storage()?.removeItem(DECK_PARK_KEY);
    else storage()?.setItem(DECK_PARK_KEY, parkId);
  } catch {
    // storage disabled: the choice lasts this visit
  }
}

/** The deck of a park (default: see deckPark): the one stored for it, else its default deck. */
export function loadDeck(evaluation: Evaluation, parkId?: string | null): LoadedDeck {
  const fresh = defaultDeck(evaluation, { parkId: deckPark(evaluation, parkId) });
  const store = storage();
  const key = deckKey(fresh.parkId);
  const text = store?.getItem(key) ?? null;
  if (text === null) return { deck: fresh, source: 'default', invalid: null };
  let json: unknown;
  let problems: Problem[];
  try {
    json = JSON.parse(text);
    const r = parseDeck(json, key);
    if (r.ok) return { deck: r.deck, source: 'stored', invalid: null };
    problems = r.problems;
  } catch (e) {
    problems = [{ severity: 'error', code: 'deck-json', file: key, message: { en: `not JSON: ${(e as Error).message}`, zh: `不是有效的 JSON：${(e as Error).message}` } }];
  }
  const backupKey = `${key}.unreadable.${new Date().toISOString()}`;
  try {
    store?.setItem(backupKey, text);
    store?.removeItem(key);
  } catch {
    // quota: the text stays under its own key, untouched
    return { deck: fresh, source: 'default', invalid: { problems, backupKey: key } };
  }
  return { deck: fresh, source: 'default', invalid: { problems, backupKey } };
}

/** Saves the deck; false when the browser refuses (quota, storage disabled). */
export function saveDeck(deck: Deck): boolean {
  try {
    const store = storage();
    if (!store) return false;
    store.setItem(deckKey(deck.parkId), JSON.stringify(deck));
    if (deck.parkId !== null) store.setItem(DECK_PARK_KEY, deck.parkId);
    return true;
  } catch {
    return false;
  }
}

export function forgetDeck(parkId: string | null): void {
  try {
    storage()?.removeItem(deckKey(parkId));
  } catch {
    // nothing stored
  }
}
