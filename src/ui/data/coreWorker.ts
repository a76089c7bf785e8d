// Runs core in a Web Worker (src/workers/core.worker.ts). Each job gets its own worker, so cancelling is
// terminating it: nothing half-done survives, and the main thread never waits. A large project's conflicts run
// in the data worker instead, which already holds its layers (cancelled there at the next chunk).
import * as Comlink from 'comlink';
import { assembleConflicts } from '../../core/overlay/detect';
import { flattenGeometries } from '../../core/overlay/flat';
import type { ConflictResult } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { CoreWorkerApi } from '../../workers/core.worker';
import type { ConflictPayload } from '../../workers/conflictJob';
import { conflictsInDataWorker, heldKeysOf } from './dataWorker';

export interface Job<T> {
  promise: Promise<T>;
  /** Stops the job (terminates its worker); its promise rejects with a CancelledError. */
  cancel: () => void;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

function start<T>(run: (api: Comlink.Remote<CoreWorkerApi>) => Promise<T>): Job<T> {
  const worker = new Worker(new URL('../../workers/core.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<CoreWorkerApi>(worker);
  let settled = false;
  let rejectStop: (e: Error) => void = () => {};
  // Cancelling, or the worker failing to load or dying (out of memory), ends the job at once.
  const stopped = new Promise<never>((_, reject) => { rejectStop = reject; });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    rejectStop(new Error(e.message || 'the background worker failed to start'));
  });
  worker.addEventListener('messageerror', () => rejectStop(new Error('the background worker sent data that could not be read')));
  const promise = Promise.race([run(api), stopped]).finally(() => {
    settled = true;
    api[Comlink.releaseProxy]();
    worker.terminate();
  });
  return {
    promise,
    cancel: () => {
      if (settled) return;
      worker.terminate();
      rejectStop(new CancelledError());
    },
  };
}

/** The features core checked, by index: not needed to assemble the result (it never reads them). */
const NO_GEOMETRY = flattenGeometries([]);

/**
 * 五规合一 conflicts of the layers, in a worker, with progress (pairs done of pairs in all; first called with 0
 * once the pairs are known). The polygons arrive in typed arrays (moved, not copied) and each conflict's
 * GeoJSON is built when first read.
 */
export function conflictsInWorker(layers: ValidatedLayer[], minAreaM2: number | undefined, onProgress: (done: number, total: number) => void): Job<ConflictResult> {
  const assemble = (payload: ConflictPayload) => assembleConflicts({ ...payload.overlay, geometries: NO_GEOMETRY }, payload.chunks, { minAreaM2: payload.minAreaM2 });
  const inOwnWorker = () => start(async (api) => assemble(await api.conflicts({ layers, minAreaM2 }, Comlink.proxy(onProgress))));
  // A large project's layers are in the data worker already: checked there, nothing is copied off the page (a
  // structured clone of 100k plan polygons held the page for ~2 s). Small ones go to a worker of their own.
  const keys = heldKeysOf(layers);
  if (!keys) return inOwnWorker();
  let cancelled = false;
  const inDataWorker = conflictsInDataWorker(keys, minAreaM2, onProgress);
  let current: { cancel: () => void } = inDataWorker;
  const promise = inDataWorker.promise.then(assemble, (e: unknown) => {
    if (cancelled) throw new CancelledError();
    if (!(e instanceof Error && /no longer held/.test(e.message))) throw e;
    // The data worker let go of a layer meanwhile (a new evaluation): the page sends them after all.
    const fallback = inOwnWorker();
    current = fallback;
    return fallback.promise;
  });
  return {
    promise,
    cancel: () => {
      cancelled = true;
      current.cancel();
    },
  };
}
