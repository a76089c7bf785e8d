// Undo/redo history of a working project (issue 7): a list of immutable states. States share the parts that did not
// change (an edit to one layer keeps every other layer's object), so a deep history costs little more than the edits.
// Pure data in, new data out: no DOM, no clocks; the caller decides what a state is and when two changes coalesce.

export interface HistoryEntry<T> {
  state: T;
  /** What the change was, for the undo button's title (e.g. "move vertex"). */
  label: string;
  /** Consecutive pushes with the same non-null key replace each other (one slider drag is one step). */
  coalesce: string | null;
}

export interface History<T> {
  /** Older states, oldest first. */
  readonly past: readonly HistoryEntry<T>[];
  readonly present: HistoryEntry<T>;
  /** Undone states, the next redo first. */
  readonly future: readonly HistoryEntry<T>[];
  /** Most past entries kept (the oldest are dropped beyond it). */
  readonly limit: number;
  readonly budget: HistoryBudget<T> | null;
}

/** A memory cap: the parts of a state (e.g. its layers) and their sizes; parts shared between states count once. */
export interface HistoryBudget<T> {
  parts: (state: T) => readonly object[];
  sizeOf: (part: object) => number;
  maxBytes: number;
}

export const DEFAULT_HISTORY_LIMIT = 100;

export function createHistory<T>(state: T, options: { limit?: number; budget?: HistoryBudget<T> | null; label?: string } = {}): History<T> {
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_HISTORY_LIMIT));
  return { past: [], present: { state, label: options.label ?? '', coalesce: null }, future: [], limit, budget: options.budget ?? null };
}

/**
 * A new state after a change. The redo list is dropped (a new change forks the timeline). With `coalesce` equal to the
 * present entry's key (and nothing to redo), the present state is replaced instead of adding a step.
 */
export function pushState<T>(h: History<T>, state: T, label: string, coalesce: string | null = null): History<T> {
  if (state === h.present.state) return h;
  const entry: HistoryEntry<T> = { state, label, coalesce };
  if (coalesce !== null && h.present.coalesce === coalesce && h.future.length === 0 && h.past.length > 0) {
    return { ...h, present: entry };
  }
  return trim({ ...h, past: [...h.past, h.present], present: entry, future: [] });
}

/** Replaces the present state without a new step (the app re-reading what it shows after an undo). */
export function replacePresent<T>(h: History<T>, state: T): History<T> {
  return state === h.present.state ? h : { ...h, present: { ...h.present, state, coalesce: null } };
}

export const canUndo = <T>(h: History<T>): boolean => h.past.length > 0;
export const canRedo = <T>(h: History<T>): boolean => h.future.length > 0;

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  const previous = h.past[h.past.length - 1];
  // The undone entry loses its coalescing key: a later change must not merge into a state that was left.
  return { ...h, past: h.past.slice(0, -1), present: { ...previous, coalesce: null }, future: [{ ...h.present, coalesce: null }, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future;
  return { ...h, past: [...h.past, { ...h.present, coalesce: null }], present: next, future: rest };
}

/** Label of the change an undo would revert, or null. */
export const undoLabel = <T>(h: History<T>): string | null => (h.past.length > 0 ? h.present.label : null);
/** Label of the change a redo would apply again, or null. */
export const redoLabel = <T>(h: History<T>): string | null => (h.future.length > 0 ? h.future[0].label : null);

/** Every state held (past, present, future), oldest first. */
export const statesOf = <T>(h: History<T>): T[] => [...h.past, h.present, ...h.future].map((e) => e.state);

/** The distinct parts the history holds and their total size: a part shared by many states counts once. */
export function retained<T>(h: History<T>, parts: (state: T) => readonly object[], sizeOf: (part: object) => number = () => 1): { parts: number; bytes: number } {
  const seen = new Set<object>();
  let bytes = 0;
  for (const s of statesOf(h)) {
    for (const p of parts(s)) {
      if (seen.has(p)) continue;
      seen.add(p);
      bytes += sizeOf(p);
    }
  }
  return { parts: seen.size, bytes };
}

/** Drops the oldest past entries beyond the depth limit, then while the budget is exceeded (present and future stay). */
function trim<T>(h: History<T>): History<T> {
  let past = h.past.length > h.limit ? h.past.slice(h.past.length - h.limit) : h.past;
  const budget = h.budget;
  if (budget) {
    while (past.length > 0 && retained({ ...h, past }, budget.parts, budget.sizeOf).bytes > budget.maxBytes) past = past.slice(1);
  }
  return past === h.past ? h : { ...h, past };
}

/** A state with one item (layer) replaced by id, or appended; the other items keep their objects (shared). */
export function withItem<I extends { id: string }>(items: readonly I[], item: I): I[] {
  const at = items.findIndex((x) => x.id === item.id);
  if (at < 0) return [...items, item];
  const next = items.slice();
  next[at] = item;
  return next;
}
