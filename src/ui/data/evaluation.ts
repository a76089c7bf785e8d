// Runs core's evaluation over the loaded project and indexes the results by feature id for the map and panels.
// The UI shows these figures as they are; it never recomputes one (DESIGN §1).
import { evaluate, type Evaluation, type ParcelResult, type ParkResult, type VillageResult, type ZoneResult } from '../../core/evaluate';
import type { IsoDate } from '../../core/dates';
import type { Project } from './loadProject';

export interface EvaluatedProject {
  evaluation: Evaluation;
  parcels: Map<string, ParcelResult>;
  zones: Map<string, ZoneResult>;
  parks: Map<string, ParkResult>;
  villages: Map<string, VillageResult>;
}

export function evaluateProject(project: Project, reviewDate: IsoDate | undefined, approachingDays?: number): EvaluatedProject | null {
  const validated = project.layers.flatMap((l) => (l.validated ? [l.validated] : []));
  if (validated.length === 0) return null;
  const evaluation = evaluate(validated, { reviewDate, approachingDays });
  return {
    evaluation,
    parcels: new Map(evaluation.parcels.map((p) => [p.id, p])),
    zones: new Map(evaluation.zones.map((z) => [z.id, z])),
    parks: new Map(evaluation.parks.map((p) => [p.id, p])),
    villages: new Map(evaluation.relocation.villages.map((v) => [v.id, v])),
  };
}
