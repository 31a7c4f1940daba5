import { MAX_PARTS, MIN_PART_SIZE, MultipartPlan } from './multipart-plan';

const MiB = 1024 * 1024;

describe('MultipartPlan', () => {
  it('cuts 40 MB into 8 MiB parts with a shorter last part', () => {
    const plan = new MultipartPlan(40_000_000);
    expect(plan.partSize).toBe(MIN_PART_SIZE);
    expect(plan.partCount).toBe(5);
    expect(plan.sizeOfPart(1)).toBe(8 * MiB);
    expect(plan.sizeOfPart(5)).toBe(40_000_000 - 4 * 8 * MiB);
  });

  it('uses a single part for a small file', () => {
    const plan = new MultipartPlan(10);
    expect(plan.partNumbers()).toEqual([1]);
    expect(plan.sizeOfPart(1)).toBe(10);
  });

  it('grows parts so a very large file still fits in 10 000 parts', () => {
    const plan = new MultipartPlan(200 * 1024 * MiB);
    expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS);
    expect(plan.partSize % MiB).toBe(0);
  });

  it('refuses part numbers outside the plan and non-positive sizes', () => {
    expect(() => new MultipartPlan(10).sizeOfPart(2)).toThrow(RangeError);
    expect(() => new MultipartPlan(0)).toThrow(RangeError);
  });
});
