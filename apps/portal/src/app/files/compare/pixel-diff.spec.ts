import { ADDED, diffRasters, Raster, REMOVED, UNCHANGED } from './pixel-diff';

/** A white raster with black filled rectangles [x, y, width, height]. */
function drawing(width: number, height: number, boxes: [number, number, number, number][]): Raster {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const [bx, by, bw, bh] of boxes) {
    for (let y = by; y < by + bh; y += 1) {
      for (let x = bx; x < bx + bw; x += 1) {
        const i = (y * width + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { width, height, data };
}

const colourAt = (image: Uint8ClampedArray, width: number, x: number, y: number) => {
  const i = (y * width + x) * 4;
  return [image[i], image[i + 1], image[i + 2]];
};

describe('diffRasters', () => {
  it('colours ink in both grey, ink only before red, ink only after blue, paper white', () => {
    const before = drawing(100, 60, [
      [10, 10, 20, 10],
      [60, 40, 10, 10],
    ]);
    const after = drawing(100, 60, [
      [10, 10, 20, 10],
      [75, 40, 10, 10],
    ]);
    const result = diffRasters(before, after);
    expect(colourAt(result.image, 100, 15, 15)).toEqual([...UNCHANGED]);
    expect(colourAt(result.image, 100, 62, 45)).toEqual([...REMOVED]);
    expect(colourAt(result.image, 100, 80, 45)).toEqual([...ADDED]);
    expect(colourAt(result.image, 100, 50, 5)).toEqual([255, 255, 255]);
    expect(result.removed).toBe(100);
    expect(result.added).toBe(100);
  });

  it('finds no region when the renderings are the same', () => {
    const a = drawing(64, 64, [[5, 5, 30, 3]]);
    const result = diffRasters(a, drawing(64, 64, [[5, 5, 30, 3]]));
    expect(result.regions).toEqual([]);
    expect(result.removed + result.added).toBe(0);
  });

  it('groups nearby changes (the glyphs of one label) into one region and keeps distant ones apart', () => {
    // "Label" of three glyphs 4 px apart near the top left, one change far away at the bottom right.
    const before = drawing(200, 120, []);
    const after = drawing(200, 120, [
      [20, 20, 6, 10],
      [30, 20, 6, 10],
      [40, 20, 6, 10],
      [170, 100, 10, 10],
    ]);
    const { regions } = diffRasters(before, after, { cell: 8, gap: 1 });
    expect(regions).toHaveLength(2);
    const [label, far] = regions;
    // The box covers the glyphs, rounded out to the 8 px grid.
    expect(label.x).toBeLessThanOrEqual(20);
    expect(label.x + label.width).toBeGreaterThanOrEqual(46);
    expect(label.y).toBeLessThanOrEqual(20);
    expect(label.y + label.height).toBeGreaterThanOrEqual(30);
    expect(label.width).toBeLessThanOrEqual(40);
    expect(label.pixels).toBe(180);
    expect(far).toMatchObject({ x: 168, y: 96, pixels: 100 });
  });

  it('orders regions top to bottom, then left to right', () => {
    const before = drawing(300, 300, []);
    const after = drawing(300, 300, [
      [250, 250, 5, 5],
      [250, 10, 5, 5],
      [10, 10, 5, 5],
    ]);
    const { regions } = diffRasters(before, after, { gap: 0 });
    expect(regions.map((r) => [r.x, r.y])).toEqual([
      [8, 8],
      [248, 8],
      [248, 248],
    ]);
  });

  it('ignores specks below minPixels and treats light colour as paper', () => {
    const before = drawing(50, 50, []);
    const after = drawing(50, 50, [[10, 10, 1, 2]]);
    // A pale yellow fill is no ink.
    for (let i = 0; i < after.data.length; i += 4) if (i > 4000) after.data[i + 2] = 200;
    expect(diffRasters(before, after, { minPixels: 4 }).regions).toEqual([]);
    expect(diffRasters(before, after, { minPixels: 1 }).regions).toHaveLength(1);
  });

  it('compares renderings of different sizes over the larger one, outside counting as paper', () => {
    const before = drawing(40, 40, [[0, 0, 40, 40]]);
    const after = drawing(60, 40, [[0, 0, 60, 40]]);
    const result = diffRasters(before, after);
    expect(result.width).toBe(60);
    expect(result.added).toBe(20 * 40);
    expect(result.removed).toBe(0);
    expect(result.regions).toEqual([{ x: 40, y: 0, width: 20, height: 40, pixels: 800 }]);
  });
});
