// One writer per project across the browser's tabs (issue 9, "no data loss"): two tabs autosaving the same working
// copy would overwrite each other's edits. The first tab holds a Web Lock named after the working copy's key for as
// long as it lives; a later tab finds it taken and reads only. "Edit here" asks the writer (BroadcastChannel) to write
// what it has not saved yet and step down, then steals the lock; the writer learns at once (its lock request rejects)
// and reads only from then on. When the writer's tab closes or crashes, the browser frees the lock and the first
// waiting tab takes it. Without Web Locks the tabs find each other over the BroadcastChannel alone.

export type TabMode = 'pending' | 'writer' | 'reader';

export interface TabAccess {
  /** pending: not known yet (a few ms with Web Locks, HELLO_WAIT_MS without); nothing is written meanwhile. */
  mode: TabMode;
  /** Why this tab reads only: another tab had the project open first, or another tab took it over. */
  reason: 'open-elsewhere' | 'taken-over' | null;
  /** How this tab became the writer after reading only (for a short note), else null. */
  gained: 'takeover' | 'freed' | null;
  /** How tabs are detected: Web Locks (+ BroadcastChannel), BroadcastChannel only, or not at all. */
  method: 'locks' | 'broadcast' | 'none';
  /** "Edit here" is in progress (waiting for the writer to save, then reloading). */
  takingOver: boolean;
}

