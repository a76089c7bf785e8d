// The browser's own store (IndexedDB via idb) for what a user must never lose: review decisions with their
// audit trail (issue 5) and, later, the autosaved working project. Every write is one transaction that
// re-reads what is stored, so two tabs appending decisions cannot overwrite each other's entries.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  decisionsToJson,
  EMPTY_DECISIONS,
  readDecisions,
  recordDecision,
  type DecisionInput,
  type DecisionState,
  type RecordContext,
  type RecordResult,
} from '../../core/review/decisions';
import { formatProblem } from '../../core/schema/problems';

const DB_NAME = 'park-atlas';
// Version 2 adds the autosaved working projects (issue 7); version 3 keeps the data of the layers changed in this
// browser in their own store, so an autosave writes only what changed. The decisions store is kept as it was.
const DB_VERSION = 3;

/**
 * Where a layer of a working copy finds its data, in place of `data` inline: the source the app was opened on (the
 * layer is still exactly as loaded from it), or the working layers store under (sourceKey, layer id) with this token.
 */
export type LayerDataRef = { sourceUnchanged: true; url: string } | { stored: true; token: string };

/** The autosaved working project of one source (the sample, or a `?layers=` list). */
export interface WorkingRecord {
  /** The source the app was opened on (workingKeyOf in src/ui/project). */
  sourceKey: string;
  savedAt: string;
  /** The open project's own source ('sample' or 'urls'), so its key in the decisions store is the same after a restore. */
  projectSource: 'sample' | 'urls';
  /**
   * A ProjectDocument (src/core/project.ts). A layer carrying `ref` (a LayerDataRef) has `data: null`; records written
   * by version 2 have every layer inline.
   */
  doc: unknown;
}

/** One changed layer's data in the working layers store, with the token its record refers to it by. */
export interface WorkingLayerRow {
  sourceKey: string;
  layerId: string;
  token: string;
  /** The layer's GeoJSON FeatureCollection. */
  data: unknown;
}

/** A layer a save refers to by token: written unless the stored copy already holds it under that token. */
export interface WorkingLayerWrite {
  layerId: string;
  token: string;
  data: unknown;
  /** This tab believes the stored copy holds exactly this (written before under the same token). */
  written: boolean;
}

/** A stored working copy: the record and the rows its stored layers refer to (read in one transaction). */
export interface WorkingCopy {
  record: WorkingRecord;
  /** Rows by layer id, for the layers the record refers to by token. */
  layers: Map<string, WorkingLayerRow>;
}

interface AtlasDb extends DBSchema {
  /** Review decisions per project: the JSON form of core's DecisionState. */
  decisions: { key: string; value: { projectKey: string; savedAt: string; state: unknown } };
  working: { key: string; value: WorkingRecord };
  workingLayers: { key: [string, string]; value: WorkingLayerRow };
}

let dbPromise: Promise<IDBPDatabase<AtlasDb>> | null = null;

function db(): Promise<IDBPDatabase<AtlasDb>> {
  if (!dbPromise) {
    dbPromise = openDB<AtlasDb>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        if (!database.objectStoreNames.contains('decisions')) database.createObjectStore('decisions', { keyPath: 'projectKey' });
        if (!database.objectStoreNames.contains('working')) database.createObjectStore('working', { keyPath: 'sourceKey' });
        if (!database.objectStoreNames.contains('workingLayers')) database.createObjectStore('workingLayers', { keyPath: ['sourceKey', 'layerId'] });
      },
      // A newer version opened in another tab: let it upgrade (this tab reopens on its next call).
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
        dbPromise = null;
      },
    });
    // A failed open (private mode, disabled storage) must not stay cached: the next call tries again.
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

export interface StoredDecisions {
  state: DecisionState;
  /** Problems found in what was stored (a damaged record is reported, never silently dropped). */
  problems: string[];
}

