// Web Worker running core's heavy computations off the main thread (DESIGN §1): the page stays responsive
// while 五规合一 conflicts are found on large layers. Driven through comlink by src/ui/data/coreWorker.ts.
import * as Comlink from 'comlink';
import { runConflicts, type ConflictPayload } from './conflictJob';
import type { ValidatedLayer } from '../core/schema/validate';

export interface ConflictJob {
  layers: ValidatedLayer[];
  minAreaM2?: number;
}

export type { ConflictPayload };

const api = {
  /**
   * 五规合一 conflicts; `onProgress(done, total)` is called once the pairs are known (done 0) and after each
   * chunk. Cancelling is terminating the worker (coreWorker.ts), so the loop need not look for a signal.
   */
  async conflicts(job: ConflictJob, onProgress?: (done: number, total: number) => void): Promise<ConflictPayload> {
    const { payload, transfer } = await runConflicts(job.layers, job.minAreaM2, onProgress);
    return Comlink.transfer(payload, transfer);
  },
};

export type CoreWorkerApi = typeof api;

Comlink.expose(api);
