import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';

const CHUNK = 4 * 1024 * 1024;

export interface UploadDigests {
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  /** Base64 SHA-256 of each part of `partSize` bytes, as `x-amz-checksum-sha256` wants it. */
  partChecksums: string[];
}

/** Streams the blob through SHA-256 in chunks, so memory stays flat whatever the file size. */
export async function sha256OfBlob(blob: Blob, progress?: (bytesDone: number) => void): Promise<string> {
  return (await digestsOfBlob(blob, Math.max(blob.size, 1), progress)).sha256;
}

/**
 * One read of the blob for the whole-file SHA-256 and every part's: the storage refuses a part whose
 * bytes do not match its checksum, so a part corrupted on its way is sent again, not the whole file.
 */
export async function digestsOfBlob(
  blob: Blob,
  partSize: number,
  progress?: (bytesDone: number) => void,
): Promise<UploadDigests> {
  const whole = sha256.create();
  const partChecksums: string[] = [];
  let part = sha256.create();
  for (let offset = 0; offset < blob.size;) {
    // A chunk never crosses a part boundary.
    const partEnd = (Math.floor(offset / partSize) + 1) * partSize;
    const end = Math.min(offset + CHUNK, partEnd, blob.size);
    const bytes = new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    whole.update(bytes);
    part.update(bytes);
    if (end === partEnd || end === blob.size) {
      partChecksums.push(base64(part.digest()));
      part = sha256.create();
    }
    offset = end;
    progress?.(end);
  }
  if (blob.size === 0) partChecksums.push(base64(part.digest()));
  return { sha256: bytesToHex(whole.digest()), partChecksums };
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** Hashes in a web worker when the browser has them (it always does; tests run without). */
export function digestsInWorker(
  blob: Blob,
  partSize: number,
  progress?: (bytesDone: number) => void,
): Promise<UploadDigests> {
  if (typeof Worker === 'undefined') return digestsOfBlob(blob, partSize, progress);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sha256.worker', import.meta.url), { type: 'module' });
    worker.onmessage = ({
      data,
    }: MessageEvent<{ type: string; done?: number; digests?: UploadDigests; message?: string }>) => {
      if (data.type === 'progress') progress?.(data.done ?? 0);
      else {
        worker.terminate();
        if (data.type === 'done' && data.digests) resolve(data.digests);
        else reject(new Error(data.message ?? 'hashing failed'));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ blob, partSize });
  });
}
