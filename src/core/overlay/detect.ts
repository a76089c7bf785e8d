// 五规合一 conflict detection (DESIGN §6) in three steps, so that a Web Worker (or Node worker_threads) can run
// the heavy middle one in chunks, with progress and cancellation:
//   1. prepareOverlay (main thread): roles, flat integer geometry, candidate pairs from a Flatbush index;
//   2. processTasks (anywhere, on any range of pairs): exact tests, clipping, ellipsoidal areas;
//   3. assembleConflicts (main thread): conflicts in the documented order, totals (from a worker's typed arrays,
//      each conflict's GeoJSON is built on first access).
// detectConflicts runs the three in one call.
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonAreaM2 } from '../geodesy/area';
import { problem, type Problem } from '../schema/problems';
import type { ValidatedLayer } from '../schema/validate';
import { m2ToMu, squareMeters } from '../units';
import { clipPolygons, type ClipOperation } from './clip';
import { featureVertexCount, flattenGeometries, lonOf, latOf, type FlatGeometries } from './flat';
import { plainPath, ringNearBox, signedArea, type Point } from './reduce';
import { anyEdgesMeet, buildSegmentIndex, edgesInBox, pointInFeature, SEGMENT_INDEX_MIN_VERTICES, type SegmentIndex } from './relate';
import { readRoles, TYPE_LANDUSE_MISMATCH, TYPE_OUTSIDE_PARK } from './roles';
import { CONFLICT_TYPES, DEFAULT_MIN_AREA_M2, type Conflict, type ConflictResult, type ConflictType, type OverlayStats, type SkippedFeature } from './types';

/** Candidate pairs: pair k is (subject[k], against[k]) of conflict type type[k] (1–5, CONFLICT_TYPES order). */
export interface OverlayTasks {
  subject: Uint32Array;
  against: Uint32Array;
  type: Uint8Array;
}

/** What a worker needs: typed arrays only (transferable, or shared). */
export interface OverlayInput {
  geometries: FlatGeometries;
  tasks: OverlayTasks;
}

export interface PreparedOverlay extends OverlayInput {
  /** Feature ids and files by index into `geometries` (subjects first, then the features they are checked against). */
  ids: string[];
  files: string[];
  skipped: SkippedFeature[];
  problems: Problem[];
}

export interface PrepareOptions {
  /** Put the typed arrays in SharedArrayBuffers (when available), for workers that share rather than copy them. */
  sharedMemory?: boolean;
  /** When given, milliseconds per phase are added to it (benchmarks: where the time goes). */
  phaseMs?: PhaseMs;
}

/** Milliseconds per phase of a run, summed over calls (keys as below). */
export type PhaseMs = Partial<Record<'roles' | 'flatten' | 'index' | 'pairs' | 'exactTests' | 'clipInput' | 'clip' | 'areas' | 'output' | 'assemble', number>>;

function addPhase(phaseMs: PhaseMs, key: keyof PhaseMs, since: number): number {
  const now = performance.now();
  phaseMs[key] = (phaseMs[key] ?? 0) + now - since;
  return now;
}

