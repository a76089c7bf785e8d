// Runs core in a Web Worker (src/workers/core.worker.ts). Each job gets its own worker, so cancelling is
// terminating it: nothing half-done survives, and the main thread never waits.
import * as Comlink from 'comlink';
import { assembleConflicts } from '../../core/overlay/detect';
import { flattenGeometries } from '../../core/overlay/flat';
import type { ConflictResult } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { CoreWorkerApi } from '../../workers/core.worker';

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
  return start(async (api) => {
    const payload = await api.conflicts({ layers, minAreaM2 }, Comlink.proxy(onProgress));
    return assembleConflicts({ ...payload.overlay, geometries: NO_GEOMETRY }, payload.chunks, { minAreaM2: payload.minAreaM2 });
  });
}
