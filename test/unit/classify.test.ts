import { describe, expect, it } from 'vitest';
import { classBreaks, classCounts, classOf, equalIntervalBreaks, quantileBreaks, thresholdBreaks } from '../../src/core/classify';

// Fixtures a person can check by eye: ten intensities (万元/亩) with two unknowns.
const INTENSITY = [150, 185, 208, 240, 250, 260, 300, 320, 400, 500, null, Number.NaN];

describe('classify', () => {
  it('quantile: equal counts, boundaries are observed values, missing never classed', () => {
    const b = quantileBreaks(INTENSITY, 5)!;
    expect(b.bounds).toEqual([150, 208, 250, 300, 400, 500]);
    expect(classCounts(b, INTENSITY)).toEqual({ counts: [2, 2, 2, 2, 2], missing: 2 });
    expect(classOf(b, null)).toBeNull();
    expect(classOf(b, 500)).toBe(4); // the maximum belongs to the last class
  });

  it('quantile: ties collapse into fewer classes instead of empty ones', () => {
    const b = quantileBreaks([1, 1, 1, 1, 2], 4)!;
    expect(b.bounds).toEqual([1, 2]);
    expect(classCounts(b, [1, 1, 1, 1, 2]).counts).toEqual([5]);
  });

  it('equal interval: same widths from min to max', () => {
    const b = equalIntervalBreaks(INTENSITY, 5)!;
    expect(b.bounds).toEqual([150, 220, 290, 360, 430, 500]);
    expect(classCounts(b, INTENSITY)).toEqual({ counts: [3, 3, 2, 1, 1], missing: 2 });
  });

  it('threshold as a break: fails and passes never share a class (230 万元/亩, central-city park)', () => {
    const b = thresholdBreaks(INTENSITY, 230, 2, 2)!;
    expect(b.bounds).toEqual([150, 190, 230, 365, 500]);
    expect(b.thresholdIndex).toBe(2);
    expect(classCounts(b, INTENSITY).counts).toEqual([2, 1, 5, 2]);
    expect(classOf(b, 229.99)).toBe(1);
    expect(classOf(b, 230)).toBe(2); // "≥ 230 passes" starts at the threshold
  });

  it('a value at the threshold sides with its rule: "≤ 0.20" passes at 0.20, "> 1.0" fails at 1.0', () => {
    const green = thresholdBreaks([0.1, 0.2, 0.3], 0.2, 2, 2, true)!;
    expect(classOf(green, 0.2)).toBe(1); // last class below the threshold (passes)
    expect(classOf(green, 0.2000001)).toBe(2);
    const plot = thresholdBreaks([0.5, 1.0, 1.5], 1.0, 2, 2, true)!;
    expect(classOf(plot, 1.0)).toBe(1); // fails with the classes below
  });

  it('threshold outside the data still shows as a boundary', () => {
    const b = thresholdBreaks([0.4, 0.5, 0.6], 0.3, 2, 2)!;
    expect(b.bounds[0]).toBe(0.3);
    expect(b.thresholdIndex).toBe(0);
    expect(b.bounds.at(-1)).toBe(0.6);
  });

  it('no known values → no breaks; a single value → one class', () => {
    expect(quantileBreaks([null, null], 5)).toBeNull();
    expect(classBreaks('threshold', [1, 2], 4, null)).toBeNull();
    const one = equalIntervalBreaks([7, 7], 5)!;
    expect(one.bounds).toEqual([7, 7]);
    expect(classOf(one, 7)).toBe(0);
  });
});
