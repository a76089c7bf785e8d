// Two tabs on one project (issue 9): one writes, the other reads only; "Edit here" hands over after the writer saved;
// a closed writer frees the project for the next tab. Tabs are lock instances in one process talking over Node's own
// BroadcastChannel; Web Locks are a small in-memory LockManager with the standard's grant, ifAvailable, steal and
// signal rules (the e2e case runs the same against Chromium's).
import { afterEach, describe, expect, it } from 'vitest';
import { createTabLock, type TabLock, type TabLockOptions } from '../../src/ui/project/tabLock';

/** Exclusive locks only, as the app uses them. */
class MemoryLocks {
  private held = new Map<string, { reject: (e: unknown) => void }>();
  private queue = new Map<string, Array<() => void>>();

  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        const holder = { reject };
        this.held.set(name, holder);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' } as Lock))
          .then(resolve, reject)
          .finally(() => {
            if (this.held.get(name) === holder) {
              this.held.delete(name);
              this.next(name);
            }
          });
      };
      if (options.steal) {
        const old = this.held.get(name);
        this.held.delete(name);
        old?.reject(new DOMException('The lock was stolen', 'AbortError'));
        grant();
      } else if (!this.held.has(name) && (this.queue.get(name)?.length ?? 0) === 0) {
        grant();
      } else if (options.ifAvailable) {
        Promise.resolve().then(() => callback(null)).then(resolve, reject);
      } else {
        const q = this.queue.get(name) ?? [];
        const entry = () => grant();
        q.push(entry);
        this.queue.set(name, q);
        options.signal?.addEventListener('abort', () => {
          const i = q.indexOf(entry);
          if (i >= 0) {
            q.splice(i, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
      }
    });
  }

  private next(name: string) {
    const q = this.queue.get(name);
    const first = q?.shift();
    if (first) first();
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(5);
  }
}

const open: TabLock[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.stop();
});

interface Tab {
  lock: TabLock;
  log: string[];
  /** Stored working copy writes made by this tab (beforeHandover). */
  flushed: number;
}
function tab(key: string, extra: Partial<TabLockOptions> = {}, name = 'tab'): Tab {
  const t: Tab = { lock: null as unknown as TabLock, log: [], flushed: 0 };
  t.lock = createTabLock({
    key,
    beforeHandover: async () => {
      await tick(20); // an IndexedDB write takes a moment
      t.flushed++;
      t.log.push(`${name}: flushed`);
    },
    afterGain: async () => {
      t.log.push(`${name}: reload (canWrite ${t.lock.canWrite()})`);
    },
    helloWaitMs: 60,
    handoverWaitMs: 500,
    startGraceMs: 80,
    ...extra,
  });
  open.push(t.lock);
  return t;
}

describe.each([
  ['Web Locks', () => ({ locks: new MemoryLocks() as unknown as LockManager })],
  ['BroadcastChannel only', () => ({ locks: null })],
])('two tabs, %s', (_label, env) => {
  it('the second tab reads only; "Edit here" makes the first save and read only, then the second reloads and writes', async () => {
    const shared = env();
    const key = `k-${Math.random()}`;
    const a = tab(key, shared, 'A');
    await until(() => a.lock.access().mode === 'writer', 'A writer');
    expect(a.lock.canWrite()).toBe(true);
    const b = tab(key, shared, 'B');
    await until(() => b.lock.access().mode === 'reader', 'B reader');
    expect(b.lock.access()).toMatchObject({ reason: 'open-elsewhere', takingOver: false });
    expect(b.lock.canWrite()).toBe(false);
    await tick(100);
    expect(a.lock.access().mode).toBe('writer');

    await b.lock.takeOver();
    expect(b.lock.access()).toMatchObject({ mode: 'writer', gained: 'takeover' });
    expect(a.lock.access()).toMatchObject({ mode: 'reader', reason: 'taken-over' });
    expect(a.lock.canWrite()).toBe(false);
    // A wrote its unsaved state before B read what is stored; B wrote nothing until it had.
    expect(a.flushed).toBe(1);
    expect([...a.log, ...b.log]).toEqual(['A: flushed', 'B: reload (canWrite false)']);
    await tick(100);
    expect(a.lock.access().mode).toBe('reader');
    expect(b.lock.access().mode).toBe('writer');
  });

  it('a different project is not affected', async () => {
    const shared = env();
    const a = tab(`x-${Math.random()}`, shared);
    const b = tab(`y-${Math.random()}`, shared);
    await until(() => a.lock.access().mode === 'writer' && b.lock.access().mode === 'writer', 'both writers');
  });
});