/** The part of BroadcastChannel used here (a test may pass its own). */
export interface Channel {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface TabLockOptions {
  /** The working copy's key (workingKeyOf): tabs on the same key share one writer. */
  key: string;
  /** Before another tab takes over: write what is not saved yet. Awaited (up to HANDOVER_WAIT_MS in the other tab). */
  beforeHandover: () => Promise<void>;
  /** After this tab became the writer from reading only: load what the other tab saved. Nothing is written before it ends. */
  afterGain: () => Promise<void>;
  /** Defaults: navigator.locks and BroadcastChannel when the browser has them; null to do without. */
  locks?: LockManager | null;
  channel?: ((name: string) => Channel) | null;
  /** How long "Edit here" waits for the writer to save before taking over anyway. */
  handoverWaitMs?: number;
  /** Without Web Locks: how long a new tab listens for a writer before it becomes one. */
  helloWaitMs?: number;
  startGraceMs?: number;
}

export interface TabLock {
  access(): TabAccess;
  /** True only while this tab is the writer (and not loading what another tab saved). */
  canWrite(): boolean;
  subscribe(listener: () => void): () => void;
  /** "Edit here": this tab becomes the writer, the one that was turns read-only. */
  takeOver(): Promise<void>;
  stop(): void;
}

export const HANDOVER_WAIT_MS = 2000;
export const HELLO_WAIT_MS = 300;
/**
 * A tab that finds the lock taken waits this long before it says so: a reloaded page asks before the browser has
 * freed the lock of the page it replaces, and a reload is not a second tab.
 */
export const START_GRACE_MS = 1000;
/** A writer that stepped down for a tab that then never took the lock gives it up after this long. */
const RELEASE_AFTER_MS = 5000;

type Message =
  | { t: 'hello'; from: string; since: number }
  | { t: 'writer-here'; from: string; since: number }
  | { t: 'handover?'; from: string }
  | { t: 'handover!'; from: string; to: string }
  | { t: 'taken'; from: string }
  | { t: 'bye'; from: string };

const defaultLocks = (): LockManager | null => (typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.request === 'function' ? navigator.locks : null);
const defaultChannel = (): ((name: string) => Channel) | null =>
  typeof BroadcastChannel === 'function' ? (name) => new BroadcastChannel(name) as unknown as Channel : null;

export function createTabLock(options: TabLockOptions): TabLock {
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const makeChannel = options.channel === undefined ? defaultChannel() : options.channel;
  const handoverWait = options.handoverWaitMs ?? HANDOVER_WAIT_MS;
  const helloWait = options.helloWaitMs ?? HELLO_WAIT_MS;
  const startGrace = options.startGraceMs ?? START_GRACE_MS;
  const lockName = `park-atlas.working:${options.key}`;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const since = Date.now();
  const method: TabAccess['method'] = locks ? 'locks' : makeChannel ? 'broadcast' : 'none';

  let access: TabAccess = { mode: method === 'none' ? 'writer' : 'pending', reason: null, gained: null, method, takingOver: false };
  const listeners = new Set<() => void>();
  let stopped = false;
  let gaining = false;
  const set = (patch: Partial<TabAccess>) => {
    access = { ...access, ...patch };
    for (const l of [...listeners]) l();
  };

  let channel: Channel | null = null;
  try {
    channel = makeChannel ? makeChannel(`park-atlas.tabs:${options.key}`) : null;
  } catch {
    channel = null;
  }
  const post = (m: Message) => {
    try {
      channel?.postMessage(m);
    } catch {
      // a closed channel: nobody to tell
    }
  };

  /**
   * Becomes the writer. `reload`: another tab may have written since this one read the working copy, so what is
   * stored is loaded first (nothing is written meanwhile). `how` is shown in a note (null: no note).
   */
  async function gain(how: 'takeover' | 'freed' | null, reload = how !== null): Promise<void> {
    if (stopped) return;
    if (reload) {
      gaining = true;
      try {
        await options.afterGain();
      } catch {
        // what was stored could not be read: this tab's own state stays, as after a failed start
      } finally {
        gaining = false;
      }
    }
    if (stopped) return;
    set({ mode: 'writer', reason: null, gained: how, takingOver: false });
  }
  function stepDown(reason: 'open-elsewhere' | 'taken-over') {
    if (stopped) return;
    set({ mode: 'reader', reason, gained: null });
  }

  // ------------------------------------------------------------------ Web Locks

  /** Resolves the promise that keeps the lock held (releases it). */
  let release: (() => void) | null = null;
  let waiting: AbortController | null = null;
  let releaseTimer: ReturnType<typeof setTimeout> | null = null;
  let graceTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * One lock request. `granted` runs when it is granted (the lock is then held until `release`); a rejection after
   * the grant means another tab stole it. A rejection before the grant is our own abort of a waiting request, or the
   * browser refusing (`failed`).
   */
  function request(opts: LockOptions, on: { granted: () => void; unavailable?: () => void; failed?: () => void }): void {
    if (!locks) return;
    let held = false;
    locks
      .request(lockName, opts, (lock) => {
        if (!lock) {
          on.unavailable?.();
          return null;
        }
        if (stopped) return null;
        held = true;
        return new Promise<void>((resolve) => {
          release = resolve;
          on.granted();
        });
      })
      .then(
        () => {
          held = false;
        },
        () => {
          if (stopped) return;
          if (!held) {
            on.failed?.();
            return;
          }
          // Stolen ("Edit here" in another tab): read only from now on, and wait to get it back if that tab closes.
          held = false;
          release = null;
          if (releaseTimer) clearTimeout(releaseTimer);
          stepDown('taken-over');
          waitForLock();
        },
      );
  }
  /** Queues for the lock: granted when the writer's tab closes (or gives it up). */
  function waitForLock(): void {
    if (stopped || !locks) return;
    waiting?.abort();
    const controller = new AbortController();
    waiting = controller;
    request({ signal: controller.signal }, {
      granted: () => {
        if (waiting === controller) waiting = null;
        if (graceTimer) {
          // Granted within the start's grace: the page this one replaced has let go (a reload), no note.
          clearTimeout(graceTimer);
          graceTimer = null;
          void gain(null, true);
        } else {
          void gain('freed');
        }
      },
    });
  }


  // ------------------------------------------------------------------ BroadcastChannel

  let helloTimer: ReturnType<typeof setTimeout> | null = null;
  let handoverWaiter: (() => void) | null = null;

  /** Without Web Locks: announce, and become the writer unless one answers. */
  function claim(how: 'freed' | null): void {
    if (stopped) return;
    post({ t: 'hello', from: id, since });
    if (helloTimer) clearTimeout(helloTimer);
    helloTimer = setTimeout(() => {
      helloTimer = null;
      if (access.mode === 'reader' && how === null) return; // a writer answered
      if (access.mode === 'writer') return;
      void gain(how).then(() => post({ t: 'writer-here', from: id, since }));
    }, helloWait);
  }

  async function onMessage(m: Message): Promise<void> {
    if (stopped || !m || typeof m !== 'object' || m.from === id) return;
    switch (m.t) {
      case 'hello':
        if (access.mode === 'writer') post({ t: 'writer-here', from: id, since });
        break;
      case 'writer-here':
        if (helloTimer && access.mode !== 'writer') {
          clearTimeout(helloTimer);
          helloTimer = null;
        }
        if (access.mode === 'pending' || (access.mode === 'reader' && !access.takingOver)) stepDown(access.reason ?? 'open-elsewhere');
        // Two writers (tabs opened at the same moment): the younger steps down.
        else if (access.mode === 'writer' && !locks && (m.since < since || (m.since === since && m.from < id))) stepDown('open-elsewhere');
        break;
      case 'handover?':
        if (access.mode !== 'writer') break;
        // Stop editing at once, write what is not saved yet, then let the asking tab take over.
        stepDown('taken-over');
        try {
          await options.beforeHandover();
        } catch {
          // the write failed: the asking tab loads what is stored; this tab keeps its state on screen
        }
        post({ t: 'handover!', from: id, to: m.from });
        if (locks && release) {
          // Normally the asking tab steals the lock now; if it never does, give it up for the next waiting tab.
          if (releaseTimer) clearTimeout(releaseTimer);
          releaseTimer = setTimeout(() => {
            releaseTimer = null;
            if (access.mode !== 'reader' || !release) return;
            const r = release;
            release = null;
            r();
            waitForLock();
          }, RELEASE_AFTER_MS);
        }
        break;
      case 'handover!':
        if (m.to === id) handoverWaiter?.();
        break;
      case 'taken':
        if (access.mode === 'writer' && !locks) stepDown('taken-over');
        break;
      case 'bye':
        // Without Web Locks a closing writer says so; the readers claim again (the younger steps down on a tie).
        if (!locks && access.mode === 'reader' && !access.takingOver) claim('freed');
        break;
    }
  }
  if (channel) channel.onmessage = (e) => void onMessage(e.data as Message);

  const onPageHide = () => {
    if (access.mode === 'writer') post({ t: 'bye', from: id });
  };

  // ------------------------------------------------------------------ start

  if (locks) {
    request({ ifAvailable: true }, {
      granted: () => void gain(null),
      unavailable: () => {
        graceTimer = setTimeout(() => {
          graceTimer = null;
          if (access.mode === 'pending') stepDown('open-elsewhere');
        }, startGrace);
        waitForLock();
      },
      // The browser refused the lock (an opaque origin, say): no detection, as without Web Locks.
      failed: () => void gain(null),
    });
  } else if (channel) {
    claim(null);
  }
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onPageHide);

