// Web Worker running core's heavy computations off the main thread (DESIGN §1): the page stays responsive
// while 五规合一 conflicts are found on large layers. Driven through comlink by src/ui/data/coreWorker.ts.
import * as Comlink from 'comlink';
import { chunkTransferables, prepareOverlay, processTasks, type ConflictChunk, type PreparedOverlay } from '../core/overlay/detect';
import { DEFAULT_MIN_AREA_M2 } from '../core/overlay/types';
import type { ValidatedLayer } from '../core/schema/validate';

export interface ConflictJob {
  layers: ValidatedLayer[];
  minAreaM2?: number;
}

/**
 * What the worker sends back: the candidate pairs with the ids they refer to, and the conflicts of each chunk
 * in typed arrays (moved, not copied). The main thread assembles them with core's assembleConflicts, which
 * builds each polygon's GeoJSON only when it is read.
 */
export interface ConflictPayload {
  overlay: Omit<PreparedOverlay, 'geometries'>;
  chunks: ConflictChunk[];
  minAreaM2: number;
}

/** Candidate pairs per chunk: progress every few tens of milliseconds on typical plans. */
const CHUNK_SIZE = 500;

const api = {
  /**
   * 五规合一 conflicts; `onProgress(done, total)` is called once the pairs are known (done 0) and after each
   * chunk. Cancelling is terminating the worker (coreWorker.ts), so the loop need not look for a signal.
   */
  conflicts(job: ConflictJob, onProgress?: (done: number, total: number) => void): ConflictPayload {
    const minAreaM2 = job.minAreaM2 ?? DEFAULT_MIN_AREA_M2;
    const prepared = prepareOverlay(job.layers);
    const total = prepared.tasks.subject.length;
    // Calls through comlink are messages: not awaited, they never hold up the work.
    void onProgress?.(0, total);
    const chunks: ConflictChunk[] = [];
    for (let start = 0; start < total; start += CHUNK_SIZE) {
      chunks.push(processTasks(prepared, start, start + CHUNK_SIZE, { minAreaM2, flat: true }));
      void onProgress?.(Math.min(total, start + CHUNK_SIZE), total);
    }
    const { geometries: _geometries, ...overlay } = prepared;
    const { subject, against, type } = overlay.tasks;
    const buffers = [...chunks.flatMap(chunkTransferables), subject.buffer, against.buffer, type.buffer];
    const transfer = [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
    return Comlink.transfer({ overlay, chunks, minAreaM2 }, transfer);
  },
};

export type CoreWorkerApi = typeof api;

Comlink.expose(api);