/** Roles, flat geometry and candidate pairs. Pairs are grouped by the feature checked against (locality). */
export function prepareOverlay(layers: readonly ValidatedLayer[], options: PrepareOptions = {}): PreparedOverlay {
  const phase = options.phaseMs;
  let t = phase ? performance.now() : 0;
  const roles = readRoles(layers);
  if (phase) t = addPhase(phase, 'roles', t);
  const participants = [...roles.construction, ...roles.parcels, ...roles.constraints, ...roles.parks];
  const geometries = flattenGeometries(participants.map((p) => p.geometry), options.sharedMemory);
  if (phase) t = addPhase(phase, 'flatten', t);
  const parcelBase = roles.construction.length;
  const constraintBase = parcelBase + roles.parcels.length;
  const parkBase = constraintBase + roles.constraints.length;
  const { bbox } = geometries;

  const subject: number[] = [];
  const against: number[] = [];
  const type: number[] = [];
  const nc = roles.construction.length;
  if (nc > 0 && roles.constraints.length > 0) {
    const index = new Flatbush(nc);
    for (let s = 0; s < nc; s++) {
      // A feature without a usable ring has an empty box: index it far away, it never matches.
      if (bbox[4 * s] <= bbox[4 * s + 2]) index.add(bbox[4 * s], bbox[4 * s + 1], bbox[4 * s + 2], bbox[4 * s + 3]);
      else index.add(Infinity, Infinity, Infinity, Infinity);
    }
    index.finish();
    if (phase) t = addPhase(phase, 'index', t);
    for (let c = 0; c < roles.constraints.length; c++) {
      const a = constraintBase + c;
      if (!(bbox[4 * a] <= bbox[4 * a + 2])) continue;
      const t = roles.constraintType[c];
      const hits = index.search(bbox[4 * a], bbox[4 * a + 1], bbox[4 * a + 2], bbox[4 * a + 3]);
      hits.sort((x, y) => x - y);
      for (const s of hits) {
        if (t === TYPE_LANDUSE_MISMATCH && !roles.constructionIsM[s]) continue;
        subject.push(s);
        against.push(a);
        type.push(t);
      }
    }
  }
  for (let i = 0; i < roles.parcels.length; i++) {
    subject.push(parcelBase + i);
    against.push(parkBase + roles.parcelPark[i]);
    type.push(TYPE_OUTSIDE_PARK);
  }
  const shared = options.sharedMemory === true && typeof SharedArrayBuffer === 'function' && geometries.xy.buffer instanceof SharedArrayBuffer;
  const typed = <T extends Uint32Array | Uint8Array>(Kind: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, values: number[]): T => {
    const bytes = Math.max(1, values.length) * Kind.BYTES_PER_ELEMENT;
    const arr = new Kind(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)).subarray(0, values.length) as T;
    arr.set(values);
    return arr;
  };
  const tasks = { subject: typed(Uint32Array, subject), against: typed(Uint32Array, against), type: typed(Uint8Array, type) };
  if (phase) addPhase(phase, 'pairs', t);
  return {
    geometries,
    tasks,
    ids: participants.map((p) => p.id),
    files: participants.map((p) => p.file),
    skipped: roles.skipped,
    problems: roles.problems,
  };
}

/** The typed arrays of a prepared overlay, to post to a worker (ids and problems stay on the main thread). */
export function overlayInput(prepared: PreparedOverlay): OverlayInput {
  return { geometries: prepared.geometries, tasks: prepared.tasks };
}

/**
 * Conflicts found in one range of pairs. Conflict i is pair task[i]. With `flat: false` (one thread) its
 * geometry is geometries[i]. With `flat: true` (to cross to another thread by transfer: a few buffers instead of
 * a million small arrays) geometries is null and its polygons are [polygonStart[i], polygonStart[i+1]),
 * polygon p's rings [ringStart[p], ringStart[p+1]), ring r's vertices [vertexStart[r], vertexStart[r+1]) in
 * lonLat (closed rings, RFC 7946 orientation).
 */
export interface ConflictChunk {
  start: number;
  end: number;
  task: Uint32Array;
  areaM2: Float64Array;
  geometries: Array<Polygon | MultiPolygon> | null;
  polygonStart: Uint32Array;
  ringStart: Uint32Array;
  vertexStart: Uint32Array;
  lonLat: Float64Array;
  droppedSlivers: number;
  /** Pairs the clipper failed on. */
  failedTasks: Uint32Array;
  stats: OverlayStats;
}

