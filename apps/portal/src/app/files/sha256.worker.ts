/// <reference lib="webworker" />
import { sha256OfBlob } from './sha256';

// Hashing a drawing of hundreds of megabytes takes seconds; off the main thread the page stays responsive.
addEventListener('message', (event: MessageEvent<Blob>) => {
  sha256OfBlob(event.data, (done) => postMessage({ type: 'progress', done }))
    .then((hex) => postMessage({ type: 'done', sha256: hex }))
    .catch((error: unknown) => postMessage({ type: 'error', message: String(error) }));
});
