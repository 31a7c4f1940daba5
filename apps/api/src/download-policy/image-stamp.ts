import sharp, { type Metadata } from 'sharp';
import { finish, StampedCopy } from './pdf-stamp';
import { stampFont } from './stamp-font';
import { placeStamp, STAMP_OPACITY, STAMP_RGB, StampFacts, stampLines, StampUnsupported } from './stamp-text';

/**
 * Images are stamped at their own size up to this many pixels (about 8,000 × 6,000; sharp holds the
 * decoded image and the rendered stamp, 4 bytes a pixel each, docs/performance.md). A larger image is
 * refused for download; its view-only preview is scaled down to this size first.
 */
export const IMAGE_MAX_PIXELS = 48_000_000;
/** Nothing larger is even decoded (a small file can declare absurd dimensions). */
const DECODE_MAX_PIXELS = 20 * IMAGE_MAX_PIXELS;

// One image at a time per stamp slot; libvips' own cache would keep decoded images after the request.
sharp.cache(false);

/**
 * Draws the stamp into the pixels of a PNG or JPEG and returns the same format: the text is the stamp
 * font's glyph outlines as SVG paths (no system font), composited over the (EXIF-oriented) image.
 * `fit` scales an image over IMAGE_MAX_PIXELS down instead of refusing it (view-only previews).
 */
export async function stampImage(
  image: Uint8Array,
  kind: 'png' | 'jpeg',
  facts: StampFacts,
  options: { fit?: boolean } = {},
): Promise<StampedCopy> {
  const input = () =>
    sharp(image, { limitInputPixels: DECODE_MAX_PIXELS, failOn: 'error', sequentialRead: true });
  let meta: Metadata;
  try {
    meta = await input().metadata();
  } catch (error) {
    throw new StampUnsupported(`The image cannot be read: ${(error as Error).message}`);
  }
  if (meta.format !== kind) throw new StampUnsupported(`The file is not a ${kind.toUpperCase()} image`);
  const swap = (meta.orientation ?? 1) >= 5;
  let width = swap ? meta.height : meta.width;
  let height = swap ? meta.width : meta.height;
  if (!width || !height) throw new StampUnsupported('The image has no dimensions');
  if (width * height > DECODE_MAX_PIXELS) {
    throw new StampUnsupported(`The image is ${width} × ${height} pixels, too large to stamp`);
  }
  let pipeline = input().autoOrient();
  if (width * height > IMAGE_MAX_PIXELS) {
    if (!options.fit) {
      throw new StampUnsupported(
        `The image is ${width} × ${height} pixels; images over ${IMAGE_MAX_PIXELS / 1e6} megapixels are not stamped`,
      );
    }
    const scale = Math.sqrt(IMAGE_MAX_PIXELS / (width * height));
    width = Math.max(1, Math.floor(width * scale));
    height = Math.max(1, Math.floor(height * scale));
    const scaled = await pipeline.resize(width, height, { fit: 'fill' }).toBuffer();
    pipeline = sharp(scaled, { limitInputPixels: IMAGE_MAX_PIXELS });
  }
  pipeline = pipeline.composite([{ input: Buffer.from(stampSvg(width, height, stampLines(facts))) }]);
  try {
    const out =
      kind === 'png'
        ? await pipeline.png({ compressionLevel: 6 }).toBuffer()
        : await pipeline.jpeg({ quality: 90, mozjpeg: false }).toBuffer();
    return finish([out]);
  } catch (error) {
    throw new StampUnsupported(`The image cannot be stamped: ${(error as Error).message}`);
  }
}

/** The stamp as an SVG of the image's size: each line is one path of glyph outlines, in y-down pixels. */
export function stampSvg(width: number, height: number, lines: string[]): string {
  const { font } = stampFont();
  const { size, angle, lines: placed } = placeStamp(width, height, lines);
  const scale = size / font.unitsPerEm;
  const degrees = (-angle * 180) / Math.PI;
  const f = (n: number) => Number(n.toFixed(3));
  const paths = placed.map((line) => {
    const run = font.layout(line.text);
    let pen = 0;
    const glyphs = run.glyphs.map((glyph, i) => {
      const at = pen + (run.positions[i]?.xOffset ?? 0);
      pen += run.positions[i]?.xAdvance ?? glyph.advanceWidth;
      const d = glyph.path.toSVG();
      return d ? `<path transform="translate(${f(at)} 0)" d="${d}"/>` : '';
    });
    // Font units are y-up; the baseline starts at the placed point, rotated along the diagonal.
    return (
      `<g transform="translate(${f(line.x)} ${f(height - line.y)}) rotate(${f(degrees)}) ` +
      `scale(${scale.toPrecision(6)} ${(-scale).toPrecision(6)})">${glyphs.join('')}</g>`
    );
  });
  const [r, g, b] = STAMP_RGB.map((c) => Math.round(c * 255));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g fill="rgb(${r},${g},${b})" opacity="${STAMP_OPACITY}">${paths.join('')}</g></svg>`
  );
}
