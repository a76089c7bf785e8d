// The 五规合一 check of the open project: one run at a time, in a Web Worker, outliving the panel (switching tabs
// neither stops a run nor loses its result). Kept light: the worker client and core's overlay load on the first run.
import { useSyncExternalStore } from 'react';
import { DEFAULT_MIN_AREA_M2, type ConflictResult } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import { mapStore } from '../thematic/mapStore';
import { buildConflictLayer, CONFLICT_LAYER_ID } from './conflictLayer';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ConflictRunState {
  status: RunStatus;
  /** The layers the run (or its result) is for: a check of other layers is stale. */
  layers: readonly ValidatedLayer[] | null;
  minAreaM2: number;
  /** Candidate pairs settled of all pairs; null until the worker has found them. */
  progress: { done: number; total: number } | null;
  result: ConflictResult | null;
  error: string | null;
  /** Wall time of the finished run. */
  elapsedMs: number | null;
}

const INITIAL: ConflictRunState = { status: 'idle', layers: null, minAreaM2: DEFAULT_MIN_AREA_M2, progress: null, result: null, error: null, elapsedMs: null };

let state: ConflictRunState = INITIAL;
let job: { cancel: () => void } | null = null;
/** Drawn above this source layer (the project's topmost) when a result arrives. */
let aboveLayerId: string | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<ConflictRunState>): void {
  state = { ...state, ...next };
  for (const l of [...listeners]) l();
}

/** The conflict polygons on the map follow the result (none while running, after a cancel or a clear). */
function publishLayer(): void {
  const layer = state.result && aboveLayerId ? buildConflictLayer(state.result, aboveLayerId) : null;
  mapStore.controller()?.setDerivedLayer(CONFLICT_LAYER_ID, layer);
}

/** Whether two lists hold the same layer objects in the same order (a project's layers are replaced, never edited). */
export function sameLayers(a: readonly ValidatedLayer[] | null, b: readonly ValidatedLayer[]): boolean {
  return a !== null && a.length === b.length && a.every((l, i) => l === b[i]);
}

/** Whether the layers hold anything to check: park-plan features or parcels (as the CLI decides). */
export function hasSubjects(layers: readonly ValidatedLayer[]): boolean {
  return layers.some((l) => l.kind === 'parcel' || (l.kind === 'plan' && l.records.some((r) => 'planType' in r && r.planType === 'park_master')));
}

/** Progress messages arrive per chunk; the panel redraws at most this often. */
const PROGRESS_INTERVAL_MS = 80;

export const conflictStore = {
  get: (): ConflictRunState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },

  /** Starts a check of these layers (any run in progress is cancelled); the result replaces the last one. */
  run(layers: readonly ValidatedLayer[], minAreaM2: number, drawAbove: string | null): void {
    job?.cancel();
    aboveLayerId = drawAbove;
    const started = performance.now();
    set({ status: 'running', layers, minAreaM2, progress: null, result: null, error: null, elapsedMs: null });
    publishLayer();
    let cancelled = false;
    let lastShown = 0;
    const mine = { cancel: () => { cancelled = true; } };
    job = mine;
    const isCurrent = () => job === mine && !cancelled;
    void import('../data/coreWorker').then(({ conflictsInWorker, CancelledError }) => {
      if (!isCurrent()) return;
      const work = conflictsInWorker([...layers], minAreaM2, (done, total) => {
        const now = performance.now();
        if (!isCurrent() || (done > 0 && done < total && now - lastShown < PROGRESS_INTERVAL_MS)) return;
        lastShown = now;
        set({ progress: { done, total } });
      });
      mine.cancel = () => {
        cancelled = true;
        work.cancel();
      };
      work.promise.then(
        (result) => {
          if (!isCurrent()) return;
          job = null;
          set({ status: 'done', result, progress: null, elapsedMs: performance.now() - started });
          publishLayer();
        },
        (e: unknown) => {
          if (job !== mine) return;
          job = null;
          if (e instanceof CancelledError || cancelled) set({ status: 'cancelled', progress: null });
          else set({ status: 'failed', progress: null, error: e instanceof Error ? e.message : String(e) });
        },
      );
    }, (e: unknown) => {
      if (!isCurrent()) return;
      job = null;
      set({ status: 'failed', error: e instanceof Error ? e.message : String(e) });
    });
  },

  /** Stops the run in progress (its worker is terminated at once). */
  cancel(): void {
    if (!job || state.status !== 'running') return;
    const current = job;
    current.cancel();
    job = null;
    set({ status: 'cancelled', progress: null });
  },

  /** Forgets the result (and takes the polygons off the map). */
  clear(): void {
    job?.cancel();
    job = null;
    state = INITIAL;
    set({});
    publishLayer();
  },

  /** Draws the last result again (e.g. on a map created after it arrived). */
  republish(): void {
    publishLayer();
  },
};

export const useConflictRun = (): ConflictRunState => useSyncExternalStore(conflictStore.subscribe, conflictStore.get);

/** The result of the last finished check of exactly these layers, or null (not run, still running, or stale). */
export function lastConflictResult(layers: readonly ValidatedLayer[]): ConflictResult | null {
  return state.status === 'done' && state.result && sameLayers(state.layers, layers) ? state.result : null;
}
