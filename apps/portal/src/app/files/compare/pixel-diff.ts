/**
 * The comparison of two renderings of a drawing at the same scale, pixel by pixel: what is ink in both
 * is unchanged (grey), ink only in the older one was removed (red), ink only in the newer one was added
 * (blue). Changed pixels are grouped into regions (bounding boxes) a reviewer can step through. Pure:
 * no DOM, so it runs in a test, a worker or the page alike.
 */

/** RGBA pixels, row by row, as `ImageData` holds them. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A box around changed pixels, in pixels of the compared rasters. */
export interface DiffRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Changed pixels inside. */
  pixels: number;
}

export interface DiffResult {
  width: number;
  height: number;
  /** The overlay, RGBA. */
  image: Uint8ClampedArray<ArrayBuffer>;
  removed: number;
  added: number;
  /** In reading order: top to bottom, then left to right. */
  regions: DiffRegion[];
}

export interface DiffOptions {
  /** A pixel is ink when one of its channels (over white paper) is below this: dark or saturated colour. */
  inkBelow?: number;
  /** Side of the square cells changed pixels are grouped by, in pixels. */
  cell?: number;
  /** Cells of distance between changed cells that still join them into one region (a word, a label). */
  gap?: number;
  /** Regions with fewer changed pixels are anti-aliasing noise, not a change. */
  minPixels?: number;
}

export const UNCHANGED: readonly [number, number, number] = [150, 150, 150];
export const REMOVED: readonly [number, number, number] = [220, 38, 38];
export const ADDED: readonly [number, number, number] = [37, 99, 235];

/** Whether pixel (x, y) of `raster` is ink; outside the raster is paper. */
function inkAt(raster: Raster, x: number, y: number, inkBelow: number): boolean {
  if (x >= raster.width || y >= raster.height) return false;
  const i = (y * raster.width + x) * 4;
  const d = raster.data;
  const alpha = d[i + 3] / 255;
  // Yellow or cyan CAD layers are ink though bright; a pale fill is not.
  const darkest = Math.min(d[i], d[i + 1], d[i + 2]) * alpha + 255 * (1 - alpha);
  return darkest < inkBelow;
}

export function diffRasters(before: Raster, after: Raster, options: DiffOptions = {}): DiffResult {
  const { inkBelow = 200, cell = 8, gap = 2, minPixels = 4 } = options;
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const image = new Uint8ClampedArray(width * height * 4);
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const changedInCell = new Uint32Array(columns * rows);
  let removed = 0;
  let added = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const was = inkAt(before, x, y, inkBelow);
      const is = inkAt(after, x, y, inkBelow);
      const colour = was && is ? UNCHANGED : was ? REMOVED : is ? ADDED : null;
      const o = (y * width + x) * 4;
      image[o] = colour ? colour[0] : 255;
      image[o + 1] = colour ? colour[1] : 255;
      image[o + 2] = colour ? colour[2] : 255;
      image[o + 3] = 255;
      if (was !== is) {
        if (was) removed += 1;
        else added += 1;
        changedInCell[Math.floor(y / cell) * columns + Math.floor(x / cell)] += 1;
      }
    }
  }
  const regions = groupCells(changedInCell, columns, rows, gap)
    .map((group) => toRegion(group, columns, cell, width, height, changedInCell))
    .filter((region) => region.pixels >= minPixels)
    .sort((a, b) => a.y - b.y || a.x - b.x);
  return { width, height, image, removed, added, regions };
}

/** Connected groups of changed cells, cells up to `gap` apart counting as neighbours. */
function groupCells(changed: Uint32Array, columns: number, rows: number, gap: number): number[][] {
  const seen = new Uint8Array(changed.length);
  const groups: number[][] = [];
  const reach = gap + 1;
  for (let start = 0; start < changed.length; start += 1) {
    if (!changed[start] || seen[start]) continue;
    seen[start] = 1;
    const group = [start];
    for (let k = 0; k < group.length; k += 1) {
      const cx = group[k] % columns;
      const cy = Math.floor(group[k] / columns);
      for (let ny = Math.max(0, cy - reach); ny <= Math.min(rows - 1, cy + reach); ny += 1) {
        for (let nx = Math.max(0, cx - reach); nx <= Math.min(columns - 1, cx + reach); nx += 1) {
          const n = ny * columns + nx;
          if (changed[n] && !seen[n]) {
            seen[n] = 1;
            group.push(n);
          }
        }
      }
    }
    groups.push(group);
  }
  return groups;
}

function toRegion(
  group: number[],
  columns: number,
  cell: number,
  width: number,
  height: number,
  changed: Uint32Array,
): DiffRegion {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let pixels = 0;
  for (const c of group) {
    const cx = c % columns;
    const cy = Math.floor(c / columns);
    minX = Math.min(minX, cx);
    minY = Math.min(minY, cy);
    maxX = Math.max(maxX, cx);
    maxY = Math.max(maxY, cy);
    pixels += changed[c];
  }
  const x = minX * cell;
  const y = minY * cell;
  return {
    x,
    y,
    width: Math.min(width, (maxX + 1) * cell) - x,
    height: Math.min(height, (maxY + 1) * cell) - y,
    pixels,
  };
}
