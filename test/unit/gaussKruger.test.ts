// Gauss-Kruger zones against an independent formula: Krüger's n-series to sixth order (Karney 2011, "Transverse
// Mercator with an accuracy of a few nanometers", J. Geodesy 85, eqs 11, 35–36), written here without proj4 and
// itself checked against the worked example of EPSG Guidance Note 7-2 (method 9807, OSGB 1936 / British National Grid).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centralMeridian, describeZone, epsgCodeOfName, epsgOfZone, falseEasting, gaussKrugerToLonLat, guessZone,
  lonLatToGaussKruger, proj4Definition, zoneFromNumber, zoneOfCrsName, zoneOfEpsg, zoneOfLongitude, type GaussKrugerZone,
} from '../../src/core/geodesy/gaussKruger';

const DEG = Math.PI / 180;

interface TmParams { a: number; f: number; k0: number; lat0: number; lon0: number; fe: number; fn: number }

/** Krüger series (Karney 2011 eq. 35 for α, eq. 36 for β, sixth order in n). */
function kruger(p: TmParams) {
  const n = p.f / (2 - p.f);
  const n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
  const A = (p.a / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  const e = Math.sqrt(p.f * (2 - p.f));
  const alpha = [
    n / 2 - (2 / 3) * n2 + (5 / 16) * n3 + (41 / 180) * n4 - (127 / 288) * n5 + (7891 / 37800) * n6,
    (13 / 48) * n2 - (3 / 5) * n3 + (557 / 1440) * n4 + (281 / 630) * n5 - (1983433 / 1935360) * n6,
    (61 / 240) * n3 - (103 / 140) * n4 + (15061 / 26880) * n5 + (167603 / 181440) * n6,
    (49561 / 161280) * n4 - (179 / 168) * n5 + (6601661 / 7257600) * n6,
    (34729 / 80640) * n5 - (3418889 / 1995840) * n6,
    (212378941 / 319334400) * n6,
  ];
  const beta = [
    n / 2 - (2 / 3) * n2 + (37 / 96) * n3 - (1 / 360) * n4 - (81 / 512) * n5 + (96199 / 604800) * n6,
    (1 / 48) * n2 + (1 / 15) * n3 - (437 / 1440) * n4 + (46 / 105) * n5 - (1118711 / 3870720) * n6,
    (17 / 480) * n3 - (37 / 840) * n4 - (209 / 4480) * n5 + (5569 / 90720) * n6,
    (4397 / 161280) * n4 - (11 / 504) * n5 - (830251 / 7257600) * n6,
    (4583 / 161280) * n5 - (108847 / 3991680) * n6,
    (20648693 / 638668800) * n6,
  ];
  /** ξ, η (in units of A) of a point, λ relative to the central meridian (radians). */
  const xiEta = (phi: number, lambda: number): [number, number] => {
    const tau = Math.tan(phi);
    const sigma = Math.sinh(e * Math.atanh((e * tau) / Math.sqrt(1 + tau * tau)));
    const tauP = tau * Math.sqrt(1 + sigma * sigma) - sigma * Math.sqrt(1 + tau * tau);
    const xiP = Math.atan2(tauP, Math.cos(lambda));
    const etaP = Math.asinh(Math.sin(lambda) / Math.sqrt(tauP * tauP + Math.cos(lambda) ** 2));
    let xi = xiP, eta = etaP;
    for (let j = 1; j <= 6; j++) {
      xi += alpha[j - 1] * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
      eta += alpha[j - 1] * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
    }
    return [xi, eta];
  };
  const xi0 = xiEta(p.lat0 * DEG, 0)[0];
  return {
    forward(lon: number, lat: number): [number, number] {
      const [xi, eta] = xiEta(lat * DEG, (lon - p.lon0) * DEG);
      return [p.fe + p.k0 * A * eta, p.fn + p.k0 * A * (xi - xi0)];
    },
    inverse(easting: number, northing: number): [number, number] {
      const xi = (northing - p.fn) / (p.k0 * A) + xi0;
      const eta = (easting - p.fe) / (p.k0 * A);
      let xiP = xi, etaP = eta;
      for (let j = 1; j <= 6; j++) {
        xiP -= beta[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
        etaP -= beta[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
      }
      const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP)); // conformal latitude
      const lambda = Math.atan2(Math.sinh(etaP), Math.cos(xiP));
      let phi = chi;
      for (let i = 0; i < 20; i++) {
        const s = e * Math.sin(phi);
        phi = 2 * Math.atan(Math.tan(Math.PI / 4 + chi / 2) * ((1 + s) / (1 - s)) ** (e / 2)) - Math.PI / 2;
      }
      return [p.lon0 + lambda / DEG, phi / DEG];
    },
  };
}

const GRS80 = { a: 6378137, f: 1 / 298.257222101 };
const krugerOf = (z: GaussKrugerZone) => kruger({ ...GRS80, k0: 1, lat0: 0, lon0: centralMeridian(z), fe: falseEasting(z), fn: 0 });

/** Metres between two lon/lat points a few mm apart (local flat approximation is exact enough there). */
function metresBetween(a: [number, number], b: [number, number]): number {
  const dy = (a[1] - b[1]) * 111_320;
  const dx = (a[0] - b[0]) * 111_320 * Math.cos(a[1] * DEG);
  return Math.hypot(dx, dy);
}

describe('the independent Krüger series used as reference', () => {
  const osgb = kruger({ a: 6377563.396, f: 1 / 299.3249646, k0: 0.9996012717, lat0: 49, lon0: -2, fe: 400000, fn: -100000 });

  it('reproduces the EPSG Guidance Note 7-2 example (OSGB 1936: 50°30′N 0°30′E → E 577274.99, N 69740.50)', () => {
    // Published to the centimetre, computed with the guidance note's shorter series: agreement within 1 cm.
    const [e, n] = osgb.forward(0.5, 50.5);
    expect(Math.abs(e - 577274.99)).toBeLessThan(0.01);
    expect(Math.abs(n - 69740.5)).toBeLessThan(0.01);
    const [lon, lat] = osgb.inverse(577274.99, 69740.5);
    expect(metresBetween([lon, lat], [0.5, 50.5])).toBeLessThan(0.01);
  });

  it('reproduces the Ordnance Survey worked example to the millimetre (52°39′27.2531″N 1°43′4.5177″E → 651409.903, 313177.270)', () => {
    // Ordnance Survey, "A guide to coordinate systems in Great Britain", annex C (projection worked example).
    const lat = 52 + 39 / 60 + 27.2531 / 3600;
    const lon = 1 + 43 / 60 + 4.5177 / 3600;
    const [e, n] = osgb.forward(lon, lat);
    expect(Math.abs(e - 651409.903)).toBeLessThan(0.0006);
    expect(Math.abs(n - 313177.27)).toBeLessThan(0.0006);
    expect(metresBetween(osgb.inverse(651409.903, 313177.27), [lon, lat])).toBeLessThan(0.001);
  });
});

describe('zones, central meridians and EPSG codes', () => {
  it('numbers zones as DESIGN §7 says', () => {
    expect(zoneFromNumber(39)).toEqual({ width: 3, zone: 39, prefixed: true });
    expect(zoneFromNumber(20, false)).toEqual({ width: 6, zone: 20, prefixed: false });
    expect(zoneFromNumber(24)).toBeNull();
    expect(zoneFromNumber(46)).toBeNull();
    expect(zoneFromNumber(12)).toBeNull();
    expect(centralMeridian({ width: 3, zone: 39 })).toBe(117);
    expect(centralMeridian({ width: 3, zone: 25 })).toBe(75);
    expect(centralMeridian({ width: 3, zone: 45 })).toBe(135);
    expect(centralMeridian({ width: 6, zone: 20 })).toBe(117);
    expect(centralMeridian({ width: 6, zone: 13 })).toBe(75);
    expect(falseEasting({ width: 3, zone: 39, prefixed: true })).toBe(39_500_000);
    expect(falseEasting({ width: 3, zone: 39, prefixed: false })).toBe(500_000);
    expect(zoneOfLongitude(114.13, 3)?.zone).toBe(38);
    expect(zoneOfLongitude(118.6, 3)?.zone).toBe(40);
    expect(zoneOfLongitude(117.2, 6)?.zone).toBe(20);
    expect(zoneOfLongitude(60, 3)).toBeNull();
  });

  it('maps EPSG 4491–4554 both ways, as the EPSG dataset names them (epsg.io)', () => {
    // epsg.io: 4491 "Gauss-Kruger zone 13"; 4502 "CM 75E"; 4505 "CM 93E, truncated form of zone 16 (4494)";
    // 4522 "3-degree zone 34", truncated 4543; 4524 zone 36 ↔ 4545 (CM 108E); 4530 zone 42 ↔ 4551 (CM 126E).
    expect(zoneOfEpsg(4491)).toEqual({ width: 6, zone: 13, prefixed: true });
    expect(zoneOfEpsg(4501)).toEqual({ width: 6, zone: 23, prefixed: true });
    expect(zoneOfEpsg(4502)).toEqual({ width: 6, zone: 13, prefixed: false });
    expect(zoneOfEpsg(4505)).toEqual({ width: 6, zone: 16, prefixed: false });
    expect(zoneOfEpsg(4494)).toEqual({ width: 6, zone: 16, prefixed: true });
    expect(zoneOfEpsg(4512)).toEqual({ width: 6, zone: 23, prefixed: false });
    expect(zoneOfEpsg(4513)).toEqual({ width: 3, zone: 25, prefixed: true });
    expect(zoneOfEpsg(4522)).toEqual({ width: 3, zone: 34, prefixed: true });
    expect(zoneOfEpsg(4543)).toEqual({ width: 3, zone: 34, prefixed: false });
    expect(zoneOfEpsg(4524)).toEqual({ width: 3, zone: 36, prefixed: true });
    expect(zoneOfEpsg(4545)).toEqual({ width: 3, zone: 36, prefixed: false });
    expect(zoneOfEpsg(4527)).toEqual({ width: 3, zone: 39, prefixed: true });
    expect(zoneOfEpsg(4530)).toEqual({ width: 3, zone: 42, prefixed: true });
    expect(zoneOfEpsg(4551)).toEqual({ width: 3, zone: 42, prefixed: false });
    expect(zoneOfEpsg(4533)).toEqual({ width: 3, zone: 45, prefixed: true });
    expect(zoneOfEpsg(4554)).toEqual({ width: 3, zone: 45, prefixed: false });
    expect(zoneOfEpsg(4490)).toBeNull();
    expect(zoneOfEpsg(4555)).toBeNull();
    expect(zoneOfEpsg(2385)).toBeNull(); // Xian 1980: another datum
    for (let code = 4491; code <= 4554; code++) expect(epsgOfZone(zoneOfEpsg(code)!)).toBe(code);
  });

  it('gives the proj4 definition epsg.io gives (EPSG:4528)', () => {
    expect(proj4Definition(zoneOfEpsg(4528)!)).toBe('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
    expect(proj4Definition(zoneOfEpsg(4505)!)).toBe('+proj=tmerc +lat_0=0 +lon_0=93 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
  });

  it('reads CRS names in the forms GeoJSON files carry', () => {
    expect(epsgCodeOfName('urn:ogc:def:crs:EPSG::4527')).toBe(4527);
    expect(epsgCodeOfName('urn:ogc:def:crs:EPSG:6.3:4527')).toBe(4527);
    expect(epsgCodeOfName('EPSG:4527')).toBe(4527);
    expect(epsgCodeOfName('epsg:4527')).toBe(4527);
    expect(epsgCodeOfName('http://www.opengis.net/def/crs/EPSG/0/4527')).toBe(4527);
    expect(epsgCodeOfName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
    expect(epsgCodeOfName('not a crs')).toBeNull();
    expect(zoneOfCrsName('CGCS2000_3_Degree_GK_Zone_39')).toEqual({ width: 3, zone: 39, prefixed: true });
    expect(zoneOfCrsName('CGCS2000_3_Degree_GK_CM_117E')).toEqual({ width: 3, zone: 39, prefixed: false });
    expect(zoneOfCrsName('CGCS2000_6_Degree_GK_CM_117E')).toEqual({ width: 6, zone: 20, prefixed: false });
    expect(zoneOfCrsName('CGCS2000_3_Degree_GK_CM_118E')).toBeNull();
  });

  it('describes a zone in both languages', () => {
    const d = describeZone({ width: 3, zone: 39, prefixed: true });
    expect(d.en).toContain('zone 39');
    expect(d.en).toContain('117°E');
    expect(d.en).toContain('EPSG:4527');
    expect(d.zh).toContain('第39带');
  });
});

describe('forward and inverse against the Krüger series', () => {
  const zones: GaussKrugerZone[] = [
    { width: 3, zone: 38, prefixed: true },
    { width: 3, zone: 39, prefixed: false },
    { width: 3, zone: 25, prefixed: true },
    { width: 3, zone: 45, prefixed: false },
    { width: 6, zone: 20, prefixed: true },
    { width: 6, zone: 13, prefixed: false },
  ];
  for (const z of zones) {
    it(`agrees within 1 mm across ${z.width}° zone ${z.zone}${z.prefixed ? ' (prefixed)' : ''}`, () => {
      const ref = krugerOf(z);
      const cm = centralMeridian(z);
      let worst = 0;
      for (let lat = 4; lat <= 54; lat += 5) {
        for (let dl = -z.width / 2; dl <= z.width / 2 + 1e-9; dl += z.width / 6) {
          const [e, n] = lonLatToGaussKruger(z, cm + dl, lat);
          const [re, rn] = ref.forward(cm + dl, lat);
          worst = Math.max(worst, Math.hypot(e - re, n - rn));
          const back = gaussKrugerToLonLat(z, re, rn);
          const refBack = ref.inverse(re, rn);
          worst = Math.max(worst, metresBetween(back, refBack), metresBetween(back, [cm + dl, lat]));
        }
      }
      expect(worst).toBeLessThan(0.001);
    });
  }

  it('puts the central meridian at the false easting and the equator at northing 0', () => {
    const z = { width: 3, zone: 39, prefixed: true } as const;
    const [e, n] = lonLatToGaussKruger(z, 117, 0);
    expect(e).toBeCloseTo(39_500_000, 6);
    expect(n).toBeCloseTo(0, 6);
  });

  it('round-trips lon/lat → Gauss-Kruger → lon/lat within 1 mm anywhere in a zone', () => {
    fc.assert(fc.property(
      fc.constantFrom<GaussKrugerZone>(...zones),
      fc.double({ min: 3, max: 54, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      (z, lat, t) => {
        const lon = centralMeridian(z) + (t * z.width) / 2;
        const [e, n] = lonLatToGaussKruger(z, lon, lat);
        const back = gaussKrugerToLonLat(z, e, n);
        return metresBetween(back, [lon, lat]) < 0.001;
      },
    ), { numRuns: 2000 });
  });
});

describe('guessZone', () => {
  it('reads a 3° zone from the easting prefix', () => {
    const g = guessZone([38512345.678, 38512400.1], [3665432.123, 3665500]);
    expect(g.status).toBe('certain');
    expect(g.zone).toEqual({ width: 3, zone: 38, prefixed: true });
    expect(g.reasons[0].en).toContain('zone number 38');
  });

  it('reads a 6° zone from the easting prefix', () => {
    const g = guessZone([20432100.5], [3520000]);
    expect(g.zone).toEqual({ width: 6, zone: 20, prefixed: true });
  });

  it('flags a stated width that disagrees with the prefix', () => {
    const g = guessZone([38512345.678], [3665432.123], { width: 6 });
    expect(g.status).toBe('certain');
    expect(g.reasons.map((r) => r.en).join(' ')).toContain('disagrees');
  });

  it('refuses mixed, inconsistent and impossible prefixes', () => {
    expect(guessZone([38512345, 512345], [3665432, 3665432]).status).toBe('unknown');
    const two = guessZone([38512345, 39412345], [3665432, 3665432]);
    expect(two.status).toBe('unknown');
    expect(two.reasons[0].en).toContain('38, 39');
    const z24 = guessZone([24512345], [3665432]);
    expect(z24.status).toBe('unknown');
    expect(z24.reasons[0].en).toContain('24');
    expect(guessZone([3512345], [3665432]).status).toBe('unknown');
  });

  it('spots swapped columns through the northing', () => {
    const g = guessZone([3665432], [38512345]);
    expect(g.status).toBe('unknown');
    expect(g.reasons[0].en).toContain('swapped');
  });

  it('cannot tell the zone of plain eastings without a hint, and says what to give', () => {
    const g = guessZone([512345.678], [3665432.123]);
    expect(g.status).toBe('unknown');
    expect(g.zone).toBeNull();
    const text = g.reasons.map((r) => r.en).join(' ');
    expect(text).toContain('no zone number');
    expect(text).toContain('--zone');
    expect(text).toContain('--from EPSG:');
  });

  it('guesses from an approximate longitude, preferring 3° zones and offering alternatives', () => {
    const g = guessZone([512345.678], [3665432.123], { longitude: 114.1 });
    expect(g.status).toBe('guess');
    expect(g.zone).toEqual({ width: 3, zone: 38, prefixed: false });
    expect(g.alternatives).toContainEqual({ width: 6, zone: 20, prefixed: false });
    const near = guessZone([412345], [3665432.123], { longitude: 115.3, width: 3 });
    expect(near.zone?.zone).toBe(38);
    expect(near.alternatives).toContainEqual({ width: 3, zone: 39, prefixed: false });
    const six = guessZone([412345], [3665432.123], { longitude: 117.2, width: 6 });
    expect(six.zone).toEqual({ width: 6, zone: 20, prefixed: false });
  });
});
