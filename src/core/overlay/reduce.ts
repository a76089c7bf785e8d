// Shortening a long ring to what matters near a box before clipping. A constraint of 400 vertices meets a parcel
// of 20 along a few edges; the clipper's cost grows faster than linearly with vertices, so the rest is replaced.
//
// Unlike clipping the ring to the box (Sutherland–Hodgman), this creates no new crossing points: every edge that
// meets the box is kept with its original end points, so shared edges stay exactly shared. A run of edges that
// stays outside the box is replaced by a detour around the box's boundary (its clamped end points and corners)
// that turns around the box by the same angle as the run did. The new ring then has the same winding number as
// the old one at every point inside the box, so its region inside the box — all an intersection with anything
// inside the box can see — is unchanged.
import { segmentTouchesBox } from './relate';

export interface Point {
  x: number;
  y: number;
}

const TWO_PI = 2 * Math.PI;
/** Which edges meet the box, reused across calls (one thread, no reentry). */
let touchBuffer = new Uint8Array(256);

/**
 * Ring vertices [s, e) of `xy` as a path, reduced to the box when that saves vertices. Returns null when the
 * ring does not reach the box and does not surround it (it cannot matter inside the box), the box itself when
 * the ring surrounds it without reaching it, and the ring unchanged when every edge is near the box.
 * `reduced` is set to whether the ring was shortened.
 */
export function ringNearBox(
  xy: Float64Array, s: number, e: number, minX: number, minY: number, maxX: number, maxY: number,
  reduced: { value: boolean },
): Point[] | null {
  const n = e - s;
  reduced.value = false;
  if (touchBuffer.length < n) touchBuffer = new Uint8Array(Math.max(n, 2 * touchBuffer.length));
  const touches = touchBuffer;
  let touching = 0;
  for (let k = 0; k < n; k++) {
    const i = s + k;
    const j = k + 1 < n ? i + 1 : s;
    const t = segmentTouchesBox(xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], minX, minY, maxX, maxY) ? 1 : 0;
    touches[k] = t;
    touching += t;
  }
  if (touching === n) return plainPath(xy, s, e);
  if (touching === 0) {
    // Outside the box all along: it either surrounds the whole box or is irrelevant to it.
    reduced.value = true;
    if (!surrounds(xy, s, e, minX, minY)) return null;
    const box: Point[] = [{ x: minX, y: minY }, { x: maxX, y: minY }, { x: maxX, y: maxY }, { x: minX, y: maxY }];
    return signedArea(xy, s, e) > 0 ? box : box.reverse();
  }
  // Start at a vertex that ends a touching edge, so every run of outside edges lies between kept vertices.
  let start = 0;
  while (!touches[(start + n - 1) % n]) start++;
  const out: Point[] = [];
  const push = (x: number, y: number) => {
    const last = out[out.length - 1];
    if (!last || last.x !== x || last.y !== y) out.push({ x, y });
  };
  const W = maxX - minX;
  const H = maxY - minY;
  const P = 2 * (W + H);
  // The centre, on integers (the box is at least 2 units wide and high), so crossings are decided exactly.
  const cx = Math.floor((minX + maxX) / 2);
  const cy = Math.floor((minY + maxY) / 2);
  const cornerX = [minX, maxX, maxX, minX];
  const cornerY = [minY, minY, maxY, maxY];
  const cornerAt = [0, W, W + H, 2 * W + H];
  /** Position along the box's boundary, counter-clockwise from the south-west corner, of a point on it. */
  const along = (x: number, y: number): number =>
    y === minY ? x - minX : x === maxX ? W + (y - minY) : y === maxY ? W + H + (maxX - x) : 2 * W + H + (maxY - y);
  let k = start;
  do {
    const i = s + k;
    const ux = xy[2 * i], uy = xy[2 * i + 1];
    push(ux, uy);
    if (touches[k]) {
      k = (k + 1) % n;
      continue;
    }
    // A run of outside edges from u (vertex k) to w, the next vertex that starts a touching edge. It cannot pass
    // `start`, whose incoming edge touches.
    const uxc = ux < minX ? minX : ux > maxX ? maxX : ux;
    const uyc = uy < minY ? minY : uy > maxY ? maxY : uy;
    // How far the run turns around the centre: the atan2 difference of its clamped ends plus 2π for every
    // crossing of the ray going west from the centre (its branch cut); only run edges can cross that ray, which
    // lies outside the box west of minX (a vertex on y = cy counts as north, as atan2(0, −x) = +π).
    let crossings = 0;
    let m = k;
    while (!touches[m]) {
      const a = s + m;
      const b = s + (m + 1 < n ? m + 1 : 0);
      const ay = xy[2 * a + 1], by = xy[2 * b + 1];
      if (ay >= cy !== by >= cy) {
        const ax = xy[2 * a], bx = xy[2 * b];
        // West of the centre when the centre is on the edge's east side (exact: integers, orientation sign).
        const o = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        if (by > ay ? o < 0 : o > 0) crossings += by > ay ? -1 : 1;
      }
      m = m + 1 < n ? m + 1 : 0;
    }
    const w = s + m;
    const wx = xy[2 * w], wy = xy[2 * w + 1];
    const wxc = wx < minX ? minX : wx > maxX ? maxX : wx;
    const wyc = wy < minY ? minY : wy > maxY ? maxY : wy;
    const angle = Math.atan2(wyc - cy, wxc - cx) - Math.atan2(uyc - cy, uxc - cx) + TWO_PI * crossings;
    // Detour clamp(u) → corners → clamp(w) turning by the same angle. A counter-clockwise walk of ds along the
    // boundary turns by d0 ∈ [0, 2π); the run turned by d0 + 2π·loops.
    const sa = along(uxc, uyc);
    const ds = (((along(wxc, wyc) - sa) % P) + P) % P;
    let d0 = Math.atan2(wyc - cy, wxc - cx) - Math.atan2(uyc - cy, uxc - cx);
    d0 = ds === 0 ? 0 : ((d0 % TWO_PI) + TWO_PI) % TWO_PI;
    const loops = Math.round((angle - d0) / TWO_PI);
    push(uxc, uyc);
    if (loops >= 0) {
      const end = sa + ds + loops * P;
      for (let q = 0, c = 0, pos = cornerAt[0]; pos < end; ) {
        if (pos > sa) push(cornerX[c], cornerY[c]);
        if (++c === 4) { c = 0; q++; }
        pos = q * P + cornerAt[c];
      }
    } else {
      const end = sa - (-loops * P - ds);
      for (let q = 0, c = 3, pos = cornerAt[3]; pos > end; ) {
        if (pos < sa) push(cornerX[c], cornerY[c]);
        if (--c < 0) { c = 3; q--; }
        pos = q * P + cornerAt[c];
      }
    }
    push(wxc, wyc);
    k = m;
  } while (k !== start);
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first.x === last.x && first.y === last.y) out.pop();
  reduced.value = true;
  return out.length >= 3 ? out : null;
}

