// Runs the import readers (preview.ts) in a Web Worker, one per dialog; where a worker cannot start, the same
// functions run on the main thread after a frame, so an import never fails for want of a worker.
import * as Comlink from 'comlink';
import type { ImportWorkerApi } from './import.worker';
import type { DetectedInput, ImportPreview, InputFile, ReadOptions } from './preview';

export interface ImportReader {
  detect(files: InputFile[]): Promise<DetectedInput[]>;
  read(input: DetectedInput, options: ReadOptions): Promise<ImportPreview[]>;
  close(): void;
}

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function inline(): Promise<ImportWorkerApi> {
  const m = await import('./preview');
  return { detectInputs: m.detectInputs, readInput: m.readInput };
}

export function startImportReader(): ImportReader {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<ImportWorkerApi> | null = null;
  let failed = false;
  // A worker that cannot load (blocked by policy, a broken build) never answers: its error event ends the wait.
  let signalFailure: () => void = () => {};
  const workerFailed = new Promise<never>((_, reject) => { signalFailure = () => reject(new Error('import worker failed')); });
  workerFailed.catch(() => {});
  try {
    worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', () => { failed = true; signalFailure(); });
    remote = Comlink.wrap<ImportWorkerApi>(worker);
  } catch {
    failed = true;
  }
  const call = async <T>(viaWorker: (api: Comlink.Remote<ImportWorkerApi>) => Promise<T>, here: (api: ImportWorkerApi) => Promise<T> | T): Promise<T> => {
    if (remote && !failed) {
      try {
        return await Promise.race([viaWorker(remote), workerFailed]);
      } catch (e) {
        // Read on the main thread instead.
        if (!failed) throw e;
      }
    }
    await nextFrame();
    return here(await inline());
  };
  return {
    detect: (files) => call((api) => api.detectInputs(files), (api) => api.detectInputs(files)),
    read: (input, options) => call((api) => api.readInput(input, options), (api) => api.readInput(input, options)),
    close: () => worker?.terminate(),
  };
}
