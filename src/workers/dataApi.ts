// What the data worker does (data.worker.ts exposes it): reads layer files (fetch, parse, validate) and evaluates
// large projects off the main thread, and keeps the layers it has seen so a new review date re-evaluates without
// sending them again.
// Results go back in parts of a few thousand features, so no single message costs the page more than a few tens
// of milliseconds to receive (issue 9: no main-thread task over 100 ms while computing). Driven through comlink by
// src/ui/data/dataWorker.ts; plain functions, so tests run them in Node.
import { evaluate, type EvaluateOptions, type Evaluation } from '../core/evaluate';
import { parseJsonText, plainFeatureCollection } from '../core/io/geojson';
import { createLayerReader } from '../core/io/layerStream';
import { fetchText, type ReadFailure } from './fetchText';
import { resultPartEncoder, type ResultPart } from './resultParts';
import { runConflicts, type ConflictPayload } from './conflictJob';
import * as Comlink from 'comlink';
import type { Problem } from '../core/schema/problems';
import { validateLayer, type ValidatedLayer } from '../core/schema/validate';
import type { LayerKind } from '../core/schema/types';

/** Features per message (~4 MB of JSON for typical parcels: ~40 ms for the page to parse). */
export const PART_SIZE = 5000;
/**
 * Parcel results per message, as JSON (resultParts.ts): the page parses them several times faster than it receives a
 * structured clone (~60 µs a result measured); 2,000 keep each part's parse well under 100 ms. Exact: results hold
 * no NaN or Infinity (null instead), only plain data.
 */
const RESULT_PART_SIZE = 2000;

/** How far a file's reading has come (bytes as they arrive; the total when the server says it). */
export interface ReadProgress {
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
  features: number;
}

/** Progress messages at most this often: the page redraws its status line for each. */
const PROGRESS_EVERY_MS = 150;

export interface FileRequest {
  url: string;
  /** The file's name as the user knows it, for messages. */
  file: string;
  /** The kind the manifest declares (null: from the file or its properties). */
  kindHint: LayerKind | null;
}

export type { ReadFailure };

/** A read file without its features, which arrive in parts. */
export interface FileHead {
  /** The collection's members other than `features` (type, kind, name, …). */
  members: Record<string, unknown>;
  featureCount: number;
  /** Set when core's validation accepted the layer: its kind, unusable ids, problems and the worker's key for it. */
  validated: { kind: LayerKind; invalidIds: string[]; problems: Problem[]; key: string } | null;
  /** When the kind could not be told: the top-level `kind` member, for a generic layer. */
  unknownKindProblems: Problem[] | null;
}

export type FileResult = { ok: true; head: FileHead } | { ok: false; failure: ReadFailure };

/**
 * Features as JSON text: the page's JSON.parse reads them several times faster than it receives the same
 * objects by structured clone (measured: ~100 ms per 5,000 parcels by clone). Exact: they came from JSON.
 */
export interface FeaturePart {
  featuresJson: string;
  /** Core's typed records of these features, JSON too (null for a layer without a known kind). */
  recordsJson: string | null;
  count: number;
}

/** A layer to evaluate: the worker's key when it has it, else the layer itself (it keeps it under a new key). */
export type LayerRef = { key: string } | { layer: ValidatedLayer };

export type EvaluationHead = Omit<Evaluation, 'parcels'> & { parcelCount: number; /** Time core's evaluate took here. */ workerMs: number };

/** Conflicts jobs the page has cancelled (they stop at their next chunk). */
const cancelledJobs = new Set<number>();

/** Lets queued messages (a cancel) run: a message, not a timer (nested timers are clamped to 4 ms). */
const yieldToMessages = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });

/** Layers this worker holds, by key (what the page still uses; dropped when an evaluation no longer names them). */
const held = new Map<string, ValidatedLayer>();
let nextKey = 1;
const keep = (layer: ValidatedLayer): string => {
  const key = `L${nextKey++}`;
  held.set(key, layer);
  return key;
};