function readStored(projectKey: string, value: unknown): StoredDecisions & { unreadable: boolean } {
  if (value === undefined) return { state: EMPTY_DECISIONS, problems: [], unreadable: false };
  const reading = readDecisions(value, `IndexedDB:${projectKey}`);
  return { state: reading.state ?? EMPTY_DECISIONS, problems: reading.problems.map((p) => formatProblem(p, 'zh')), unreadable: reading.state === null };
}

/** The decisions stored for a project (empty when none). Throws only when the browser's storage is unavailable. */
export async function loadDecisions(projectKey: string): Promise<StoredDecisions> {
  const row = await (await db()).get('decisions', projectKey);
  const { state, problems } = readStored(projectKey, row?.state);
  return { state, problems };
}

/**
 * Records one decision: reads the stored state, appends through core's recordDecision, writes it back, all in one
 * transaction. Returns core's result; storage failures (quota, disabled IndexedDB) reject.
 */
export async function appendDecision(projectKey: string, input: DecisionInput, context: RecordContext): Promise<RecordResult> {
  const tx = (await db()).transaction('decisions', 'readwrite');
  const row = await tx.store.get(projectKey);
  const stored = readStored(projectKey, row?.state);
  // An unreadable stored record is kept aside under its own key before anything replaces it: never lose data.
  if (stored.unreadable && row) await tx.store.put({ ...row, projectKey: `${projectKey}#unreadable-${new Date().toISOString()}` });
  const result = recordDecision(stored.state, input, context);
  if (result.ok) await tx.store.put({ projectKey, savedAt: new Date().toISOString(), state: decisionsToJson(result.state) });
  await tx.done;
  return result;
}

/** Replaces a project's decisions wholesale (opening a project file). */
export async function replaceDecisions(projectKey: string, state: DecisionState): Promise<void> {
  const tx = (await db()).transaction('decisions', 'readwrite');
  await tx.store.put({ projectKey, savedAt: new Date().toISOString(), state: decisionsToJson(state) });
  await tx.done;
}

/**
 * Replaces a project's decisions with those of an opened project file. What was stored before under that key, if it
 * differs, is first kept aside under `${projectKey}#replaced-<time>` (never lose an audit trail).
 */
export async function replaceDecisionsKeepingOld(projectKey: string, state: DecisionState): Promise<{ keptAs: string | null }> {
  const tx = (await db()).transaction('decisions', 'readwrite');
  const row = await tx.store.get(projectKey);
  const next = decisionsToJson(state);
  let keptAs: string | null = null;
  const holdsSomething = (v: unknown) => typeof v === 'object' && v !== null && Array.isArray((v as { audit?: unknown }).audit) && (v as { audit: unknown[] }).audit.length > 0;
  if (row && holdsSomething(row.state) && JSON.stringify(row.state) !== JSON.stringify(next)) {
    keptAs = `${projectKey}#replaced-${new Date().toISOString()}`;
    await tx.store.put({ ...row, projectKey: keptAs });
  }
  await tx.store.put({ projectKey, savedAt: new Date().toISOString(), state: next });
  await tx.done;
  return { keptAs };
}

/** The layer ids (and tokens) a working record refers to by token. */
export function storedRefsOf(record: WorkingRecord | undefined | null): Map<string, string> {
  const refs = new Map<string, string>();
  const layers = (record?.doc as { layers?: unknown } | null | undefined)?.layers;
  if (!Array.isArray(layers)) return refs;
  for (const l of layers as Array<{ id?: unknown; ref?: { stored?: unknown; token?: unknown } | null }>) {
    if (typeof l?.id === 'string' && l.ref?.stored === true && typeof l.ref.token === 'string') refs.set(l.id, l.ref.token);
  }
  return refs;
}

/**
 * The rows a save must put: a layer is skipped only when the stored record already refers to it with the same token
 * (then its row holds that very data, written in the same transaction as that record).
 */
export function rowsToPut(prior: WorkingRecord | undefined | null, layers: readonly WorkingLayerWrite[]): WorkingLayerWrite[] {
  const stored = storedRefsOf(prior);
  return layers.filter((l) => !(l.written && stored.get(l.layerId) === l.token));
}