  return {
    access: () => access,
    canWrite: () => access.mode === 'writer' && !gaining && !stopped,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async takeOver() {
      if (stopped || access.mode === 'writer' || access.takingOver) return;
      set({ takingOver: true });
      // Ask the writer to save and step down; take over anyway if it does not answer (a frozen or crashed tab).
      if (channel) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, handoverWait);
          function done() {
            clearTimeout(timer);
            handoverWaiter = null;
            resolve();
          }
          handoverWaiter = done;
          post({ t: 'handover?', from: id });
        });
      }
      if (stopped) return;
      if (locks) {
        waiting?.abort();
        waiting = null;
        await new Promise<void>((resolve) => {
          request({ steal: true }, {
            granted: () => {
              post({ t: 'taken', from: id });
              void gain('takeover').then(resolve);
            },
            failed: () => {
              set({ takingOver: false });
              waitForLock();
              resolve();
            },
          });
        });
      } else {
        await gain('takeover');
        post({ t: 'taken', from: id });
      }
    },
    stop() {
      if (stopped) return;
      onPageHide();
      stopped = true;
      if (helloTimer) clearTimeout(helloTimer);
      if (releaseTimer) clearTimeout(releaseTimer);
      if (graceTimer) clearTimeout(graceTimer);
      waiting?.abort();
      release?.();
      release = null;
      if (channel) {
        channel.onmessage = null;
        channel.close();
      }
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', onPageHide);
      listeners.clear();
    },
  };
}
