/// <reference lib="webworker" />
import { digestsOfBlob } from './sha256';

// Hashing a drawing of hundreds of megabytes takes seconds; off the main thread the page stays responsive.
addEventListener('message', (event: MessageEvent<{ blob: Blob; partSize: number }>) => {
  digestsOfBlob(event.data.blob, event.data.partSize, (done) => postMessage({ type: 'progress', done }))
    .then((digests) => postMessage({ type: 'done', digests }))
    .catch((error: unknown) => postMessage({ type: 'error', message: String(error) }));
});