function sendParts(features: readonly unknown[], records: readonly unknown[] | null, onPart: (part: FeaturePart) => void): void {
  for (let i = 0; i < features.length; i += PART_SIZE) {
    const features_ = features.slice(i, i + PART_SIZE);
    void onPart({ featuresJson: JSON.stringify(features_), recordsJson: records ? JSON.stringify(records.slice(i, i + PART_SIZE)) : null, count: features_.length });
  }
}

/**
 * The whole-text path: parsed at once and validated. `onValidPart` gets a validated layer's parts, `onPlainPart` a
 * plain layer's (a file whose kind cannot be told).
 */
function readWhole(req: FileRequest, text: string, onValidPart: (part: FeaturePart) => void, onPlainPart = onValidPart): FileResult {
  const json = parseJsonText(text, req.file);
  if (!json.ok) return { ok: false, failure: { code: 'invalid', problems: json.problems } };
  const checked = validateLayer(json.value, req.file, req.kindHint ?? undefined);
  if (checked.ok) {
    sendParts(checked.value.layer.features, checked.value.records, onValidPart);
    return { ok: true, head: validatedHead(checked.value) };
  }
  // A file whose kind cannot be told is still shown, as a plain layer (loadProject.ts decides how).
  const plain = checked.problems.every((p) => p.code === 'kind-unknown') ? plainFeatureCollection(json.value) : null;
  if (!plain) return { ok: false, failure: { code: 'invalid', problems: checked.problems } };
  const { features, ...members } = plain;
  sendParts(features, null, onPlainPart);
  return { ok: true, head: { members, featureCount: features.length, validated: null, unknownKindProblems: checked.problems } };
}

/** The head of a validated layer; the worker keeps the layer for evaluations. */
function validatedHead(v: ValidatedLayer): FileHead {
  const { features, ...members } = v.layer as unknown as { features: unknown[] } & Record<string, unknown>;
  return { members, featureCount: features.length, validated: { kind: v.kind, invalidIds: v.invalidIds, problems: v.problems, key: keep(v) }, unknownKindProblems: null };
}

