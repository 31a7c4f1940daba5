/** S3 caps a multipart upload at 10 000 parts. */
export const MAX_PARTS = 10_000;
/** S3's largest part. */
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/** Parts of at least 8 MiB: comfortably above S3's 5 MiB floor, few URLs for large drawings. */
export const MIN_PART_SIZE = 8 * 1024 * 1024;

/** How a file of `size` bytes is cut into parts: all `partSize` bytes except a shorter last one. */
export class MultipartPlan {
  readonly partSize: number;
  readonly partCount: number;

  constructor(
    readonly size: number,
    minPartSize = MIN_PART_SIZE,
  ) {
    if (!Number.isSafeInteger(size) || size < 1)
      throw new RangeError(`size must be a positive integer, got ${size}`);
    // Grow the part size in whole MiB only when 10 000 minimum-sized parts would not hold the file.
    const mib = 1024 * 1024;
    this.partSize = Math.max(minPartSize, Math.ceil(size / MAX_PARTS / mib) * mib);
    this.partCount = Math.ceil(size / this.partSize);
  }

  partNumbers(): number[] {
    return Array.from({ length: this.partCount }, (_, i) => i + 1);
  }

  hasPart(partNumber: number): boolean {
    return Number.isInteger(partNumber) && partNumber >= 1 && partNumber <= this.partCount;
  }

  sizeOfPart(partNumber: number): number {
    if (!this.hasPart(partNumber)) throw new RangeError(`part ${partNumber} is outside 1..${this.partCount}`);
    return partNumber < this.partCount ? this.partSize : this.size - this.partSize * (this.partCount - 1);
  }
}
