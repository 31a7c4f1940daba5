import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { solidPng } from '../../test/support/png';
import { IMAGE_MAX_PIXELS, stampImage } from './image-stamp';
import { StampUnsupported } from './stamp-text';

const facts = {
  organisation: '中文供应商',
  email: 'jane@acme.example',
  at: new Date('2026-12-07T08:15:30Z'),
  documentNumber: 'D-100',
  revisionLabel: 'B',
  transmittal: 'ACME-T-0001',
};

const grey = [200, 200, 200];

/** How many pixels differ from the plain grey original, overall and in the centre (where the stamp runs). */
async function changedPixels(bytes: Buffer): Promise<{ all: number; centre: number; corner: number }> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let all = 0;
  let centre = 0;
  let corner = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const at = (y * info.width + x) * 3;
      const changed = [0, 1, 2].some((c) => Math.abs(data[at + c] - grey[c]) > 8);
      if (!changed) continue;
      all++;
      if (Math.abs(x - info.width / 2) < info.width / 8 && Math.abs(y - info.height / 2) < info.height / 8)
        centre++;
      if (x < info.width / 10 && y < info.height / 10) corner++;
    }
  }
  return { all, centre, corner };
}

describe('image stamp', () => {
  it('keeps a PNG a PNG of the same size, with the stamp drawn into its pixels', async () => {
    const copy = await stampImage(solidPng(800, 600), 'png', facts);
    const bytes = Buffer.concat(copy.parts);
    expect(copy.size).toBe(bytes.length);
    expect(copy.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 800, 600]);
    const changed = await changedPixels(bytes);
    expect(changed.centre).toBeGreaterThan(500);
    // Semi-transparent red over the diagonal, not over the whole image.
    expect(changed.all).toBeLessThan(800 * 600 * 0.5);
    expect(changed.corner).toBe(0);
  });

  it('keeps a JPEG a JPEG, stamped', async () => {
    const jpeg = await sharp(solidPng(640, 480)).jpeg().toBuffer();
    const copy = await stampImage(jpeg, 'jpeg', facts);
    const bytes = Buffer.concat(copy.parts);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
    expect((await changedPixels(bytes)).centre).toBeGreaterThan(500);
  });

  it('draws Chinese text as glyphs: the stamp differs from the same stamp without it', async () => {
    const png = solidPng(600, 600);
    const chinese = await stampImage(png, 'png', { ...facts, email: '', documentNumber: '' });
    const latin = await stampImage(png, 'png', {
      ...facts,
      organisation: 'ZZZZZ',
      email: '',
      documentNumber: '',
    });
    expect(chinese.sha256).not.toBe(latin.sha256);
    expect((await changedPixels(Buffer.concat(chinese.parts))).centre).toBeGreaterThan(100);
  });

  it('follows the EXIF orientation, so the stamp is upright as the image is shown', async () => {
    const rotated = await sharp(solidPng(300, 200)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const copy = await stampImage(rotated, 'jpeg', facts);
    const meta = await sharp(Buffer.concat(copy.parts)).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([200, 300, 1]);
  });

  it('refuses a file that is not the image it claims to be, or one too large; scales it for a preview', async () => {
    await expect(stampImage(Buffer.from('not an image'), 'png', facts)).rejects.toThrow(StampUnsupported);
    const jpeg = await sharp(solidPng(10, 10)).jpeg().toBuffer();
    await expect(stampImage(jpeg, 'png', facts)).rejects.toThrow('not a PNG');
    // A 10,000 × 6,000 header over one grey row: declared dimensions are checked before decoding.
    const huge = await sharp({
      create: { width: 10_000, height: 6_000, channels: 3, background: { r: 200, g: 200, b: 200 } },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(10_000 * 6_000).toBeGreaterThan(IMAGE_MAX_PIXELS);
    await expect(stampImage(huge, 'png', facts)).rejects.toThrow(/megapixels are not stamped/);
    const fitted = await stampImage(huge, 'png', facts, { fit: true });
    const meta = await sharp(Buffer.concat(fitted.parts)).metadata();
    expect(meta.width! * meta.height!).toBeLessThanOrEqual(IMAGE_MAX_PIXELS);
    expect(meta.width! / meta.height!).toBeCloseTo(10_000 / 6_000, 2);
  }, 60_000);
});
