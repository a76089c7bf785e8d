// Imported first by main.tsx: installs the runtime half of the Content-Security-Policy (src/csp.ts) before any module
// of the app runs and before any request, from the stored base map and the ?layers= addresses.
import { installRuntimePolicy } from './csp';
import { layerUrlsFromQuery } from './ui/data/loadProject';
import { storedBaseMap } from './ui/thematic/baseMapStorage';

installRuntimePolicy(document, { pageUrl: location.href, baseMapUrl: storedBaseMap(), layerUrls: layerUrlsFromQuery(location.search) ?? [] });
