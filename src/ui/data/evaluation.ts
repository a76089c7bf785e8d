// Runs core's evaluation over the loaded project and indexes the results by feature id for the map and panels.
// The UI shows these figures as they are; it never recomputes one (DESIGN §1).
import { useEffect, useMemo, useState } from 'react';
import { evaluate, type Evaluation, type ParcelResult, type ParkResult, type VillageResult, type ZoneResult } from '../../core/evaluate';
import type { IsoDate } from '../../core/dates';
import type { ReviewItems } from '../../core/review/queue';
import type { ValidatedLayer } from '../../core/schema/validate';
import { evaluateInWorker, featureCountOf, retainInWorker, WORKER_EVALUATION_MIN_FEATURES } from './dataWorker';
import type { Project } from './loadProject';

export interface EvaluatedProject {
  evaluation: Evaluation;
  /** The review queue's items when the data worker's parts already gave them (else the panel builds them). */
  reviewItems?: ReviewItems | null;
  parcels: Map<string, ParcelResult>;
  zones: Map<string, ZoneResult>;
  parks: Map<string, ParkResult>;
  villages: Map<string, VillageResult>;
}

const validatedOf = (project: Project): ValidatedLayer[] => project.layers.flatMap((l) => (l.validated ? [l.validated] : []));

function indexed(evaluation: Evaluation, parcelsById?: Map<string, ParcelResult>): EvaluatedProject {
  return {
    evaluation,
    parcels: parcelsById ?? new Map(evaluation.parcels.map((p) => [p.id, p])),
    zones: new Map(evaluation.zones.map((z) => [z.id, z])),
    parks: new Map(evaluation.parks.map((p) => [p.id, p])),
    villages: new Map(evaluation.relocation.villages.map((v) => [v.id, v])),
  };
}

export function evaluateProject(project: Project, reviewDate: IsoDate | undefined, approachingDays?: number): EvaluatedProject | null {
  const validated = validatedOf(project);
  if (validated.length === 0) return null;
  return indexed(evaluate(validated, { reviewDate, approachingDays, rules: project.rules }));
}

/**
 * Core's figures for the project: at once for a small project; in the data worker for a large one (the page
 * stays responsive; until the first result arrives this is null, and afterwards the last result stays shown
 * until the next one is in).
 */
export function useEvaluation(project: Project | null, reviewDate: IsoDate | undefined, approachingDays: number): EvaluatedProject | null {
  const validated = useMemo(() => (project ? validatedOf(project) : []), [project]);
  const inWorker = featureCountOf(validated) > WORKER_EVALUATION_MIN_FEATURES;
  const onPage = useMemo(() => {
    if (!project || inWorker) return null;
    const result = evaluateProject(project, reviewDate, approachingDays);
    performance.mark('park-atlas:evaluated');
    return result;
  }, [project, inWorker, reviewDate, approachingDays]);
  const [fromWorker, setFromWorker] = useState<{ project: Project; value: EvaluatedProject | null } | null>(null);
  useEffect(() => {
    if (!project) return;
    if (!inWorker) {
      retainInWorker([]);
      return;
    }
    if (validated.length === 0) {
      setFromWorker({ project, value: null });
      return;
    }
    let stale = false;
    evaluateInWorker(validated, { reviewDate, approachingDays, rules: project.rules }).then(
      ({ workerMs, parcelsById, reviewItems, ...evaluation }) => {
        if (stale) return;
        const value = { ...indexed(evaluation, parcelsById), reviewItems };
        performance.mark('park-atlas:evaluated', { detail: { workerMs } });
        setFromWorker({ project, value });
      },
      // The worker could not run (it failed to start): evaluate here rather than show no figures.
      () => { if (!stale) setFromWorker({ project, value: evaluateProject(project, reviewDate, approachingDays) }); },
    );
    return () => { stale = true; };
  }, [project, validated, inWorker, reviewDate, approachingDays]);
  if (!inWorker) return onPage;
  // A replaced project never shows the figures of the one before.
  return fromWorker && (fromWorker.project === project || sameLayers(fromWorker.project, project)) ? fromWorker.value : null;
}

/** Same validated layers (an edit to styling or visibility makes a new project object, not new data). */
function sameLayers(a: Project, b: Project | null): boolean {
  if (!b) return false;
  const va = validatedOf(a), vb = validatedOf(b);
  return va.length === vb.length && va.every((l, i) => l === vb[i]);
}
