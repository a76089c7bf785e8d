// The 五规合一 check as both workers run it: pairs in chunks, progress after each, the chunks' conflicts in typed
// arrays (moved to the page, not copied). core.worker.ts runs it for layers the page sends; the data worker
// (dataApi.ts) for layers it already holds, so a large project's GeoJSON is never copied off the page.
import { chunkTransferables, prepareOverlay, processTasks, type ConflictChunk, type PreparedOverlay } from '../core/overlay/detect';
import { DEFAULT_MIN_AREA_M2 } from '../core/overlay/types';
import type { ValidatedLayer } from '../core/schema/validate';

/**
 * What the worker sends back: the candidate pairs with the ids they refer to, and the conflicts of each chunk.
 * The main thread assembles them with core's assembleConflicts, which builds each polygon's GeoJSON only when read.
 */
export interface ConflictPayload {
  overlay: Omit<PreparedOverlay, 'geometries'>;
  chunks: ConflictChunk[];
  minAreaM2: number;
}

/** Candidate pairs per chunk: progress every few tens of milliseconds on typical plans. */
const CHUNK_SIZE = 500;

/**
 * Runs the check; `onProgress(done, total)` once the pairs are known (done 0) and after each chunk. `between`, when
 * given, runs after each chunk (the data worker lets messages in there, such as a cancel) and may stop the job by
 * throwing. Returns the payload and the buffers to move with it.
 */
export async function runConflicts(layers: readonly ValidatedLayer[], minAreaM2: number | undefined, onProgress?: (done: number, total: number) => void, between?: () => Promise<void>): Promise<{ payload: ConflictPayload; transfer: ArrayBuffer[] }> {
  const min = minAreaM2 ?? DEFAULT_MIN_AREA_M2;
  const prepared = prepareOverlay([...layers]);
  const total = prepared.tasks.subject.length;
  // Calls through comlink are messages: not awaited, they never hold up the work.
  void onProgress?.(0, total);
  const chunks: ConflictChunk[] = [];
  for (let start = 0; start < total; start += CHUNK_SIZE) {
    chunks.push(processTasks(prepared, start, start + CHUNK_SIZE, { minAreaM2: min, flat: true }));
    void onProgress?.(Math.min(total, start + CHUNK_SIZE), total);
    if (between) await between();
  }
  const { geometries: _geometries, ...overlay } = prepared;
  const { subject, against, type } = overlay.tasks;
  const buffers = [...chunks.flatMap(chunkTransferables), subject.buffer, against.buffer, type.buffer];
  const transfer = [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
  return { payload: { overlay, chunks, minAreaM2: min }, transfer };
}
