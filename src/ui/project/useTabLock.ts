// The page's tab lock (tabLock.ts) for React: the working project creates it (useTabLock); any component reads
// whether this tab may write (useTabAccess) without the app shell passing it down.
import { useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import { createTabLock, type TabAccess, type TabLock } from './tabLock';

const PENDING: TabAccess = { mode: 'pending', reason: null, gained: null, method: 'none', takingOver: false };

let current: TabLock | null = null;
let unsubscribeCurrent: (() => void) | null = null;
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of [...listeners]) l();
};

function setCurrent(lock: TabLock | null): void {
  unsubscribeCurrent?.();
  unsubscribeCurrent = null;
  current = lock;
  if (lock) unsubscribeCurrent = lock.subscribe(notify);
  notify();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};
const snapshot = (): TabAccess => current?.access() ?? PENDING;

/** Whether this tab may write, and why not. Re-renders when another tab takes over or gives way. */
export function useTabAccess(): TabAccess {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Another tab holds the project: this one must not write (decisions, edits, imports). Pending counts as not read-only. */
export function tabIsReadOnly(): boolean {
  return snapshot().mode === 'reader';
}

export interface TabLockHooks {
  beforeHandover: () => Promise<void>;
  afterGain: () => Promise<void>;
}

/** Holds the tab lock of `key` while mounted; returns the lock (null during the first render). */
export function useTabLock(key: string, hooks: TabLockHooks): RefObject<TabLock | null> {
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;
  const lockRef = useRef<TabLock | null>(null);
  useEffect(() => {
    const lock = createTabLock({ key, beforeHandover: () => hooksRef.current.beforeHandover(), afterGain: () => hooksRef.current.afterGain() });
    lockRef.current = lock;
    setCurrent(lock);
    return () => {
      lock.stop();
      if (lockRef.current === lock) lockRef.current = null;
      if (current === lock) setCurrent(null);
    };
  }, [key]);
  return lockRef;
}
