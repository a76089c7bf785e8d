// Web Worker running core's heavy computations off the main thread (DESIGN §1): the page stays responsive
// while 五规合一 conflicts are found on large layers. Driven through comlink by src/ui/data/coreWorker.ts.
import * as Comlink from 'comlink';
import { detectConflicts } from '../core/overlay/detect';
import type { ConflictResult } from '../core/overlay/types';
import type { ValidatedLayer } from '../core/schema/validate';

export interface ConflictJob {
  layers: ValidatedLayer[];
  minAreaM2?: number;
}

const api = {
  /** 五规合一 conflicts; `onProgress(done, total)` is called after each chunk of candidate pairs. */
  async conflicts(job: ConflictJob, onProgress?: (done: number, total: number) => void): Promise<ConflictResult> {
    return detectConflicts(job.layers, { minAreaM2: job.minAreaM2, onProgress, chunkSize: 500 });
  },
};

export type CoreWorkerApi = typeof api;

Comlink.expose(api);
