'use strict';
/**
 * How the API process is run in production: `npm start` (scripts/start.js) and the upload bench
 * (bench/upload.bench.ts) both use these, so the bench measures what is deployed.
 */

/**
 * TypeScript positions in stack traces, reading a source map only when a stack is printed:
 * Node's --enable-source-maps parses every loaded module's map up front (~20 MB, mostly typeorm's).
 */
const API_NODE_ARGS = ['-r', 'source-map-support/register'];

/**
 * glibc hands blocks of 64 KiB and more straight back to the system when they are freed. By default
 * it raises that threshold each time a large block is freed and then keeps such blocks in its heap:
 * after one verified upload (64 KiB socket read buffers) the API stayed ~20–25 MB larger for good.
 * A value set in the environment wins.
 */
const API_ENV = { MALLOC_MMAP_THRESHOLD_: '65536' };

module.exports = { API_NODE_ARGS, API_ENV };