export const dataApi = {
  /**
   * Reads one layer file: fetched, parsed and validated here. The features (with their records) go to `onPart`
   * in order before the head is returned; the validated layer stays here for evaluations.
   */
  async readFile(req: FileRequest, onPart: (part: FeaturePart) => void, onProgress?: (progress: ReadProgress) => void): Promise<FileResult> {
    let res: Response;
    try {
      res = await fetch(req.url, { credentials: 'same-origin' });
    } catch (e) {
      return { ok: false, failure: { code: 'network', message: e instanceof Error ? e.message : String(e) } };
    }
    if (!res.ok) return { ok: false, failure: { code: 'http', status: res.status } };
    if (!res.body) return readWhole(req, await res.text(), onPart);
    // Read as it arrives: no string of the whole file (V8 cannot hold one over ~512 MB), and the page gets the
    // first parts while the rest is still downloading.
    const reader = createLayerReader(req.file, req.kindHint ?? undefined);
    const decoder = new TextDecoder('utf-8');
    const pending: { features: unknown[]; records: unknown[] } = { features: [], records: [] };
    let sent = 0;
    const flush = (all: boolean) => {
      while (pending.features.length >= PART_SIZE || (all && pending.features.length > 0)) {
        const features = pending.features.splice(0, PART_SIZE);
        const records = pending.records.splice(0, PART_SIZE);
        void onPart({ featuresJson: JSON.stringify(features), recordsJson: JSON.stringify(records), count: features.length });
        sent += features.length;
      }
    };
    const take = (batch: { features: readonly unknown[]; records: readonly unknown[] }) => {
      for (const f of batch.features) pending.features.push(f);
      for (const r of batch.records) pending.records.push(r);
      flush(false);
    };
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    let received = 0;
    let reportedAt = 0;
    try {
      const body = res.body.getReader();
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        received += value.byteLength;
        take(reader.push(decoder.decode(value, { stream: true })));
        const now = performance.now();
        if (onProgress && now - reportedAt > PROGRESS_EVERY_MS) {
          reportedAt = now;
          void onProgress({ file: req.file, receivedBytes: received, totalBytes: total, features: reader.featureCount });
        }
      }
      take(reader.push(decoder.decode()));
    } catch (e) {
      return { ok: false, failure: { code: 'network', message: e instanceof Error ? e.message : String(e) } };
    }
    const result = reader.end();
    if (!result.ok) {
      // A layer whose kind cannot be told is shown plain: read again whole (such files are rarely large).
      if (result.problems.every((p) => p.code === 'kind-unknown')) {
        const again = await fetchText(req.url);
        return again.ok ? readWhole(req, again.text, () => {}, onPart) : again;
      }
      return { ok: false, failure: { code: 'invalid', problems: result.problems } };
    }
    const v = result.value;
    // Features the validator held until the end (no kind before them in the file) go now.
    const done = sent + pending.features.length;
    take({ features: v.layer.features.slice(done), records: v.records.slice(done) });
    flush(true);
    return { ok: true, head: validatedHead(v) };
  },

  /**
   * Core's evaluation of the given layers. Parcel results go to `onParcels` in parts before the rest is returned;
   * the keys of layers sent whole come back in `keys` (same order as `refs`). Layers not named are let go.
   */
  evaluate(refs: LayerRef[], options: EvaluateOptions, onParcels: (part: ResultPart) => void): { head: EvaluationHead; keys: string[] } {
    const keys: string[] = [];
    const layers: ValidatedLayer[] = [];
    for (const ref of refs) {
      if ('key' in ref) {
        const l = held.get(ref.key);
        if (!l) throw new Error(`layer ${ref.key} is no longer held by the data worker`);
        keys.push(ref.key);
        layers.push(l);
      } else {
        keys.push(keep(ref.layer));
        layers.push(ref.layer);
      }
    }
    for (const key of [...held.keys()]) if (!keys.includes(key)) held.delete(key);
    const t0 = performance.now();
    const { parcels, ...rest } = evaluate(layers, options);
    const workerMs = performance.now() - t0;
    const encode = resultPartEncoder();
    for (let i = 0; i < parcels.length; i += RESULT_PART_SIZE) void onParcels(encode(parcels.slice(i, i + RESULT_PART_SIZE)));
    return { head: { ...rest, parcelCount: parcels.length, workerMs }, keys };
  },

  /**
   * The 五规合一 check over layers this worker holds (a large project's: its GeoJSON is never copied off the page,
   * which took the page seconds of blocked main thread at 100k parcels). Between chunks it lets messages in, so
   * `cancelConflicts(job)` stops it there; the page has already moved on.
   */
  async conflicts(keys: string[], minAreaM2: number | undefined, job: number, onProgress?: (done: number, total: number) => void): Promise<ConflictPayload> {
    const layers = keys.map((key) => {
      const l = held.get(key);
      if (!l) throw new Error(`layer ${key} is no longer held by the data worker`);
      return l;
    });
    try {
      const { payload, transfer } = await runConflicts(layers, minAreaM2, onProgress, async () => {
        await yieldToMessages();
        if (cancelledJobs.has(job)) throw new Error('cancelled');
      });
      return Comlink.transfer(payload, transfer);
    } finally {
      cancelledJobs.delete(job);
    }
  },

  /** Stops a conflicts job at its next chunk. */
  cancelConflicts(job: number): void {
    cancelledJobs.add(job);
  },

  /** Keeps only these layers (the page evaluates small projects itself and lets the worker's copies go). */
  retain(keys: string[]): void {
    for (const key of [...held.keys()]) if (!keys.includes(key)) held.delete(key);
  },
};

export type DataWorkerApi = typeof dataApi;