/** Every key of one source in the working layers store ([sourceKey, layerId]; array keys sort after strings). */
const rowsOf = (sourceKey: string) => IDBKeyRange.bound([sourceKey], [sourceKey, []]);

/**
 * The autosaved working project of a source with the rows of its changed layers, or null; one read transaction, so
 * the rows are those of that record. Throws when the browser's storage is unavailable.
 */
export async function loadWorkingCopy(sourceKey: string): Promise<WorkingCopy | null> {
  const tx = (await db()).transaction(['working', 'workingLayers'], 'readonly');
  const record = await tx.objectStore('working').get(sourceKey);
  const layers = new Map<string, WorkingLayerRow>();
  if (record) {
    const rows = tx.objectStore('workingLayers');
    for (const id of storedRefsOf(record).keys()) {
      const row = await rows.get([sourceKey, id]);
      if (row) layers.set(id, row);
    }
  }
  await tx.done;
  return record ? { record, layers } : null;
}

/** When the stored working copy of a source was saved (null: none), without reading its layers. */
export async function workingCopySavedAt(sourceKey: string): Promise<string | null> {
  return (await (await db()).get('working', sourceKey))?.savedAt ?? null;
}

/**
 * Stores the working project: the record, the rows of the layers it refers to by token that the store does not hold
 * yet, and the removal of rows it no longer refers to, in ONE transaction (a kill mid-save leaves the old copy or the
 * new one, never a mix). Returns the ids of the layers whose data were written. Rejects on quota or disabled storage.
 */
export async function saveWorkingCopy(record: WorkingRecord, layers: readonly WorkingLayerWrite[] = []): Promise<{ written: string[] }> {
  const tx = (await db()).transaction(['working', 'workingLayers'], 'readwrite');
  const working = tx.objectStore('working');
  const rows = tx.objectStore('workingLayers');
  const key = record.sourceKey;
  // Reads first, then every write at once: nothing awaits between a write and the wait for all of them.
  const prior = await working.get(key);
  const existing = await rows.getAllKeys(rowsOf(key));
  const put = rowsToPut(prior, layers);
  const keep = new Set(layers.map((l) => l.layerId));
  const requests: Promise<unknown>[] = put.map((l) => rows.put({ sourceKey: key, layerId: l.layerId, token: l.token, data: l.data }));
  for (const k of existing) if (!keep.has(k[1])) requests.push(rows.delete(k));
  requests.push(working.put(record));
  await Promise.all([...requests, tx.done]);
  return { written: put.map((l) => l.layerId) };
}

/** Moves a stored working copy (record and rows) to another key in one transaction: an unreadable copy is kept aside. */
export async function moveWorkingCopy(sourceKey: string, toKey: string): Promise<void> {
  const tx = (await db()).transaction(['working', 'workingLayers'], 'readwrite');
  const working = tx.objectStore('working');
  const rows = tx.objectStore('workingLayers');
  const record = await working.get(sourceKey);
  const stored = record ? await rows.getAll(rowsOf(sourceKey)) : [];
  const requests: Promise<unknown>[] = [];
  if (record) {
    for (const row of stored) requests.push(rows.put({ ...row, sourceKey: toKey }), rows.delete([sourceKey, row.layerId]));
    requests.push(working.put({ ...record, sourceKey: toKey }), working.delete(sourceKey));
  }
  await Promise.all([...requests, tx.done]);
}

/** Forgets the working project of a source ("恢复原始数据"): its record and its layers, in one transaction. */
export async function deleteWorkingCopy(sourceKey: string): Promise<void> {
  const tx = (await db()).transaction(['working', 'workingLayers'], 'readwrite');
  await Promise.all([tx.objectStore('working').delete(sourceKey), tx.objectStore('workingLayers').delete(rowsOf(sourceKey)), tx.done]);
}
