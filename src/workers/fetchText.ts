// Fetching a layer file by URL, for the data worker and for the page when no worker can run.
import type { Problem } from '../core/schema/problems';

export type ReadFailure =
  | { code: 'http'; status: number }
  | { code: 'network'; message: string }
  | { code: 'invalid'; problems: Problem[] };

/** A text file by URL: the failure as the page reports it (HTTP status, or the network's message). */
export async function fetchText(url: string): Promise<{ ok: true; text: string } | { ok: false; failure: ReadFailure }> {
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) return { ok: false, failure: { code: 'http', status: res.status } };
    return { ok: true, text: await res.text() };
  } catch (e) {
    return { ok: false, failure: { code: 'network', message: e instanceof Error ? e.message : String(e) } };
  }
}
