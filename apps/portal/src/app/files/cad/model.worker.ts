/// <reference lib="webworker" />
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { ModelMessage, ModelPart, ModelRequest, partRows } from './model-data';
import { buffersOf, prepareAll } from './model-mesh';

// Downloading and reading an STL of tens of megabytes takes seconds: here, the page keeps answering and
// shows progress. STEP and IGES are read by OpenCASCADE's worker (public/occt/occt-worker.js), whose meshes
// come here too: normals, bounds, pieces and the proxy for every model are computed off the page's thread.
const post = (message: ModelMessage, transfer: Transferable[] = []): void => postMessage(message, transfer);

addEventListener('message', (event: MessageEvent<ModelRequest>) => {
  load(event.data).catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});

async function load(request: ModelRequest): Promise<void> {
  let parts: ModelPart[];
  let rows;
  if ('parts' in request) {
    parts = request.parts;
    rows = partRows(
      request.root,
      parts.map((p) => p.name),
      request.fileName,
    );
  } else {
    const bytes = await download(request.url);
    post({ type: 'progress', phase: 'tessellate', fraction: null });
    parts = [readStl(bytes, request.fileName)];
    rows = [{ label: request.fileName, depth: 0, meshes: [0] }];
  }
  const prepared = prepareAll(parts);
  post({ type: 'done', parts: prepared.parts, bounds: prepared.bounds, rows }, buffersOf(prepared.parts));
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`download answered ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks: Uint8Array[] = [];
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

function readStl(bytes: Uint8Array, fileName: string): ModelPart {
  const geometry = new STLLoader().parse(bytes.buffer as ArrayBuffer);
  const positions = geometry.getAttribute('position').array as Float32Array;
  if (!positions.length) throw new Error('the STL holds no triangle');
  const normals = (geometry.getAttribute('normal')?.array as Float32Array | undefined) ?? null;
  return { name: fileName, positions, normals, index: null, colour: null };
}
