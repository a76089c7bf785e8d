// A GeoJSON layer read from text in pieces: featureStream parses, layerValidator checks, batch by batch.
// For files too large for one string; gives what parseGeoJsonText gives on the whole text.
import { createLayerValidator, type ValidatedBatch } from '../schema/layerValidator';
import type { LayerResult } from '../schema/validate';
import type { LayerKind } from '../schema/types';
import { createFeatureStream } from './featureStream';

export interface LayerReader {
  /** Feeds the next piece of text; returns the features checked within it (none while the kind is not yet known). */
  push(chunk: string): ValidatedBatch;
  /** Ends the input: the validated layer, or the problems (a syntax error names the line and column). */
  end(): LayerResult;
  /** Features read so far. */
  readonly featureCount: number;
}

export function createLayerReader(file: string, expectedKind?: LayerKind): LayerReader {
  const stream = createFeatureStream(file);
  const validator = createLayerValidator(file, expectedKind);
  return {
    push: (chunk) => validator.add(stream.push(chunk), stream.members),
    end: () => {
      const ended = stream.end();
      return ended.ok ? validator.finish(ended.members) : ended;
    },
    get featureCount() {
      return stream.featureCount;
    },
  };
}
