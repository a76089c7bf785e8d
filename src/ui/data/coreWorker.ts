// Runs core in a Web Worker (src/workers/core.worker.ts). Each job gets its own worker, so cancelling is
// terminating it: nothing half-done survives, and the main thread never waits.
import * as Comlink from 'comlink';
import type { ConflictResult } from '../../core/overlay/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { CoreWorkerApi } from '../../workers/core.worker';

export interface Job<T> {
  promise: Promise<T>;
  /** Stops the job; its promise rejects with a CancelledError. */
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
  let rejectCancel: (e: Error) => void = () => {};
  const cancelled = new Promise<never>((_, reject) => { rejectCancel = reject; });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker failed to start')));
  });
  const promise = Promise.race([run(api), cancelled, failed]).finally(() => worker.terminate());
  return {
    promise,
    cancel: () => {
      worker.terminate();
      rejectCancel(new CancelledError());
    },
  };
}

/** 五规合一 conflicts of the layers, in a worker, with progress (pairs done of pairs in all). */
export function conflictsInWorker(layers: ValidatedLayer[], minAreaM2: number | undefined, onProgress: (done: number, total: number) => void): Job<ConflictResult> {
  return start((api) => api.conflicts({ layers, minAreaM2 }, Comlink.proxy(onProgress)));
}
