// The app's Content-Security-Policy, in two parts (issue 9 part 5). index.html carries a static policy for what never
// changes: scripts from this origin only (no inline script, no eval), no plugins, no <base> or form hijacking. Which
// hosts the page may fetch from or show images of depends on the user's base map (kept in this browser) and on
// ?layers= addresses, so that part is computed here at startup, before any request, and added as a second <meta>
// policy; both policies apply. A policy can only be tightened while the page runs, never widened: a base map on a
// new host takes effect after a reload (BaseMapSettings offers it). The host that served the app is trusted on any
// port, since intranets often serve tiles from the same machine.
import { rasterSourceFor } from './map/baseStyle';

export interface RuntimePolicyInput {
  /** The page's own URL (location.href). */
  pageUrl: string;
  /** The stored base-map template, or null. */
  baseMapUrl: string | null;
  /** Absolute addresses from ?layers=. */
  layerUrls: readonly string[];
}

export interface RuntimePolicy {
  /** The policy text for a <meta http-equiv="Content-Security-Policy">. */
  content: string;
  /** Origins (scheme://host[:port]) the page may connect to besides its own, for `allowsOrigin`. */
  origins: string[];
  /** scheme://host of the page, allowed on any port; null for a host CSP cannot name (IPv6 literal). */
  sameHost: string | null;
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** The origins a base-map template requests tiles from: one per {s} subdomain (天地图 t0–t3). */
export function baseMapOrigins(template: string): string[] {
  const origins = (rasterSourceFor(template).tiles ?? []).map((t) => originOf(t.replace(/\{[^}]*\}/g, '0')));
  return [...new Set(origins.filter((o): o is string => o !== null))];
}

/** A source expression CSP accepts for an origin: scheme://host[:port], nothing that could end the directive. */
const safeSource = (origin: string) => /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin);

export function runtimePolicy(input: RuntimePolicyInput): RuntimePolicy {
  const page = new URL(input.pageUrl);
  const sameHost = /^[A-Za-z0-9.-]+$/.test(page.hostname) && (page.protocol === 'http:' || page.protocol === 'https:') ? `${page.protocol}//${page.hostname}` : null;
  const tiles = input.baseMapUrl ? baseMapOrigins(input.baseMapUrl) : [];
  const layers = input.layerUrls.map(originOf).filter((o): o is string => o !== null);
  const own = (o: string) => o === page.origin || (sameHost !== null && o.startsWith(`${sameHost}:`)) || o === sameHost;
  const extraTiles = [...new Set(tiles.filter((o) => safeSource(o) && !own(o)))];
  const extraLayers = [...new Set(layers.filter((o) => safeSource(o) && !own(o) && !extraTiles.includes(o)))];
  const host = sameHost ? [`${sameHost}:*`] : [];
  const connect = ["'self'", ...host, 'data:', 'blob:', ...extraTiles, ...extraLayers];
  const img = ["'self'", ...host, 'data:', 'blob:', ...extraTiles];
  return {
    content: `connect-src ${connect.join(' ')}; img-src ${img.join(' ')}`,
    origins: [...extraTiles, ...extraLayers],
    sameHost,
  };
}

let installed: RuntimePolicy | null = null;

/** Adds the runtime policy to the document (once). */
export function installRuntimePolicy(doc: Document, input: RuntimePolicyInput): RuntimePolicy {
  if (installed) return installed;
  const policy = runtimePolicy(input);
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy.content;
  meta.setAttribute('data-runtime-policy', '');
  doc.head.appendChild(meta);
  installed = policy;
  return policy;
}

/** Whether tiles of this base-map template can load under the policy in force (true when none was installed). */
export function baseMapAllowedNow(template: string): boolean {
  const p = installed;
  if (!p) return true;
  return baseMapOrigins(template).every((o) => p.origins.includes(o) || (p.sameHost !== null && (o === p.sameHost || o.startsWith(`${p.sameHost}:`))) || o === new URL(location.href).origin);
}
