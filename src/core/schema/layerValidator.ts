// validateLayer one batch of features at a time, for a layer read in pieces (io/featureStream): the same
// ValidatedLayer as validateLayer on the whole collection, ids kept unique across batches.
import { problem, type Problem } from './problems';
import type { KindRecords } from './fields';
import type { Layer, LayerKind } from './types';
import { featureValidation, inferKind, resolveKind, singleFeatureProblem, topLevelProblem, type FeatureValidation, type LayerResult } from './validate';

/** Features checked by one `add`, as they will stand in the layer (ids made unique, rings repaired), with their records. */
export interface ValidatedBatch {
  features: Layer['features'];
  records: KindRecords[LayerKind][];
}

export interface LayerValidator {
  /**
   * Checks the next features in file order. `top` is the top-level members read so far: its `kind` (or the
   * expected kind) lets the features be checked now; without either they are held until `finish`, where the kind
   * is inferred from them as validateLayer does. Returns the features checked now.
   */
  add(features: readonly unknown[], top?: Record<string, unknown>): ValidatedBatch;
  /** The layer, from all the top-level members other than `features` (for a lone Feature: the Feature itself). */
  finish(top: Record<string, unknown>): LayerResult;
}

export function createLayerValidator(file: string, expectedKind?: LayerKind): LayerValidator {
  const problems: Problem[] = [];
  let validation: FeatureValidation | null = null;
  let usedKind: LayerKind | null = null;
  let held: unknown[] = [];
  // The kind read so far is already a file-level problem: nothing to check, finish reports it.
  let doomed = false;
  let added = 0;

  function add(features: readonly unknown[], top: Record<string, unknown> = {}): ValidatedBatch {
    added += features.length;
    if (features.length === 0 || doomed) return { features: [], records: [] };
    if (!validation) {
      if (held.length > 0 || (typeof top.kind !== 'string' && !expectedKind)) {
        for (const f of features) held.push(f);
        return { features: [], records: [] };
      }
      const kind = resolveKind(top, file, expectedKind, () => null);
      if (!kind.ok) {
        doomed = true;
        return { features: [], records: [] };
      }
      usedKind = kind.kind;
      validation = featureValidation(file, kind.kind, problems);
    }
    const from = validation.features.length;
    validation.add(features);
    return { features: validation.features.slice(from), records: validation.records.slice(from) };
  }

  function finish(top: Record<string, unknown>): LayerResult {
    const fail = (p: Problem): LayerResult => ({ ok: false, problems: [p] });
    if (top.type === 'Feature' && added > 0) {
      return fail(problem('error', 'wrong-type', { file }, 'top-level type is "Feature" but it holds a "features" array; expected "FeatureCollection"', '顶层类型为 "Feature"，却含有 "features" 数组；应为 "FeatureCollection"'));
    }
    const shape = topLevelProblem(top.type, true, file);
    if (shape) return fail(shape);
    const lone = top.type === 'Feature';
    if (lone) problems.push(singleFeatureProblem(file));
    const rest = lone ? [top] : held;
    held = [];
    const kind = resolveKind(top, file, expectedKind, () => inferKind(rest));
    if (!kind.ok) return fail(kind.problem);
    if (doomed || (usedKind !== null && usedKind !== kind.kind)) {
      // Only two top-level "kind" members can do this; JSON.parse would keep the last, but features were checked by the first.
      return fail(problem('error', 'kind-duplicate', { file }, 'has two different top-level "kind" members; a layer has one kind', '含有两个不同的顶层 "kind" 成员；图层只能有一种类型'));
    }
    validation ??= featureValidation(file, kind.kind, problems);
    validation.add(rest);
    return { ok: true, value: validation.finish(top) };
  }

  return { add, finish };
}
