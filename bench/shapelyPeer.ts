// The GEOS peer of the conflicts benches: writes the same features as PostGIS gets (hex EWKB, one line each) to a
// temporary file and runs bench/shapely_peer.py on it (shapely 2, N threads). Shapely 2 and pyproj come from the
// machine's Python (`python3 -m pip install shapely pyproj` when missing; Debian's python3-shapely is 1.8, without
// the vectorised operations); when they cannot be had, it says why and the caller skips the peer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { readRoles } from '../src/core/overlay/roles';
import type { ConflictType } from '../src/core/overlay/types';
import type { ValidatedLayer } from '../src/core/schema/validate';
import { hexEwkb } from './postgis';

export interface ShapelyResult {
  ok: true;
  version: string;
  loadMs: number;
  serialMs: number;
  threadsMs: number;
  threads: number;
  serialPhaseMs: Record<string, number>;
  threadsPhaseMs: Record<string, number>;
  counts: Record<ConflictType, number>;
  totals: Record<ConflictType, number>;
  slivers: number;
  /** Pairs after the exact intersects test, those settled by covered_by, those clipped. */
  stats: { candidate_pairs_after_intersects: number; covered: number; clipped: number };
  /** Per type: |Σ areas in the equal-area projection − Σ geodesic areas| / Σ geodesic areas, untimed. */
  laeaVsGeodesic: Record<ConflictType, number>;
}

const PYTHON = process.env.PYTHON ?? 'python3';
const CHECK = 'import shapely, pyproj, numpy; assert int(shapely.__version__.split(".")[0]) >= 2, shapely.__version__';

function importable(): string | null {
  const r = spawnSync(PYTHON, ['-c', CHECK], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? null : (r.stderr.trim().split('\n').slice(-1)[0] || `exit ${r.status}`);
}

export function runShapelyPeer(layers: ValidatedLayer[], options: { minAreaM2: number; threads: number; repeat: number }, log: (s: string) => void): ShapelyResult | { ok: false; reason: string } {
  let why = importable();
  if (why) {
    log(`shapely: ${why}; trying ${PYTHON} -m pip install shapely pyproj ...`);
    const r = spawnSync(PYTHON, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', 'shapely>=2', 'pyproj'], { encoding: 'utf8' });
    why = importable();
    if (why) return { ok: false, reason: `shapely 2 and pyproj not importable in ${PYTHON} (${why}; pip: ${(r.stderr || String(r.error ?? '')).trim().split('\n').slice(-1)[0] || `exit ${r.status}`})` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'park-atlas-shapely-'));
  try {
    const roles = readRoles(layers);
    const hex = (g: Polygon | MultiPolygon) => hexEwkb(g as Parameters<typeof hexEwkb>[0]);
    const lines: string[] = [];
    roles.construction.forEach((f, i) => lines.push(`S\t${f.id}\t${roles.constructionIsM[i] ? 1 : 0}\t${hex(f.geometry)}`));
    roles.constraints.forEach((f, i) => lines.push(`C\t${f.id}\t${roles.constraintType[i]}\t${hex(f.geometry)}`));
    roles.parcels.forEach((f, i) => lines.push(`P\t${f.id}\t${roles.parcelPark[i]}\t${hex(f.geometry)}`));
    roles.parks.forEach((f, i) => lines.push(`K\t${f.id}\t${i}\t${hex(f.geometry)}`));
    const file = join(dir, 'features.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const script = join(process.cwd(), 'bench', 'shapely_peer.py');
    const r = spawnSync(PYTHON, [script, file, String(options.minAreaM2), String(options.threads), String(options.repeat)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      const last = (r.stdout.trim() || r.stderr.trim()).split('\n').slice(-1)[0];
      return { ok: false, reason: `bench/shapely_peer.py failed (exit ${r.status}): ${last}` };
    }
    const out = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]);
    const key = `threads_${options.threads}`;
    return {
      ok: true,
      version: `shapely ${out.shapely} / GEOS ${out.geos}`,
      loadMs: out.load_ms,
      serialMs: out.serial_ms,
      threadsMs: out[`${key}_ms`] ?? out.serial_ms,
      threads: options.threads,
      serialPhaseMs: out.serial_phase_ms,
      threadsPhaseMs: out[`${key}_phase_ms`] ?? out.serial_phase_ms,
      counts: out.counts,
      totals: out.totals_m2,
      slivers: out.slivers,
      stats: out.stats,
      laeaVsGeodesic: out.laea_vs_geodesic_rel_diff,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
