// A throwaway PostgreSQL + PostGIS cluster for benchmarks: initdb in a temporary folder, a free port on
// 127.0.0.1, fsync off, stopped and deleted when the bench ends (also on error or a signal). Talks to it through
// psql. When PostgreSQL or PostGIS is missing it installs the Debian packages `postgresql` and `postgis` if it
// can (root and apt-get), else it says why and the caller skips the peer. postgisConflictsPeer: the conflicts
// benches' query on such a cluster.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MultiPolygon, Polygon } from 'geojson';
import { readRoles } from '../src/core/overlay/roles';
import { CONFLICT_TYPES, type ConflictType } from '../src/core/overlay/types';
import type { ValidatedLayer } from '../src/core/schema/validate';

export interface PostgisCluster {
  port: number;
  version: string;
  /** Runs SQL (several statements allowed); resolves with psql's stdout (unaligned, tuples only). */
  sql(text: string): Promise<string>;
  /** COPY table(columns) FROM STDIN with text-format rows written by `write` (each call one or more lines). */
  copy(table: string, columns: string[], fill: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void>;
  stop(): void;
}

export type StartResult = { ok: true; cluster: PostgisCluster } | { ok: false; reason: string };

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.error ? -1 : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** The bin folder of the newest installed PostgreSQL server, or null. */
function findBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

function postgisInstalled(binDir: string): boolean {
  const share = run(join(binDir, 'pg_config'), ['--sharedir']).stdout.trim();
  return share !== '' && existsSync(join(share, 'extension', 'postgis.control'));
}

function tryInstall(log: (s: string) => void): string | null {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return 'not root, cannot install the Debian packages postgresql and postgis';
  if (run('sh', ['-c', 'command -v apt-get']).status !== 0) return 'apt-get not found';
  log('postgis: installing Debian packages postgresql and postgis (apt-get install -y postgresql postgis) ...');
  let r = run('apt-get', ['install', '-y', '-q', 'postgresql', 'postgis']);
  if (r.status !== 0) {
    run('apt-get', ['update', '-q']);
    r = run('apt-get', ['install', '-y', '-q', 'postgresql', 'postgis']);
  }
  return r.status === 0 ? null : `apt-get install failed: ${r.stderr.trim().split('\n').slice(-1)[0]}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster with the given server settings (name → value). */
export async function startPostgis(settings: Record<string, string>, log: (s: string) => void): Promise<StartResult> {
  let binDir = findBinDir();
  if (!binDir || !postgisInstalled(binDir)) {
    const why = tryInstall(log);
    if (why) return { ok: false, reason: binDir ? `PostGIS is not installed (${why})` : `PostgreSQL is not installed (${why})` };
    binDir = findBinDir();
    if (!binDir || !postgisInstalled(binDir)) return { ok: false, reason: 'PostgreSQL or PostGIS still missing after apt-get install' };
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // initdb refuses to run as root: run the server as the postgres user, whose files these are.
  const asUser = isRoot ? run('id', ['-u', 'postgres']) : null;
  if (asUser && asUser.status !== 0) return { ok: false, reason: 'running as root but there is no postgres user to run the server' };
  const dir = mkdtempSync(join(tmpdir(), 'park-atlas-pg-'));
  const dataDir = join(dir, 'data');
  const socketDir = dir;
  let started = false;
  const cleanup = () => {
    if (started) {
      started = false;
      asPostgres(join(binDir!, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-s']);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const asPostgres = (cmd: string, args: string[]) => (isRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  try {
    if (isRoot) {
      const uid = Number(asUser!.stdout.trim());
      const gid = Number(run('id', ['-g', 'postgres']).stdout.trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const init = asPostgres(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.trim().split('\n').slice(-1)[0]}`);
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${socketDir}`, "-c listen_addresses=127.0.0.1", ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    const start = asPostgres(join(binDir, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', join(dir, 'server.log'), '-o', options]);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr.trim() || start.stdout.trim()}`);
    started = true;
    const onSignal = (signal: NodeJS.Signals) => {
      cleanup();
      process.kill(process.pid, signal);
    };
    process.once('exit', cleanup);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
    const psql = join(binDir, 'psql');
    const sql = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(psql, psqlArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql: ${err.trim() || `exit ${code}`}`))));
        child.stdin.end(text);
      });
    const copy: PostgisCluster['copy'] = (table, columns, fill) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(psql, [...psqlArgs, '-c', `COPY ${table} (${columns.join(', ')}) FROM STDIN`], { stdio: ['pipe', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table}: ${err.trim() || `exit ${code}`}`))));
        const write = (chunk: string) =>
          new Promise<void>((ok) => {
            if (child.stdin.write(chunk)) ok();
            else child.stdin.once('drain', () => ok());
          });
        fill(write).then(() => child.stdin.end(), reject);
      });
    await sql('CREATE EXTENSION postgis;');
    const version = (await sql('SELECT postgis_full_version();')).trim().replace(/^POSTGIS="([^"]+)".*$/s, '$1');
    const pgVersion = (await sql('SHOW server_version;')).trim();
    log(`postgis: PostgreSQL ${pgVersion}, PostGIS ${version} on 127.0.0.1:${port}, data in ${dataDir}`);
    return { ok: true, cluster: { port, version: `PostgreSQL ${pgVersion} / PostGIS ${version}`, sql, copy, stop: cleanup } };
  } catch (e) {
    cleanup();
    return { ok: false, reason: (e as Error).message };
  }
}

