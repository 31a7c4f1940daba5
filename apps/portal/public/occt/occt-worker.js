/* global self, importScripts, occtimportjs */
/**
 * Reads a STEP or IGES model with OpenCASCADE (occt-import-js, WebAssembly) and tessellates it, off the
 * page's thread. A classic worker served from /occt/, so that the API can give this path, and only it,
 * the CSP OpenCASCADE needs: its bindings generate JavaScript at run time and it compiles WebAssembly
 * (docs/security.md). The page itself keeps a script-src without either.
 */
importScripts('occt-import-js.js');

const post = (message, transfer = []) => self.postMessage(message, transfer);

async function download(url) {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`download answered ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    post({ type: 'progress', phase: 'download', fraction: total ? received / total : null });
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function read({ url, format }) {
  const [bytes, occt] = await Promise.all([download(url), occtimportjs({ locateFile: (file) => file })]);
  post({ type: 'progress', phase: 'tessellate', fraction: null });
  const result = occt.ReadFile(format === 'iges' ? 'iges' : 'step', bytes, null);
  if (!result.success || !result.meshes.length) throw new Error('OpenCASCADE could not read the model');
  const parts = result.meshes.map((mesh, i) => ({
    name: (mesh.name || '').trim() || `${i + 1}`,
    positions: Float32Array.from(mesh.attributes.position.array),
    normals: mesh.attributes.normal ? Float32Array.from(mesh.attributes.normal.array) : null,
    index: mesh.index ? Uint32Array.from(mesh.index.array) : null,
    colour: mesh.color || null,
  }));
  const transfer = parts
    .flatMap((p) => [p.positions.buffer, p.normals?.buffer, p.index?.buffer])
    .filter(Boolean);
  post({ type: 'done', parts, root: result.root }, transfer);
}

self.onmessage = (event) => {
  read(event.data).catch((error) => post({ type: 'error', message: error?.message || String(error) }));
};