/** The buffers of a chunk, for postMessage's transfer list. */
export function chunkTransferables(chunk: ConflictChunk): ArrayBuffer[] {
  return [chunk.task, chunk.areaM2, chunk.polygonStart, chunk.ringStart, chunk.vertexStart, chunk.lonLat, chunk.failedTasks]
    .map((a) => a.buffer)
    .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

export function emptyStats(): OverlayStats {
  return { candidatePairs: 0, empty: 0, planWhole: 0, againstWhole: 0, partsByContainment: 0, clipped: 0, clippedEmpty: 0, ringsReduced: 0 };
}

export interface ProcessOptions {
  /** Results below this area (m²) are slivers: dropped and counted. Default 1. */
  minAreaM2?: number;
  /** Geometry in typed arrays (for a worker to transfer) instead of GeoJSON objects. Default false. */
  flat?: boolean;
  /** Shorten long rings to the other feature's neighbourhood before clipping (default true; off only to check it). */
  shortenRings?: boolean;
  /** When given, milliseconds per phase are added to it (benchmarks: where the time goes). */
  phaseMs?: PhaseMs;
}

/** Rings with more vertices than this are shortened to the other feature's neighbourhood before clipping. */
const REDUCE_MIN_VERTICES = 24;
/** Room (integer units, ~1 mm each) between the other feature's box and the box a long ring is shortened to. */
const REDUCE_MARGIN = 16;
const MAX_CACHED_INDEXES = 512;

/** Per-geometry caches of one thread: segment indexes of large features, reused across pairs. */
const segmentCaches = new WeakMap<FlatGeometries, Map<number, SegmentIndex | null>>();

function segmentIndexOf(flat: FlatGeometries, f: number): SegmentIndex | null {
  let cache = segmentCaches.get(flat);
  if (!cache) {
    cache = new Map();
    segmentCaches.set(flat, cache);
  }
  let idx = cache.get(f);
  if (idx === undefined) {
    idx = featureVertexCount(flat, f) > SEGMENT_INDEX_MIN_VERTICES ? buildSegmentIndex(flat, f) : null;
    if (cache.size >= MAX_CACHED_INDEXES) cache.clear();
    cache.set(f, idx);
  }
  return idx;
}

/** A typed array that doubles when full (no JS array of a million numbers, no copy per element). */
class Growable<T extends Float64Array | Uint32Array> {
  data: T;
  length = 0;
  constructor(private Kind: { new (n: number): T }, capacity: number) {
    this.data = new Kind(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.Kind(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The values, in an array of their exact length. */
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Output under construction: GeoJSON, or typed arrays with `asFlat`. */
class ChunkWriter {
  task: number[] = [];
  area: number[] = [];
  geometries: Array<Polygon | MultiPolygon> = [];
  polygonStart: Growable<Uint32Array>;
  ringStart: Growable<Uint32Array>;
  vertexStart: Growable<Uint32Array>;
  lonLat: Growable<Float64Array>;
  // The conflict being written, kept until its area is known.
  private rings: Position[][][] = [];

  constructor(private flat: FlatGeometries, private asFlat: boolean) {
    const small = asFlat ? 256 : 1;
    this.polygonStart = new Growable(Uint32Array, small);
    this.ringStart = new Growable(Uint32Array, small);
    this.vertexStart = new Growable(Uint32Array, 4 * small);
    this.lonLat = new Growable(Float64Array, asFlat ? 16384 : 2);
  }

  /** Adds one polygon of integer rings; fixes orientation (outer CCW, holes CW). */
  addIntPolygon(rings: readonly Point[][]): void {
    const out: Position[][] = [];
    for (let k = 0; k < rings.length; k++) {
      const ring = rings[k];
      let twice = 0;
      const x0 = ring[0].x, y0 = ring[0].y;
      for (let i = 1; i + 1 < ring.length; i++) twice += (ring[i].x - x0) * (ring[i + 1].y - y0) - (ring[i + 1].x - x0) * (ring[i].y - y0);
      const reverse = k === 0 ? twice < 0 : twice > 0;
      const pos: Position[] = new Array(ring.length + 1);
      for (let i = 0; i < ring.length; i++) {
        const q = ring[reverse ? ring.length - 1 - i : i];
        pos[i] = [lonOf(this.flat, q.x), latOf(this.flat, q.y)];
      }
      pos[ring.length] = pos[0];
      out.push(pos);
    }
    this.rings.push(out);
  }

  /** Adds part p of the flat geometry as a polygon. */
  addFlatPart(p: number): void {
    const { xy, ringStart, partStart } = this.flat;
    const out: Position[][] = [];
    for (let r = partStart[p]; r < partStart[p + 1]; r++) {
      const s = ringStart[r];
      const e = ringStart[r + 1];
      const twice = signedArea(xy, s, e);
      const reverse = r === partStart[p] ? twice < 0 : twice > 0;
      const pos: Position[] = new Array(e - s + 1);
      for (let i = s; i < e; i++) {
        const v = reverse ? e - 1 - (i - s) : i;
        pos[i - s] = [lonOf(this.flat, xy[2 * v]), latOf(this.flat, xy[2 * v + 1])];
      }
      pos[e - s] = pos[0];
      out.push(pos);
    }
    this.rings.push(out);
  }

  /** Area (m²) of what was added since the last commit/discard. */
  pendingArea(): number {
    let a = 0;
    for (const polygon of this.rings) a += polygonAreaM2(polygon);
    return a;
  }

  commit(task: number, areaM2: number): void {
    this.task.push(task);
    this.area.push(areaM2);
    const polygons = this.rings;
    this.rings = [];
    if (!this.asFlat) {
      this.geometries.push(polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons });
      return;
    }
    this.polygonStart.push(this.ringStart.length);
    for (const polygon of polygons) {
      this.ringStart.push(this.vertexStart.length);
      for (const ring of polygon) {
        this.vertexStart.push(this.lonLat.length / 2);
        for (let i = 0; i < ring.length; i++) {
          this.lonLat.push(ring[i][0]);
          this.lonLat.push(ring[i][1]);
        }
      }
    }
  }

  discard(): void {
    this.rings = [];
  }
}

// How the exact tests settle a pair without the clipper.
const SETTLED_EMPTY = 0;
const SETTLED_PLAN = 1; // the whole plan feature (or parcel)
const SETTLED_AGAINST = 2; // the whole other feature
const SETTLED_PARTS = 3; // some parts of one side: scratch.parts of feature scratch.partsOf
const SETTLED_CLIP = 4; // boundaries cross: clip

/** Work arrays of settlePair, reused (one thread, no reentry). */
const scratch = { edgesS: [] as number[], edgesA: [] as number[], parts: [] as number[], partsOf: -1 };

/** Whether the first vertex of ring r lies inside feature f (for a ring known not to meet f's boundary). */
function ringInside(flat: FlatGeometries, r: number, f: number, segments: SegmentIndex | null): boolean {
  const { xy, bbox } = flat;
  const v = flat.ringStart[r];
  const px = xy[2 * v], py = xy[2 * v + 1];
  if (px < bbox[4 * f] || px > bbox[4 * f + 2] || py < bbox[4 * f + 1] || py > bbox[4 * f + 3]) return false;
  return pointInFeature(flat, f, px, py, segments);
}

/**
 * Settles pair k by exact tests where they suffice: boxes apart; boundaries apart and one side (or some of its
 * parts) inside or outside the other. Returns SETTLED_*.
 */
function settlePair(flat: FlatGeometries, tasks: OverlayTasks, k: number): number {
  const { xy, bbox, featureStart, partStart } = flat;
  const s = tasks.subject[k];
  const a = tasks.against[k];
  const intersection = tasks.type[k] !== TYPE_OUTSIDE_PARK;
  const minX = Math.max(bbox[4 * s], bbox[4 * a]);
  const minY = Math.max(bbox[4 * s + 1], bbox[4 * a + 1]);
  const maxX = Math.min(bbox[4 * s + 2], bbox[4 * a + 2]);
  const maxY = Math.min(bbox[4 * s + 3], bbox[4 * a + 3]);
  if (minX > maxX || minY > maxY) return intersection ? SETTLED_EMPTY : SETTLED_PLAN;
  const segS = segmentIndexOf(flat, s);
  const segA = segmentIndexOf(flat, a);
  const { edgesS, edgesA, parts } = scratch;
  edgesS.length = 0;
  edgesA.length = 0;
  // The other feature's edges first: for most pairs none are near, and the plan feature's are not needed.
  edgesInBox(flat, a, minX, minY, maxX, maxY, segA, edgesA);
  if (edgesA.length > 0) edgesInBox(flat, s, minX, minY, maxX, maxY, segS, edgesS);
  if (edgesS.length > 0 && edgesA.length > 0 && anyEdgesMeet(xy, edgesS, edgesA)) return SETTLED_CLIP;
  // Boundaries do not meet: each ring lies wholly inside or outside the other feature.
  const sParts0 = featureStart[s], sParts1 = featureStart[s + 1];
  const aParts0 = featureStart[a], aParts1 = featureStart[a + 1];
  parts.length = 0;
  let aRingInS = false;
  for (let r = partStart[aParts0]; r < partStart[aParts1] && !aRingInS; r++) aRingInS = ringInside(flat, r, s, segS);
  if (!aRingInS) {
    // The result is made of whole parts of the plan feature: those inside the other (∩) or outside it (−).
    for (let p = sParts0; p < sParts1; p++) if (ringInside(flat, partStart[p], a, segA) === intersection) parts.push(p);
    scratch.partsOf = s;
    return parts.length === 0 ? SETTLED_EMPTY : parts.length === sParts1 - sParts0 ? SETTLED_PLAN : SETTLED_PARTS;
  }
  if (!intersection) return SETTLED_CLIP;
  for (let r = partStart[sParts0]; r < partStart[sParts1]; r++) if (ringInside(flat, r, a, segA)) return SETTLED_CLIP;
  // Some ring of the other lies inside the plan feature and none of the plan feature's inside the other.
  for (let p = aParts0; p < aParts1; p++) if (ringInside(flat, partStart[p], s, segS)) parts.push(p);
  scratch.partsOf = a;
  return parts.length === 0 ? SETTLED_EMPTY : parts.length === aParts1 - aParts0 ? SETTLED_AGAINST : SETTLED_PARTS;
}

/** Paths of feature f for the clipper, rings longer than REDUCE_MIN_VERTICES shortened to the box when given. */
function pathsOf(flat: FlatGeometries, f: number, box: readonly number[] | null, stats: OverlayStats | null): Point[][] {
  const { xy, ringStart, partStart, featureStart } = flat;
  const reduced = { value: false };
  const paths: Point[][] = [];
  for (let r = partStart[featureStart[f]]; r < partStart[featureStart[f + 1]]; r++) {
    const s = ringStart[r];
    const e = ringStart[r + 1];
    if (box && e - s > REDUCE_MIN_VERTICES) {
      const path = ringNearBox(xy, s, e, box[0], box[1], box[2], box[3], reduced);
      if (reduced.value && stats) stats.ringsReduced++;
      if (path) paths.push(path);
    } else {
      paths.push(plainPath(xy, s, e));
    }
  }
  return paths;
}

export interface ClipperInput {
  subject: Point[][];
  clip: Point[][];
  operation: ClipOperation;
}

/**
 * What the clipper gets for pair k: both sides' rings in integer units, the longer side's long rings shortened
 * to the other's box (for a difference only the clip side: the plan feature's parts outside are the answer).
 */
export function clipperInput(input: OverlayInput, k: number, options: { shortenRings?: boolean } = {}, stats: OverlayStats | null = null): ClipperInput {
  const flat = input.geometries;
  const { bbox } = flat;
  const s = input.tasks.subject[k];
  const a = input.tasks.against[k];
  const operation: ClipOperation = input.tasks.type[k] === TYPE_OUTSIDE_PARK ? 'difference' : 'intersection';
  if (options.shortenRings === false) return { subject: pathsOf(flat, s, null, stats), clip: pathsOf(flat, a, null, stats), operation };
  const reduceA = operation === 'difference' || featureVertexCount(flat, a) >= featureVertexCount(flat, s);
  const f = reduceA ? s : a;
  const box = [bbox[4 * f] - REDUCE_MARGIN, bbox[4 * f + 1] - REDUCE_MARGIN, bbox[4 * f + 2] + REDUCE_MARGIN, bbox[4 * f + 3] + REDUCE_MARGIN];
  return { subject: pathsOf(flat, s, reduceA ? null : box, stats), clip: pathsOf(flat, a, reduceA ? box : null, stats), operation };
}

/** The pairs in [start, end) that the exact tests cannot settle, i.e. that go to the clipper (for benchmarks). */
export function pairsToClip(input: OverlayInput, start: number, end: number): number[] {
  const out: number[] = [];
  for (let k = start; k < Math.min(end, input.tasks.subject.length); k++) {
    const s = input.tasks.subject[k];
    if (!(input.geometries.bbox[4 * s] <= input.geometries.bbox[4 * s + 2])) continue;
    if (settlePair(input.geometries, input.tasks, k) === SETTLED_CLIP) out.push(k);
  }
  return out;
}

/** Settles pairs [start, end) of the input: exact tests first, the clipper only where boundaries cross. */
export function processTasks(input: OverlayInput, start: number, end: number, options: ProcessOptions = {}): ConflictChunk {
  const minArea = options.minAreaM2 ?? DEFAULT_MIN_AREA_M2;
  const flat = input.geometries;
  const { bbox, featureStart } = flat;
  const tasks = input.tasks;
  const writer = new ChunkWriter(flat, options.flat === true);
  const stats = emptyStats();
  const failed: number[] = [];
  let dropped = 0;
  end = Math.min(end, tasks.subject.length);
  const phase = options.phaseMs;
  const t0 = phase ? performance.now() : 0;
  // Per-pair phases summed here and added once; output is what the loop took besides them.
  let exactMs = 0, inputMs = 0, clipMs = 0, areaMs = 0;
  let t = 0;
  for (let k = start; k < end; k++) {
    stats.candidatePairs++;
    const s = tasks.subject[k];
    if (!(bbox[4 * s] <= bbox[4 * s + 2])) continue; // no usable ring: no area
    if (phase) t = performance.now();
    const settled = settlePair(flat, tasks, k);
    if (phase) exactMs += performance.now() - t;
    if (settled === SETTLED_EMPTY) {
      stats.empty++;
      continue;
    }
    if (settled === SETTLED_PLAN || settled === SETTLED_AGAINST) {
      const f = settled === SETTLED_PLAN ? s : tasks.against[k];
      if (settled === SETTLED_PLAN) stats.planWhole++;
      else stats.againstWhole++;
      for (let p = featureStart[f]; p < featureStart[f + 1]; p++) writer.addFlatPart(p);
    } else if (settled === SETTLED_PARTS) {
      stats.partsByContainment++;
      for (const p of scratch.parts) writer.addFlatPart(p);
    } else {
      stats.clipped++;
      if (phase) t = performance.now();
      const { subject, clip, operation } = clipperInput(input, k, options, stats);
      if (phase) {
        const now = performance.now();
        inputMs += now - t;
        t = now;
      }
      const polygons = clipPolygons(subject, clip, operation);
      if (phase) clipMs += performance.now() - t;
      if (polygons === null) {
        failed.push(k);
        continue;
      }
      if (polygons.length === 0) {
        stats.clippedEmpty++;
        continue;
      }
      for (const polygon of polygons) writer.addIntPolygon(polygon);
    }
    if (phase) t = performance.now();
    const area = writer.pendingArea();
    if (phase) areaMs += performance.now() - t;
    if (area >= minArea && area > 0) {
      writer.commit(k, area);
    } else {
      writer.discard();
      if (area > 0) dropped++;
      else if (settled === SETTLED_CLIP) stats.clippedEmpty++;
    }
  }
  if (phase) {
    phase.exactTests = (phase.exactTests ?? 0) + exactMs;
    phase.clipInput = (phase.clipInput ?? 0) + inputMs;
    phase.clip = (phase.clip ?? 0) + clipMs;
    phase.areas = (phase.areas ?? 0) + areaMs;
    phase.output = (phase.output ?? 0) + performance.now() - t0 - exactMs - inputMs - clipMs - areaMs;
  }
  // Each start list ends with its total, so item i always spans [start[i], start[i+1]).
  writer.polygonStart.push(writer.ringStart.length);
  writer.ringStart.push(writer.vertexStart.length);
  writer.vertexStart.push(writer.lonLat.length / 2);
  return {
    start,
    end,
    task: Uint32Array.from(writer.task),
    areaM2: Float64Array.from(writer.area),
    geometries: options.flat === true ? null : writer.geometries,
    polygonStart: writer.polygonStart.done(),
    ringStart: writer.ringStart.done(),
    vertexStart: writer.vertexStart.done(),
    lonLat: writer.lonLat.done(),
    droppedSlivers: dropped,
    failedTasks: Uint32Array.from(failed),
    stats,
  };
}

/** Conflict i of a flat chunk as GeoJSON. */
export function chunkGeometry(chunk: ConflictChunk, i: number): Polygon | MultiPolygon {
  const polygons: Position[][][] = [];
  for (let p = chunk.polygonStart[i]; p < chunk.polygonStart[i + 1]; p++) {
    const rings: Position[][] = [];
    for (let r = chunk.ringStart[p]; r < chunk.ringStart[p + 1]; r++) {
      const ring: Position[] = [];
      for (let v = chunk.vertexStart[r]; v < chunk.vertexStart[r + 1]; v++) ring.push([chunk.lonLat[2 * v], chunk.lonLat[2 * v + 1]]);
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

function addStats(into: OverlayStats, from: OverlayStats): void {
  for (const key of Object.keys(into) as Array<keyof OverlayStats>) into[key] += from[key];
}

/** GeoJSON conflicts from the chunks, ordered by type, plan, against; totals per type; failures as errors. */
export function assembleConflicts(prepared: PreparedOverlay, chunks: readonly ConflictChunk[], options: ProcessOptions = {}): ConflictResult {
  const t0 = options.phaseMs ? performance.now() : 0;
  const minAreaM2 = options.minAreaM2 ?? DEFAULT_MIN_AREA_M2;
  const { tasks, ids, files } = prepared;
  const conflicts: Conflict[] = [];
  const taskOf: number[] = [];
  const stats = emptyStats();
  const problems = [...prepared.problems];
  let droppedSlivers = 0;
  for (const chunk of chunks) {
    addStats(stats, chunk.stats);
    droppedSlivers += chunk.droppedSlivers;
    for (let i = 0; i < chunk.task.length; i++) {
      const k = chunk.task[i];
      const areaM2 = squareMeters(chunk.areaM2[i]);
      const type = CONFLICT_TYPES[tasks.type[k] - 1];
      taskOf.push(k);
      const plan = ids[tasks.subject[k]];
      const against = ids[tasks.against[k]];
      if (chunk.geometries) {
        conflicts.push({ type, plan, against, areaM2, areaMu: m2ToMu(areaM2), geometry: chunk.geometries[i] });
        continue;
      }
      conflicts.push({
        type, plan, against, areaM2, areaMu: m2ToMu(areaM2),
        // From typed arrays (a worker's chunk): GeoJSON on first access, then kept; most readers want only the
        // figures. An own enumerable accessor, so JSON.stringify, structuredClone and spreads see the polygon.
        get geometry(): Polygon | MultiPolygon {
          const value = chunkGeometry(chunk, i);
          Object.defineProperty(this, 'geometry', { value, enumerable: true, writable: true, configurable: true });
          return value;
        },
      });
    }
    for (const k of chunk.failedTasks) {
      const s = tasks.subject[k];
      const a = tasks.against[k];
      problems.push(problem('error', 'conflict-clip-failed', { file: files[s], featureId: ids[s] },
        `the polygon clipper failed on this feature against ${JSON.stringify(ids[a])} (${files[a]}); its ${CONFLICT_TYPES[tasks.type[k] - 1]} conflict is unknown`,
        `多边形裁剪在该要素与 ${JSON.stringify(ids[a])}（${files[a]}）之间失败，其 ${CONFLICT_TYPES[tasks.type[k] - 1]} 冲突未知`));
    }
  }
  // Type, plan, against; then the pair's index, so that equal ids (two files) still come out in one order
  // whatever the order of the chunks.
  const order = conflicts.map((_, i) => i);
  const rank = (t: ConflictType) => CONFLICT_TYPES.indexOf(t);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  order.sort((i, j) => {
    const x = conflicts[i], y = conflicts[j];
    return rank(x.type) - rank(y.type) || cmp(x.plan, y.plan) || cmp(x.against, y.against) || taskOf[i] - taskOf[j];
  });
  const sorted = order.map((i) => conflicts[i]);
  const totals = Object.fromEntries(CONFLICT_TYPES.map((t) => [t, 0])) as Record<ConflictType, number>;
  for (const c of sorted) totals[c.type] += c.areaM2;
  if (options.phaseMs) addPhase(options.phaseMs, 'assemble', t0);
  return { conflicts: sorted, totals, droppedSlivers, minAreaM2, skipped: prepared.skipped, problems, stats };
}

export interface DetectOptions extends ProcessOptions, PrepareOptions {
  /** Called after each chunk with pairs done and pairs in all. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops between chunks with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
  /** Pairs per chunk (default 2000). */
  chunkSize?: number;
}

/** All conflicts of the layers in one call, in chunks (yielding to the event loop between them when cancellable). */
export async function detectConflicts(layers: readonly ValidatedLayer[], options: DetectOptions = {}): Promise<ConflictResult> {
  options.signal?.throwIfAborted();
  const prepared = prepareOverlay(layers, options);
  const total = prepared.tasks.subject.length;
  const size = Math.max(1, options.chunkSize ?? 2000);
  const chunks: ConflictChunk[] = [];
  for (let start = 0; start < total; start += size) {
    chunks.push(processTasks(prepared, start, start + size, options));
    options.onProgress?.(Math.min(total, start + size), total);
    if (options.signal) {
      // Let an abort (a message to the worker, a click) arrive before the next chunk.
      await new Promise((resolve) => setTimeout(resolve, 0));
      options.signal.throwIfAborted();
    }
  }
  if (total === 0) options.onProgress?.(0, 0);
  return assembleConflicts(prepared, chunks, options);
}

/** detectConflicts without chunks or yielding (tests, scripts). */
export function detectConflictsSync(layers: readonly ValidatedLayer[], options: ProcessOptions = {}): ConflictResult {
  const prepared = prepareOverlay(layers);
  return assembleConflicts(prepared, [processTasks(prepared, 0, prepared.tasks.subject.length, options)], options);
}