/** Hex EWKB (SRID 4326, little-endian) of a Polygon or MultiPolygon, for COPY. */
export function hexEwkb(geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let size = 1 + 4 + 4 + (geometry.type === 'MultiPolygon' ? 4 : 0);
  for (const rings of polygons) {
    if (geometry.type === 'MultiPolygon') size += 1 + 4;
    size += 4;
    for (const ring of rings) size += 4 + 16 * ring.length;
  }
  const buf = Buffer.allocUnsafe(size);
  let o = 0;
  const SRID_FLAG = 0x20000000;
  buf.writeUInt8(1, o++);
  buf.writeUInt32LE((geometry.type === 'Polygon' ? 3 : 6) | SRID_FLAG, o);
  o += 4;
  buf.writeUInt32LE(4326, o);
  o += 4;
  const writePolygon = (rings: number[][][]) => {
    buf.writeUInt32LE(rings.length, o);
    o += 4;
    for (const ring of rings) {
      buf.writeUInt32LE(ring.length, o);
      o += 4;
      for (const p of ring) {
        buf.writeDoubleLE(p[0], o);
        buf.writeDoubleLE(p[1], o + 8);
        o += 16;
      }
    }
  };
  if (geometry.type === 'Polygon') {
    writePolygon(polygons[0]);
  } else {
    buf.writeUInt32LE(polygons.length, o);
    o += 4;
    for (const rings of polygons) {
      buf.writeUInt8(1, o++);
      buf.writeUInt32LE(3, o);
      o += 4;
      writePolygon(rings);
    }
  }
  return buf.toString('hex');
}

export type ConflictsPeerResult =
  | { ok: true; version: string; loadMs: number; serialMs: number; serialCpuMs: number; parallelMs: number; totals: Record<ConflictType, number>; counts: Record<ConflictType, number>; slivers: number }
  | { ok: false; reason: string };

/**
 * The PostGIS peer of the conflicts benches: loads the same features into a throwaway cluster and finds the same
 * conflicts there (intersections and differences, ST_Area on geography, GiST indexes), `repeat` times serial and
 * with 2 parallel workers; medians.
 */