describe('two tabs, Web Locks', () => {
  it('when the writer closes, the waiting tab gets the project (after loading what was saved)', async () => {
    const locks = new MemoryLocks() as unknown as LockManager;
    const key = `k-${Math.random()}`;
    const a = tab(key, { locks }, 'A');
    await until(() => a.lock.access().mode === 'writer', 'A writer');
    const b = tab(key, { locks }, 'B');
    await until(() => b.lock.access().mode === 'reader', 'B reader');
    a.lock.stop();
    await until(() => b.lock.access().mode === 'writer', 'B writer after A closed');
    expect(b.lock.access().gained).toBe('freed');
    expect(b.log).toEqual(['B: reload (canWrite false)']);
  });

  it('a reload (the new page asks before the old one has let go) is not a second tab: no banner, no note', async () => {
    const locks = new MemoryLocks() as unknown as LockManager;
    const key = `k-${Math.random()}`;
    const a = tab(key, { locks }, 'A');
    await until(() => a.lock.access().mode === 'writer', 'A writer');
    // The old page goes and the new one asks in the same moment: the lock is still held when it asks.
    a.lock.stop();
    const b = tab(key, { locks }, 'B');
    const modes: string[] = [];
    b.lock.subscribe(() => modes.push(b.lock.access().mode));
    await until(() => b.lock.access().mode === 'writer', 'B writer');
    expect(modes).not.toContain('reader');
    expect(b.lock.access().gained).toBeNull();
    // What the old page wrote as it went is read before this one writes.
    expect(b.log).toEqual(['B: reload (canWrite false)']);
  });

  it('a writer that does not answer (frozen) loses the project anyway after the wait, and learns at once', async () => {
    const locks = new MemoryLocks() as unknown as LockManager;
    const key = `k-${Math.random()}`;
    const a = tab(key, { locks, channel: null }, 'A'); // hears nothing
    await until(() => a.lock.access().mode === 'writer', 'A writer');
    const b = tab(key, { locks }, 'B');
    await until(() => b.lock.access().mode === 'reader', 'B reader');
    const t0 = Date.now();
    await b.lock.takeOver();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    expect(b.lock.access().mode).toBe('writer');
    await until(() => a.lock.access().mode === 'reader', 'A reader after the steal');
    expect(a.lock.access().reason).toBe('taken-over');
    expect(a.flushed).toBe(0);
  });
});

describe('two tabs, BroadcastChannel only', () => {
  it('when the writer closes, a reader claims the project', async () => {
    const key = `k-${Math.random()}`;
    const a = tab(key, { locks: null }, 'A');
    await until(() => a.lock.access().mode === 'writer', 'A writer');
    const b = tab(key, { locks: null }, 'B');
    await until(() => b.lock.access().mode === 'reader', 'B reader');
    a.lock.stop();
    await until(() => b.lock.access().mode === 'writer', 'B writer');
    expect(b.lock.access().gained).toBe('freed');
  });
});

describe('a browser with neither', () => {
  it('writes (nothing to detect other tabs with)', () => {
    const a = tab(`k-${Math.random()}`, { locks: null, channel: null });
    expect(a.lock.access()).toMatchObject({ mode: 'writer', method: 'none' });
    expect(a.lock.canWrite()).toBe(true);
  });
});
