#!/usr/bin/env python3
"""GEOS through shapely 2: the 五规合一 conflicts of bench/conflicts*.bench.ts, for comparison with ours and PostGIS.

Reads the features the bench wrote (one line each: role, id, attribute, hex EWKB; roles S construction land with
its M flag, C constraint with its conflict type 1-4, P parcel with its park's index, K park), then does what the
PostGIS query does, with shapely 2's vectorised operations (GEOS, GIL released) on N threads:
  STRtree of the construction land; per constraint, the features whose geometry intersects it (tree query with
  the `intersects` predicate: boxes, then an exact test on a prepared geometry); covered_by to skip clipping a
  feature wholly inside the other; intersection (difference for parcel vs its park); areas.
Areas: planar areas in an ellipsoidal Lambert azimuthal equal-area projection (WGS84, centred on the data), which
preserves area on the ellipsoid; PostGIS's ST_Area(geography) sums geodesic edges instead. The untimed check
recomputes every result's area with pyproj.Geod (GeographicLib, as PostGIS) and reports the largest relative
difference per type.

Usage: shapely_peer.py FILE MIN_AREA_M2 THREADS REPEAT. Prints one JSON object on stdout; exits 3 when shapely 2 or
pyproj cannot be imported (the bench then prints a skip line).
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import numpy as np
    import shapely
    from pyproj import Geod, Transformer
    if int(shapely.__version__.split('.')[0]) < 2:
        raise ImportError(f'shapely {shapely.__version__} (need 2: vectorised operations)')
except ImportError as e:  # pragma: no cover - reported by the bench
    print(json.dumps({'skipped': str(e)}))
    sys.exit(3)

TYPES = ['basic_farmland', 'eco_red_line', 'outside_construction_zone', 'landuse_mismatch', 'outside_park']
TYPE_LANDUSE_MISMATCH = 4
TYPE_OUTSIDE_PARK = 5


def load(path):
    roles = {'S': ([], [], []), 'C': ([], [], []), 'P': ([], [], []), 'K': ([], [], [])}
    with open(path, encoding='ascii') as f:
        for line in f:
            role, fid, attr, wkb = line.rstrip('\n').split('\t')
            ids, attrs, wkbs = roles[role]
            ids.append(fid)
            attrs.append(int(attr))
            wkbs.append(wkb)
    out = {}
    for role, (ids, attrs, wkbs) in roles.items():
        out[role] = (np.array(attrs, dtype=np.int64), shapely.from_wkb(np.array(wkbs, dtype=object)))
    return out


def slices(n, parts):
    """[lo, hi) ranges covering n items in about `parts` equal pieces."""
    step = max(1, -(-n // parts))
    return [(lo, min(n, lo + step)) for lo in range(0, n, step)]


class Peer:
    def __init__(self, data, min_area):
        self.min_area = min_area
        self.is_m, self.subj = data['S']
        self.ctype, self.cons = data['C']
        self.park_of, self.parcels = data['P']
        _, self.parks = data['K']
        self.is_m = self.is_m.astype(bool)
        allb = shapely.total_bounds(np.concatenate([self.subj, self.cons, self.parcels, self.parks]))
        lon0, lat0 = (allb[0] + allb[2]) / 2, (allb[1] + allb[3]) / 2
        self.to_laea = Transformer.from_crs('EPSG:4326', f'+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m', always_xy=True)

    def areas(self, geoms):
        """Ellipsoidal areas (m²) of lon/lat geometries: planar areas in the equal-area projection."""
        def project(xy):
            x, y = self.to_laea.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])
        return shapely.area(shapely.transform(geoms, project))

    def run(self, threads):
        """One run: (per-type counts, totals, slivers, phase times in ms, result geometries and their types)."""
        pool = ThreadPoolExecutor(threads) if threads > 1 else None
        # More pieces than threads: pieces differ in cost, so threads take the next one when done.
        pieces = 1 if threads == 1 else 8 * threads

        def par(fn, n):
            parts = slices(n, pieces)
            return list(pool.map(fn, parts)) if pool else [fn(p) for p in parts]

        ms = {}
        t = time.perf_counter()
        tree = shapely.STRtree(self.subj)
        ms['index'] = time.perf_counter() - t

        t = time.perf_counter()

        def query(r):
            lo, hi = r
            q = tree.query(self.cons[lo:hi], predicate='intersects')
            return q[0] + lo, q[1]
        found = par(query, len(self.cons))
        ci = np.concatenate([f[0] for f in found])
        si = np.concatenate([f[1] for f in found])
        keep = (self.ctype[ci] != TYPE_LANDUSE_MISMATCH) | self.is_m[si]
        ci, si = ci[keep], si[keep]
        ms['candidates_and_intersects'] = time.perf_counter() - t

        # All pairs in one list: plan side, other side, intersection (True) or difference (False).
        a = np.concatenate([self.subj[si], self.parcels])
        b = np.concatenate([self.cons[ci], self.parks[self.park_of]])
        types = np.concatenate([self.ctype[ci], np.full(len(self.parcels), TYPE_OUTSIDE_PARK)])
        inter = types != TYPE_OUTSIDE_PARK
        n = len(a)

        t = time.perf_counter()
        covered = np.concatenate(par(lambda r: shapely.covered_by(a[r[0]:r[1]], b[r[0]:r[1]]), n))
        ms['covered_by'] = time.perf_counter() - t

        # Results: the whole plan feature where covered (∩), nothing where covered (−), else clipped.
        t = time.perf_counter()
        result = np.empty(n, dtype=object)
        result[covered & inter] = a[covered & inter]
        result[covered & ~inter] = None
        clip = np.flatnonzero(~covered)
        ci_ = clip[inter[clip]]
        cd_ = clip[~inter[clip]]
        result[ci_] = np.concatenate(par(lambda r: shapely.intersection(a[ci_[r[0]:r[1]]], b[ci_[r[0]:r[1]]]), len(ci_))) if len(ci_) else []
        result[cd_] = np.concatenate(par(lambda r: shapely.difference(a[cd_[r[0]:r[1]]], b[cd_[r[0]:r[1]]]), len(cd_))) if len(cd_) else []
        ms['clip'] = time.perf_counter() - t

        t = time.perf_counter()
        area = np.concatenate(par(lambda r: self.areas(result[r[0]:r[1]]), n))
        area = np.nan_to_num(area, nan=0.0)
        ms['areas'] = time.perf_counter() - t

        t = time.perf_counter()
        counts, totals, slivers = {}, {}, 0
        for k, name in enumerate(TYPES, start=1):
            x = area[types == k]
            counts[name] = int(np.count_nonzero(x >= self.min_area))
            totals[name] = float(x[x >= self.min_area].sum())
            slivers += int(np.count_nonzero((x > 0) & (x < self.min_area)))
        ms['totals'] = time.perf_counter() - t
        if pool:
            pool.shutdown()
        stats = {'candidate_pairs_after_intersects': int(n), 'covered': int(covered.sum()), 'clipped': int(len(clip))}
        return counts, totals, slivers, {k: v * 1000 for k, v in ms.items()}, stats, result, area, types


def main():
    path, min_area, threads, repeat = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    t = time.perf_counter()
    data = load(path)
    load_ms = (time.perf_counter() - t) * 1000
    peer = Peer(data, min_area)
    out = {
        'shapely': shapely.__version__, 'geos': shapely.geos_version_string, 'load_ms': round(load_ms),
        'features': {k: int(len(v[1])) for k, v in data.items()},
    }
    for n_threads in sorted({1, threads}):
        peer.run(n_threads)  # warm-up
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            counts, totals, slivers, ms, stats, result, area, types = peer.run(n_threads)
            runs.append(((time.perf_counter() - t) * 1000, ms))
        runs.sort(key=lambda r: r[0])
        wall, ms = runs[len(runs) // 2]
        key = 'serial' if n_threads == 1 else f'threads_{n_threads}'
        out[f'{key}_ms'] = round(wall, 1)
        out[f'{key}_runs_ms'] = [round(r[0]) for r in runs]
        out[f'{key}_phase_ms'] = {k: round(v, 1) for k, v in ms.items()}
    out.update({'counts': counts, 'totals_m2': totals, 'slivers': slivers, 'stats': stats})
    # Untimed: every kept result's area again on the ellipsoid with geodesic edges (GeographicLib, as PostGIS).
    geod = Geod(ellps='WGS84')
    diff = {}
    for k, name in enumerate(TYPES, start=1):
        idx = np.flatnonzero((types == k) & (area >= min_area))
        g = sum(abs(geod.geometry_area_perimeter(result[i])[0]) for i in idx)
        diff[name] = abs(totals[name] - g) / g if g > 0 else 0.0
    out['laea_vs_geodesic_rel_diff'] = {k: float(f'{v:.3g}') for k, v in diff.items()}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
