// Small per-browser preferences of the review panel (reviewer's name, issuing authority, edited notice templates),
// kept in localStorage. Storage may be disabled: every read falls back, every write reports whether it held.

const PREFIX = 'parkAtlas.review.';

export function readPref(name: string): string | null {
  try {
    return localStorage.getItem(PREFIX + name);
  } catch {
    return null;
  }
}

/** Stores a value (null removes it); false when the browser refused. */
export function writePref(name: string, value: string | null): boolean {
  try {
    if (value === null) localStorage.removeItem(PREFIX + name);
    else localStorage.setItem(PREFIX + name, value);
    return true;
  } catch {
    return false;
  }
}
