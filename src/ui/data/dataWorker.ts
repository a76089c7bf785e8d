// The page's side of the data worker (src/workers/data.worker.ts): layer files are fetched, parsed and validated
// there, and large projects evaluated there, so the page only receives results, in parts small enough that no
// task holds it up. One worker lives as long as the page; it keeps the layers it read, so re-evaluating a large
// project (a new review date) sends nothing but the options.
import * as Comlink from 'comlink';
import type { Feature } from 'geojson';
import { todayIso } from '../../core/dates';
import { DEFAULT_APPROACHING_DAYS, type EvaluateOptions, type Evaluation, type ParcelResult } from '../../core/evaluate';
import { reviewItemsBuilder, type ReviewItems } from '../../core/review/queue';
import type { ValidatedLayer } from '../../core/schema/validate';
import { resultPartDecoder, type ResultPart } from '../../workers/resultParts';
import type { ConflictPayload } from '../../workers/conflictJob';
import type { DataWorkerApi, FeaturePart, FileHead, FileRequest, LayerRef, ReadFailure, ReadProgress } from '../../workers/dataApi';

/** Projects with more features than this are evaluated in the worker; smaller ones at once on the page. */
export const WORKER_EVALUATION_MIN_FEATURES = 5000;

export interface ReadFile {
  head: FileHead;
  features: Feature[];
  records: unknown[] | null;
}

let worker: { api: Comlink.Remote<DataWorkerApi>; failed: Promise<never> } | null = null;
/** The worker's key of each layer it holds (layers edited on the page are new objects, so they have none). */
const workerKeys = new WeakMap<ValidatedLayer, string>();

function dataWorker(): { api: Comlink.Remote<DataWorkerApi>; failed: Promise<never> } {
  if (worker) return worker;
  const w = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module' });
  let fail: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  failed.catch(() => {}); // observed by whoever is waiting; not an unhandled rejection when nobody is
  w.addEventListener('error', (e) => {
    e.preventDefault();
    fail(new Error(e.message || 'the data worker failed to start'));
    worker = null; // the next call starts a new one
  });
  w.addEventListener('messageerror', () => fail(new Error('the data worker sent data that could not be read')));
  worker = { api: Comlink.wrap<DataWorkerApi>(w), failed };
  return worker;
}

/** Waits until `count()` reaches the expected number that `head` gives (parts and the answer travel apart). */
function whenComplete<H>(answer: Promise<H>, expected: (h: H) => number, count: () => number, onCount: (resolve: () => void) => void): Promise<H> {
  return answer.then((head) => new Promise<H>((resolve) => {
    const check = () => { if (count() >= expected(head)) resolve(head); };
    onCount(check);
    check();
  }));
}

/** Reads a layer file in the worker: the failure as the page reports it, or the head and the features in order. */
export async function readFileInWorker(req: FileRequest, onProgress?: (progress: ReadProgress) => void): Promise<{ ok: true; file: ReadFile } | { ok: false; failure: ReadFailure }> {
  const { api, failed } = dataWorker();
  const features: Feature[] = [];
  const records: unknown[] = [];
  let onCount = () => {};
  const onPart = (part: FeaturePart) => {
    for (const f of JSON.parse(part.featuresJson) as Feature[]) features.push(f);
    if (part.recordsJson) for (const r of JSON.parse(part.recordsJson) as unknown[]) records.push(r);
    onCount();
  };
  const answer = Promise.race([api.readFile(req, Comlink.proxy(onPart), onProgress ? Comlink.proxy(onProgress) : undefined), failed]);
  const result = await whenComplete(answer, (r) => (r.ok ? r.head.featureCount : 0), () => features.length, (f) => { onCount = f; });
  if (!result.ok) return result;
  return { ok: true, file: { head: result.head, features, records: result.head.validated ? records : null } };
}

/** The keys the worker holds now (it lets go of layers an evaluation or retain no longer names). */
const heldKeys = new Set<string>();

/** Remembers that the worker holds this layer under `key` (as read by readFileInWorker). */
export function rememberWorkerKey(layer: ValidatedLayer, key: string): void {
  workerKeys.set(layer, key);
  heldKeys.add(key);
}

/** The worker's keys of these layers when it holds every one of them, else null. */
export function heldKeysOf(layers: readonly ValidatedLayer[]): string[] | null {
  if (!worker || layers.length === 0) return null;
  const keys: string[] = [];
  for (const l of layers) {
    const key = workerKeys.get(l);
    if (!key || !heldKeys.has(key)) return null;
    keys.push(key);
  }
  return keys;
}

let nextConflictsJob = 1;

/**
 * 五规合一 conflicts over layers the worker holds (heldKeysOf): nothing is copied off the page. `cancel` stops the
 * worker at its next chunk; the promise then rejects at once.
 */
export function conflictsInDataWorker(keys: string[], minAreaM2: number | undefined, onProgress: (done: number, total: number) => void): { promise: Promise<ConflictPayload>; cancel: () => void } {
  const { api, failed } = dataWorker();
  const job = nextConflictsJob++;
  let stop: (e: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => { stop = reject; });
  const promise = Promise.race([api.conflicts(keys, minAreaM2, job, Comlink.proxy(onProgress)), failed, stopped]);
  return {
    promise,
    cancel: () => {
      void api.cancelConflicts(job);
      stop(new Error('cancelled'));
    },
  };
}