/** Ring vertices [s, e) as a path of points. */
export function plainPath(xy: Float64Array, s: number, e: number): Point[] {
  const out = new Array<Point>(e - s);
  for (let i = s; i < e; i++) out[i - s] = { x: xy[2 * i], y: xy[2 * i + 1] };
  return out;
}

/** Twice the signed area of ring [s, e) (counter-clockwise positive), relative to its first vertex. */
export function signedArea(xy: Float64Array, s: number, e: number): number {
  const x0 = xy[2 * s], y0 = xy[2 * s + 1];
  let sum = 0;
  for (let i = s + 1; i + 1 < e; i++) {
    sum += (xy[2 * i] - x0) * (xy[2 * i + 3] - y0) - (xy[2 * i + 2] - x0) * (xy[2 * i + 1] - y0);
  }
  return sum;
}

/** Whether the ring [s, e) surrounds the point (even-odd), for a point not on it. */
function surrounds(xy: Float64Array, s: number, e: number, px: number, py: number): boolean {
  let inside = false;
  for (let i = s, j = e - 1; i < e; j = i++) {
    const ax = xy[2 * j], ay = xy[2 * j + 1], bx = xy[2 * i], by = xy[2 * i + 1];
    if (ay > py === by > py) continue;
    const v = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    if (by > ay ? v > 0 : v < 0) inside = !inside;
  }
  return inside;
}
