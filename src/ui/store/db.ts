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
// Version 2 adds the autosaved working projects (issue 7); the decisions store is kept as it was.
const DB_VERSION = 2;

/** The autosaved working project of one source (the sample, or a `?layers=` list): a project document, layers inline. */
export interface WorkingRecord {
  /** The source the app was opened on (workingKeyOf in src/ui/project). */
  sourceKey: string;
  savedAt: string;
  /** The open project's own source ('sample' or 'urls'), so its key in the decisions store is the same after a restore. */
  projectSource: 'sample' | 'urls';
  /** A ProjectDocument (src/core/project.ts) with layers inline. */
  doc: unknown;
}

interface AtlasDb extends DBSchema {
  /** Review decisions per project: the JSON form of core's DecisionState. */
  decisions: { key: string; value: { projectKey: string; savedAt: string; state: unknown } };
  working: { key: string; value: WorkingRecord };
}

let dbPromise: Promise<IDBPDatabase<AtlasDb>> | null = null;

function db(): Promise<IDBPDatabase<AtlasDb>> {
  if (!dbPromise) {
    dbPromise = openDB<AtlasDb>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        if (!database.objectStoreNames.contains('decisions')) database.createObjectStore('decisions', { keyPath: 'projectKey' });
        if (!database.objectStoreNames.contains('working')) database.createObjectStore('working', { keyPath: 'sourceKey' });
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

/** The autosaved working project of a source, or null. Throws when the browser's storage is unavailable. */
export async function loadWorkingCopy(sourceKey: string): Promise<WorkingRecord | null> {
  return (await (await db()).get('working', sourceKey)) ?? null;
}

/** Stores the working project (one put; the latest wins). Rejects on quota or disabled storage. */
export async function saveWorkingCopy(record: WorkingRecord): Promise<void> {
  await (await db()).put('working', record);
}

/** Forgets the working project of a source ("恢复原始数据"). */
export async function deleteWorkingCopy(sourceKey: string): Promise<void> {
  await (await db()).delete('working', sourceKey);
}