/** Lets the worker drop its copies of layers the page will not evaluate there (a small project, or a replaced one). */
export function retainInWorker(layers: readonly ValidatedLayer[]): void {
  if (!worker) return;
  const keys = layers.flatMap((l) => { const k = workerKeys.get(l); return k ? [k] : []; });
  for (const k of [...heldKeys]) if (!keys.includes(k)) heldKeys.delete(k);
  void worker.api.retain(keys);
}

export function featureCountOf(layers: readonly ValidatedLayer[]): number {
  return layers.reduce((n, l) => n + l.layer.features.length, 0);
}

/** The evaluation, the worker's time, and the parcel results by id (indexed as the parts arrive, not all at the end). */
type WorkerEvaluation = Evaluation & { workerMs: number; parcelsById: Map<string, ParcelResult>; reviewItems: ReviewItems | null };

/** An evaluation started as soon as the files were read (before the page draws them), for the first caller that matches. */
let early: { layers: readonly ValidatedLayer[]; options: EvaluateOptions; result: Promise<WorkerEvaluation> } | null = null;
const sameOptions = (a: EvaluateOptions, b: EvaluateOptions) => a.reviewDate === b.reviewDate && a.approachingDays === b.approachingDays && a.rules === b.rules;

/**
 * Starts the evaluation of freshly read layers in the worker at once, so it runs while the page builds the map;
 * evaluateInWorker with the same layers and options takes it over.
 */
export function evaluateEarly(layers: readonly ValidatedLayer[], options: EvaluateOptions): void {
  if (featureCountOf(layers) <= WORKER_EVALUATION_MIN_FEATURES) return;
  const result = runInWorker(layers, options);
  result.catch(() => {}); // whoever takes it over sees the failure
  early = { layers, options, result };
}

/**
 * Core's evaluation in the worker. Layers it already holds are named by key; others (edited on the page) are
 * sent whole once and kept there. The parcel results arrive in parts.
 */
export function evaluateInWorker(layers: readonly ValidatedLayer[], options: EvaluateOptions): Promise<WorkerEvaluation> {
  const started = early;
  early = null;
  if (started && started.layers.length === layers.length && started.layers.every((l, i) => l === layers[i]) && sameOptions(started.options, options)) return started.result;
  return runInWorker(layers, options);
}

async function runInWorker(layers: readonly ValidatedLayer[], evaluateOptions: EvaluateOptions): Promise<WorkerEvaluation> {
  const { api, failed } = dataWorker();
  const refs: LayerRef[] = layers.map((l) => { const key = workerKeys.get(l); return key ? { key } : { layer: l }; });
  // The date settled here, so the review items built below as the parts arrive use the worker's very date.
  const options = { ...evaluateOptions, reviewDate: evaluateOptions.reviewDate ?? todayIso(), approachingDays: evaluateOptions.approachingDays ?? DEFAULT_APPROACHING_DAYS };
  const parcels: ParcelResult[] = [];
  const parcelsById = new Map<string, ParcelResult>();
  // The review panel's items (undetermined parcels included, as it lists them), a part at a time: built at the
  // end in one go they were a 200–400 ms task for 100k parcels.
  const items = reviewItemsBuilder(options, { includeUndetermined: true });
  let onCount = () => {};
  const decode = resultPartDecoder();
  const onParcels = (part: ResultPart) => {
    const decoded = decode(part);
    for (const p of decoded) {
      parcels.push(p);
      parcelsById.set(p.id, p);
    }
    items.add(decoded);
    onCount();
  };
  const answer = Promise.race([api.evaluate(refs, options, Comlink.proxy(onParcels)), failed]);
  const { head, keys } = await whenComplete(answer, (r) => r.head.parcelCount, () => parcels.length, (f) => { onCount = f; });
  layers.forEach((l, i) => workerKeys.set(l, keys[i]));
  // The worker now holds exactly the layers of this evaluation.
  heldKeys.clear();
  for (const k of keys) heldKeys.add(k);
  const { parcelCount: _count, workerMs, ...rest } = head;
  const reviewItems = rest.reviewDate === options.reviewDate && rest.approachingDays === options.approachingDays ? items.finish() : null;
  return { ...rest, parcels, workerMs, parcelsById, reviewItems };
}

// ------------------------------------------------------------------ reading progress, for the status line

type ProgressListener = () => void;
let progress: readonly ReadProgress[] = [];
const progressListeners = new Set<ProgressListener>();

/** Files being read now, with how far each has come (empty when none is). */
export const readProgress = (): readonly ReadProgress[] => progress;

export function subscribeReadProgress(listener: ProgressListener): () => void {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** Records a file's progress (null: done) and tells the listeners. */
export function setReadProgress(file: string, p: ReadProgress | null): void {
  const others = progress.filter((x) => x.file !== file);
  progress = p ? [...others, p] : others;
  for (const l of [...progressListeners]) l();
}
