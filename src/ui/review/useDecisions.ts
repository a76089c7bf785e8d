// The review decisions of the open project: loaded from the browser's store (IndexedDB), appended one transaction at a
// time. When the store fails, a decision is still recorded in memory and kept as pending; the panel warns, offers the
// decisions as a JSON download, and a retry appends the pending ones (each re-reads the store, so nothing stored is lost).
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  EMPTY_DECISIONS,
  recordDecision,
  type DecisionInput,
  type DecisionState,
  type RecordContext,
  type RecordResult,
} from '../../core/review/decisions';
import { appendDecision, loadDecisions, replaceDecisions } from '../store/db';
import { tabIsReadOnly } from '../project/useTabLock';

export type StoreStatus = 'loading' | 'ready' | 'unavailable';

interface Pending {
  input: DecisionInput;
  context: RecordContext;
}

export interface DecisionStore {
  state: DecisionState;
  status: StoreStatus;
  /** Problems found in what was stored (damaged entries are reported, never silently dropped). */
  loadProblems: string[];
  /** The browser's message when the store failed, else null. */
  storageError: string | null;
  /** Decisions recorded in memory only (the store failed). */
  pendingCount: number;
  record: (input: DecisionInput, context: RecordContext) => Promise<RecordResult>;
  /** Tries the store again: loads it if it never loaded, then appends the pending decisions. */
  retry: () => Promise<void>;
  /** Replaces the project's decisions wholesale (an imported file); throws when the store fails. */
  replace: (state: DecisionState) => Promise<void>;
}

const messageOf = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export function useDecisions(projectKey: string | null): DecisionStore {
  const [state, setState] = useState<DecisionState>(EMPTY_DECISIONS);
  const [status, setStatus] = useState<StoreStatus>('loading');
  const [loadProblems, setLoadProblems] = useState<string[]>([]);
  const [storageError, setStorageError] = useState<string | null>(null);
  const [pendingCount, setPendingCount] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const pending = useRef<Pending[]>([]);
  const loaded = useRef(false);

  useEffect(() => {
    let cancelled = false;
    loaded.current = false;
    pending.current = [];
    setPendingCount(0);
    setState(EMPTY_DECISIONS);
    setStatus('loading');
    setStorageError(null);
    if (!projectKey) return;
    loadDecisions(projectKey).then(
      (stored) => {
        if (cancelled) return;
        loaded.current = true;
        setState(stored.state);
        setLoadProblems(stored.problems);
        setStatus('ready');
      },
      (e) => {
        if (cancelled) return;
        setStatus('unavailable');
        setStorageError(messageOf(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [projectKey]);

  /** Appends the pending decisions in order; stops at the first failure. Then shows what the store holds. */
  const flush = useCallback(async (key: string) => {
    while (pending.current.length > 0) {
      const next = pending.current[0];
      // Throws when the store still fails: the decision stays pending. Valid in memory, it is valid in the store too.
      await appendDecision(key, next.input, next.context);
      pending.current.shift();
      setPendingCount(pending.current.length);
    }
    const stored = await loadDecisions(key);
    setState(stored.state);
    setLoadProblems(stored.problems);
    setStorageError(null);
  }, []);

  const inMemory = useCallback((input: DecisionInput, context: RecordContext, error: unknown): RecordResult => {
    const result = recordDecision(stateRef.current, input, context);
    if (result.ok) {
      pending.current.push({ input, context });
      setPendingCount(pending.current.length);
      stateRef.current = result.state;
      setState(result.state);
      setStorageError(messageOf(error));
    }
    return result;
  }, []);

  const record = useCallback(async (input: DecisionInput, context: RecordContext): Promise<RecordResult> => {
    if (tabIsReadOnly()) return { ok: false, problems: [{ severity: 'error', code: 'read-only', message: { zh: '此项目已在另一个标签页中打开，本页只读', en: 'the project is open in another tab; this tab is read-only' } }] };
    if (!projectKey) return recordDecision(stateRef.current, input, context);
    // With decisions pending or the store never read, writing now could reorder or overwrite: keep them in memory.
    if (!loaded.current || pending.current.length > 0) return inMemory(input, context, storageError ?? 'storage unavailable');
    try {
      const result = await appendDecision(projectKey, input, context);
      if (result.ok) {
        stateRef.current = result.state;
        setState(result.state);
      }
      return result;
    } catch (e) {
      return inMemory(input, context, e);
    }
  }, [projectKey, inMemory, storageError]);

  const retry = useCallback(async () => {
    if (!projectKey) return;
    try {
      if (!loaded.current) {
        const stored = await loadDecisions(projectKey);
        loaded.current = true;
        setStatus('ready');
        setLoadProblems(stored.problems);
        setState(stored.state);
      }
      await flush(projectKey);
    } catch (e) {
      setStorageError(messageOf(e));
    }
  }, [projectKey, flush]);

  const replace = useCallback(async (next: DecisionState) => {
    if (!projectKey) throw new Error('no project');
    if (tabIsReadOnly()) throw new Error('the project is open in another tab; this tab is read-only');
    await replaceDecisions(projectKey, next);
    loaded.current = true;
    pending.current = [];
    setPendingCount(0);
    setStatus('ready');
    setStorageError(null);
    setLoadProblems([]);
    stateRef.current = next;
    setState(next);
  }, [projectKey]);

  return { state, status, loadProblems, storageError, pendingCount, record, retry, replace };
}