export async function postgisConflictsPeer(layers: readonly ValidatedLayer[], options: { minAreaM2: number; repeat: number }, log: (s: string) => void): Promise<ConflictsPeerResult> {
  const { minAreaM2: MIN_AREA_M2, repeat: REPEAT } = options;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const started = await startPostgis({
    fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', wal_level: 'minimal', max_wal_senders: '0',
    max_wal_size: '4GB', shared_buffers: '1GB', work_mem: '256MB', maintenance_work_mem: '512MB',
    max_worker_processes: '4', max_parallel_workers: '2', max_parallel_workers_per_gather: '2', jit: 'off',
  }, log);
  if (!started.ok) {
    log(`postgis: skipped: ${started.reason}`);
    return { ok: false, reason: started.reason };
  }
  const db = started.cluster;
  try {
    // The same roles as ours (src/core/overlay/roles.ts): construction land with its M flag, constraints with
    // their conflict type, parcels with their park.
    const roles = readRoles(layers);
    let t = performance.now();
    await db.sql(`
      CREATE UNLOGGED TABLE subj (id text, is_m boolean, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE cons (id text, ctype smallint, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE parcel (id text, park text, geom geometry(Geometry, 4326));
      CREATE UNLOGGED TABLE park (id text, geom geometry(Geometry, 4326));`);
    const rows = async (write: (s: string) => Promise<void>, n: number, line: (i: number) => string) => {
      let buf = '';
      for (let i = 0; i < n; i++) {
        buf += line(i);
        if (buf.length > 1 << 20) {
          await write(buf);
          buf = '';
        }
      }
      if (buf) await write(buf);
    };
    const hex = (g: Polygon | MultiPolygon) => hexEwkb(g as Parameters<typeof hexEwkb>[0]);
    await Promise.all([
      db.copy('subj', ['id', 'is_m', 'geom'], (w) => rows(w, roles.construction.length, (i) => `${roles.construction[i].id}\t${roles.constructionIsM[i] ? 't' : 'f'}\t${hex(roles.construction[i].geometry)}\n`)),
      db.copy('cons', ['id', 'ctype', 'geom'], (w) => rows(w, roles.constraints.length, (i) => `${roles.constraints[i].id}\t${roles.constraintType[i]}\t${hex(roles.constraints[i].geometry)}\n`)),
    ]);
    await db.copy('parcel', ['id', 'park', 'geom'], (w) => rows(w, roles.parcels.length, (i) => `${roles.parcels[i].id}\t${roles.parks[roles.parcelPark[i]].id}\t${hex(roles.parcels[i].geometry)}\n`));
    await db.copy('park', ['id', 'geom'], (w) => rows(w, roles.parks.length, (i) => `${roles.parks[i].id}\t${hex(roles.parks[i].geometry)}\n`));
    await db.sql(`
      CREATE INDEX ON subj USING gist (geom);
      CREATE INDEX ON cons USING gist (geom);
      CREATE INDEX ON park (id);
      ANALYZE subj; ANALYZE cons; ANALYZE parcel; ANALYZE park;`);
    const loadMs = performance.now() - t;
    log(`postgis: loaded ${roles.construction.length} + ${roles.constraints.length} + ${roles.parcels.length} + ${roles.parks.length} rows with GiST indexes in ${loadMs.toFixed(0)} ms`);
    // Idiomatic PostGIS: ST_Intersects (index + prepared geometry) before ST_Intersection, and ST_CoveredBy to skip
    // clipping a feature wholly inside the other; areas on the spheroid (geography, GeographicLib).
    const query = `
      SELECT t, count(*) FILTER (WHERE a >= ${MIN_AREA_M2}), coalesce(sum(a) FILTER (WHERE a >= ${MIN_AREA_M2}), 0), count(*) FILTER (WHERE a > 0 AND a < ${MIN_AREA_M2})
      FROM (
        SELECT c.ctype AS t,
               CASE WHEN ST_CoveredBy(s.geom, c.geom) THEN ST_Area(s.geom::geography)
                    ELSE ST_Area(ST_CollectionExtract(ST_Intersection(s.geom, c.geom), 3)::geography) END AS a
        FROM subj s JOIN cons c ON ST_Intersects(s.geom, c.geom)
        WHERE c.ctype <> 4 OR s.is_m
        UNION ALL
        SELECT 5,
               CASE WHEN ST_CoveredBy(p.geom, k.geom) THEN 0
                    ELSE ST_Area(ST_CollectionExtract(ST_Difference(p.geom, k.geom), 3)::geography) END
        FROM parcel p JOIN park k ON k.id = p.park
      ) x GROUP BY t ORDER BY t;`;
    // Wall time from psql's \timing; CPU time of the serving backend from /proc (clock ticks), read in the same
    // session before and after (parallel workers are other processes: not counted, so CPU only for serial runs).
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const timed = async (settings: string) => {
      // (\! does not expand psql variables, so the pid goes through the environment.)
      const out = await db.sql(`${settings}\nSELECT pg_backend_pid() AS pid \\gset\n\\setenv PGPID :pid\n\\! cat /proc/$PGPID/stat\n\\timing on\n${query}\n\\timing off\n\\! cat /proc/$PGPID/stat\n`);
      const ms = Number(/Time: ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
      const stats = [...out.matchAll(/^\d+ \(postgres\) \S+ (.*)$/gm)].map((m) => m[1].split(' '));
      // After "pid (comm) state": ppid … utime is field 14 and stime field 15 of /proc/pid/stat, i.e. [10], [11] here.
      const cpu = stats.length === 2 ? ((Number(stats[1][10]) + Number(stats[1][11]) - Number(stats[0][10]) - Number(stats[0][11])) * 1000) / ticks : NaN;
      return { ms, cpu, out };
    };
    const serialSettings = 'SET max_parallel_workers_per_gather = 0;';
    const parallelSettings = 'SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;';
    const serial: number[] = [];
    const serialCpu: number[] = [];
    const parallel: number[] = [];
    let out = '';
    for (let r = 0; r < REPEAT; r++) {
      const a = await timed(serialSettings);
      serial.push(a.ms);
      serialCpu.push(a.cpu);
      out = a.out;
      parallel.push((await timed(parallelSettings)).ms);
    }
    const plan = await db.sql(`${parallelSettings}\nEXPLAIN ${query}`);
    const workersPlanned = /Workers Planned: (\d+)/.exec(plan)?.[1] ?? '0';
    log(`postgis: serial ${serial.map((x) => x.toFixed(0)).join(' ')} ms (backend CPU ${serialCpu.map((x) => x.toFixed(0)).join(' ')} ms), parallel (${workersPlanned} workers planned) ${parallel.map((x) => x.toFixed(0)).join(' ')} ms`);
    const totals = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, 0])) as Record<ConflictType, number>;
    const counts = Object.fromEntries(CONFLICT_TYPES.map((k) => [k, 0])) as Record<ConflictType, number>;
    let slivers = 0;
    for (const line of out.split('\n')) {
      const m = /^(\d)\|(\d+)\|([\d.e+-]+)\|(\d+)$/.exec(line.trim());
      if (!m) continue;
      const k = CONFLICT_TYPES[Number(m[1]) - 1];
      counts[k] = Number(m[2]);
      totals[k] = Number(m[3]);
      slivers += Number(m[4]);
    }
    return { ok: true, version: db.version, loadMs, serialMs: median(serial), serialCpuMs: median(serialCpu), parallelMs: median(parallel), totals, counts, slivers };
  } finally {
    db.stop();
  }
}
