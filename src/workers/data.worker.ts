// The data worker: layer files read and large projects evaluated off the main thread (dataApi.ts), through comlink.
import * as Comlink from 'comlink';
import { dataApi } from './dataApi';

export type { DataWorkerApi } from './dataApi';

Comlink.expose(dataApi);
