import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';

const CHUNK = 4 * 1024 * 1024;

/** Streams the blob through SHA-256 in chunks, so memory stays flat whatever the file size. */
export async function sha256OfBlob(blob: Blob, progress?: (bytesDone: number) => void): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < blob.size; offset += CHUNK) {
    const end = Math.min(offset + CHUNK, blob.size);
    hash.update(new Uint8Array(await blob.slice(offset, end).arrayBuffer()));
    progress?.(end);
  }
  return bytesToHex(hash.digest());
}

/** Hashes in a web worker when the browser has them (it always does; tests run without). */
export function sha256InWorker(blob: Blob, progress?: (bytesDone: number) => void): Promise<string> {
  if (typeof Worker === 'undefined') return sha256OfBlob(blob, progress);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sha256.worker', import.meta.url), { type: 'module' });
    worker.onmessage = ({
      data,
    }: MessageEvent<{ type: string; done?: number; sha256?: string; message?: string }>) => {
      if (data.type === 'progress') progress?.(data.done ?? 0);
      else {
        worker.terminate();
        if (data.type === 'done' && data.sha256) resolve(data.sha256);
        else reject(new Error(data.message ?? 'hashing failed'));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(blob);
  });
}
