const MiB = 1024 * 1024;
/** The API's multipart plan (apps/api/src/storage/multipart-plan.ts): 8 MiB parts, at most 10 000. */
const MIN_PART_SIZE = 8 * MiB;
const MAX_PARTS = 10_000;

/**
 * Parts the portal sends at once. `npm run bench upload` sends as many, through Portico and in the
 * direct upload it is compared with (bench/upload.bench.ts), so the figures describe this setting.
 */
export const PARALLEL_PARTS = 4;

/** The part size the API would choose for a file of `size` bytes; sent with the part checksums. */
export function partSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}
