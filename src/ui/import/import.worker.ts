// The import readers off the main thread: a big Shapefile or 坐标TXT is parsed, reprojected and measured here
// while the page stays responsive. Driven through comlink by importClient.ts.
import * as Comlink from 'comlink';
import { detectInputs, readInput } from './preview';

const api = { detectInputs, readInput };

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
