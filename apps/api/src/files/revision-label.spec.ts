import { labelAt, nextLabel } from './revision-label';

describe('revision labels', () => {
  it('count A to Z, then AA, AB', () => {
    expect([1, 2, 26, 27, 28, 52, 53].map(labelAt)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('continue after the labels in use', () => {
    expect(nextLabel([])).toBe('A');
    expect(nextLabel(['A', 'B'])).toBe('C');
  });

  it('skip a label already given by hand', () => {
    expect(nextLabel(['A', 'C'])).toBe('D');
    expect(nextLabel(['P1'])).toBe('B');
  });
});
