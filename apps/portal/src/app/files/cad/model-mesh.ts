import { Bounds, MeshData, ModelPart, PIECE_TRIANGLES, PreparedPart, PROXY_TRIANGLES } from './model-data';

/**
 * Mesh work done in the model worker (model.worker.ts) so the page's thread never loops over a model's
 * vertices: bounds, missing normals, pieces small enough to upload and draw in one frame, and the
 * decimated proxy drawn while the user turns a large model.
 */

export function boundsOf(positions: Float32Array): Bounds {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a += 1) {
      const v = positions[i + a];
      if (v < min[a]) min[a] = v;
      if (v > max[a]) max[a] = v;
    }
  }
  return { min, max };
}

export function union(boxes: Bounds[]): Bounds {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const box of boxes) {
    for (let a = 0; a < 3; a += 1) {
      min[a] = Math.min(min[a], box.min[a]);
      max[a] = Math.max(max[a], box.max[a]);
    }
  }
  return { min, max };
}

export function triangleCount(mesh: { positions: Float32Array; index: Uint32Array | null }): number {
  return (mesh.index ? mesh.index.length : mesh.positions.length / 3) / 3;
}

/** Writes the cross product of triangle (a, b, c)'s edges (vertex numbers) into `out` at `at`: its area-weighted normal. */
function faceCross(
  p: Float32Array,
  a: number,
  b: number,
  c: number,
  out: Float32Array | Float64Array,
  at: number,
): void {
  const ux = p[b * 3] - p[a * 3];
  const uy = p[b * 3 + 1] - p[a * 3 + 1];
  const uz = p[b * 3 + 2] - p[a * 3 + 2];
  const vx = p[c * 3] - p[a * 3];
  const vy = p[c * 3 + 1] - p[a * 3 + 1];
  const vz = p[c * 3 + 2] - p[a * 3 + 2];
  out[at] = uy * vz - uz * vy;
  out[at + 1] = uz * vx - ux * vz;
  out[at + 2] = ux * vy - uy * vx;
}

/** Writes the unit normal of triangle (a, b, c) (vertex numbers) into `out` at `at`. */
function faceNormal(p: Float32Array, a: number, b: number, c: number, out: Float32Array, at: number): void {
  faceCross(p, a, b, c, out, at);
  normalize(out, at);
}

/** Scales the vector in `v` at `at` to unit length (a zero vector stays zero). */
function normalize(v: Float32Array, at: number): void {
  const length = Math.hypot(v[at], v[at + 1], v[at + 2]) || 1;
  v[at] /= length;
  v[at + 1] /= length;
  v[at + 2] /= length;
}

/**
 * Normals for a mesh: an unindexed one (STL) keeps the facet normals it has and gets the geometric one
 * where the file left it zero (many exporters do); an indexed one without normals gets smooth vertex
 * normals (the sum of its faces' normals, weighted by area).
 */
export function withNormals(mesh: {
  positions: Float32Array;
  normals: Float32Array | null;
  index: Uint32Array | null;
}): Float32Array {
  const { positions, index } = mesh;
  if (mesh.normals && mesh.normals.length === positions.length && index) return mesh.normals;
  const normals =
    mesh.normals && mesh.normals.length === positions.length
      ? mesh.normals
      : new Float32Array(positions.length);
  if (!index) {
    for (let v = 0; v < positions.length / 3; v += 3) {
      const at = v * 3;
      if (normals[at] === 0 && normals[at + 1] === 0 && normals[at + 2] === 0) {
        faceNormal(positions, v, v + 1, v + 2, normals, at);
        normals.copyWithin(at + 3, at, at + 3);
        normals.copyWithin(at + 6, at, at + 3);
      }
    }
    return normals;
  }
  // One scratch vector for every face: no garbage per triangle in a loop over millions of them.
  const face = new Float64Array(3);
  for (let i = 0; i < index.length; i += 3) {
    faceCross(positions, index[i], index[i + 1], index[i + 2], face, 0);
    for (let corner = 0; corner < 3; corner += 1) {
      const at = index[i + corner] * 3;
      normals[at] += face[0];
      normals[at + 1] += face[1];
      normals[at + 2] += face[2];
    }
  }
  for (let at = 0; at < normals.length; at += 3) normalize(normals, at);
  return normals;
}

/**
 * Splits a mesh into pieces of at most `max` triangles. An unindexed mesh is cut into views of its arrays
 * (no copy); an indexed one gets, per piece, the vertices its triangles use, renumbered.
 */
export function split(mesh: MeshData, max = PIECE_TRIANGLES): MeshData[] {
  if (triangleCount(mesh) <= max) return [mesh];
  const pieces: MeshData[] = [];
  const { positions, normals, index } = mesh;
  if (!index) {
    for (let start = 0; start < positions.length; start += max * 9) {
      const end = Math.min(start + max * 9, positions.length);
      pieces.push({
        positions: positions.subarray(start, end),
        normals: normals.subarray(start, end),
        index: null,
      });
    }
    return pieces;
  }
  const local = new Int32Array(positions.length / 3).fill(-1);
  for (let start = 0; start < index.length; start += max * 3) {
    const slice = index.subarray(start, Math.min(start + max * 3, index.length));
    const used: number[] = [];
    const pieceIndex = new Uint32Array(slice.length);
    for (let i = 0; i < slice.length; i += 1) {
      const vertex = slice[i];
      if (local[vertex] < 0) local[vertex] = used.push(vertex) - 1;
      pieceIndex[i] = local[vertex];
    }
    const piecePositions = new Float32Array(used.length * 3);
    const pieceNormals = new Float32Array(used.length * 3);
    for (const [i, vertex] of used.entries()) {
      piecePositions.set(positions.subarray(vertex * 3, vertex * 3 + 3), i * 3);
      pieceNormals.set(normals.subarray(vertex * 3, vertex * 3 + 3), i * 3);
      local[vertex] = -1;
    }
    pieces.push({ positions: piecePositions, normals: pieceNormals, index: pieceIndex });
  }
  return pieces;
}

/** Open-addressing map from non-negative integer keys to 0, 1, 2… in order of first sight. */
class Numbering {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let length = 1024;
    while (length < capacity * 2) length *= 2;
    this.keys = new Int32Array(length).fill(-1);
    this.values = new Int32Array(length);
    this.mask = length - 1;
  }

  /** The number of `key`, given a new one if it has none. */
  of(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) & this.mask;
    for (;;) {
      if (this.keys[slot] === key) return this.values[slot];
      if (this.keys[slot] === -1) {
        this.keys[slot] = key;
        this.values[slot] = this.size;
        return this.size++;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * Vertex clustering: every vertex moves to the mean of the grid cell it falls in (`cells` cells along
 * the longest side of `bounds`), triangles with two corners in one cell vanish, and triangles that
 * became the same are kept once. Returns an unindexed mesh with flat normals.
 */
export function cluster(mesh: MeshData, bounds: Bounds, cells: number): MeshData {
  const { positions, index } = mesh;
  const vertexCount = positions.length / 3;
  const size = Math.max(...[0, 1, 2].map((a) => bounds.max[a] - bounds.min[a])) || 1;
  const scale = Math.min(cells, 1023) / size;
  const cellOf = new Uint32Array(vertexCount);
  const numbering = new Numbering(Math.min(vertexCount, (cells + 1) ** 3));
  for (let v = 0; v < vertexCount; v += 1) {
    const ix = Math.min(1023, Math.floor((positions[v * 3] - bounds.min[0]) * scale));
    const iy = Math.min(1023, Math.floor((positions[v * 3 + 1] - bounds.min[1]) * scale));
    const iz = Math.min(1023, Math.floor((positions[v * 3 + 2] - bounds.min[2]) * scale));
    cellOf[v] = numbering.of(ix | (iy << 10) | (iz << 20));
  }
  const sums = new Float64Array(numbering.size * 4);
  for (let v = 0; v < vertexCount; v += 1) {
    const at = cellOf[v] * 4;
    sums[at] += positions[v * 3];
    sums[at + 1] += positions[v * 3 + 1];
    sums[at + 2] += positions[v * 3 + 2];
    sums[at + 3] += 1;
  }
  const centres = new Float32Array(numbering.size * 3);
  for (let c = 0; c < numbering.size; c += 1)
    for (let k = 0; k < 3; k += 1) centres[c * 3 + k] = sums[c * 4 + k] / sums[c * 4 + 3];
  const triangles = triangleCount(mesh);
  const kept: number[] = [];
  // A triangle's key: its sorted cluster numbers, packed in one number while they fit in 17 bits each.
  const packed = numbering.size < 2 ** 17;
  const seen = new Set<number | string>();
  for (let t = 0; t < triangles; t += 1) {
    const a = cellOf[index ? index[t * 3] : t * 3];
    const b = cellOf[index ? index[t * 3 + 1] : t * 3 + 1];
    const c = cellOf[index ? index[t * 3 + 2] : t * 3 + 2];
    if (a === b || b === c || a === c) continue;
    const low = Math.min(a, b, c);
    const high = Math.max(a, b, c);
    const mid = a + b + c - low - high;
    const key = packed ? (low * 2 ** 17 + mid) * 2 ** 17 + high : `${low},${mid},${high}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(a, b, c);
  }
  const out = new Float32Array(kept.length * 3);
  for (const [i, c] of kept.entries()) out.set(centres.subarray(c * 3, c * 3 + 3), i * 3);
  const normals = new Float32Array(out.length);
  for (let v = 0; v < kept.length; v += 3) faceNormal(out, v, v + 1, v + 2, normals, v * 3);
  for (let at = 0; at < normals.length; at += 9) {
    normals.copyWithin(at + 3, at, at + 3);
    normals.copyWithin(at + 6, at, at + 3);
  }
  return { positions: out, normals, index: null };
}

/**
 * A part ready for the scene: normals, bounds, pieces, and a proxy of at most `budget` triangles when it
 * has more (null: the part is drawn whole while the user turns it).
 */
export function prepare(part: ModelPart, budget: number): PreparedPart {
  const mesh: MeshData = { positions: part.positions, normals: withNormals(part), index: part.index };
  const bounds = boundsOf(part.positions);
  let proxy: MeshData | null = null;
  if (triangleCount(mesh) > budget) {
    // A surface's triangle count grows with the square of the grid: start from a square grid of the
    // budget and shrink it until the proxy fits.
    let cells = Math.max(4, Math.floor(Math.sqrt(budget / 2.5)));
    for (let attempt = 0; attempt < 6; attempt += 1) {
      proxy = cluster(mesh, bounds, cells);
      const count = triangleCount(proxy);
      if (count <= budget) break;
      cells = Math.max(2, Math.floor(cells * Math.sqrt(budget / count) * 0.9));
    }
  }
  return { name: part.name, colour: part.colour, bounds, pieces: split(mesh), proxy };
}

/**
 * Prepares every part, sharing PROXY_TRIANGLES among the parts by size when the model has more
 * triangles than that (a smaller model is its own proxy).
 */
export function prepareAll(parts: ModelPart[]): { parts: PreparedPart[]; bounds: Bounds } {
  const total = parts.reduce((sum, p) => sum + triangleCount(p), 0);
  const prepared = parts.map((part) =>
    prepare(
      part,
      total <= PROXY_TRIANGLES
        ? Infinity
        : Math.max(12, Math.floor((PROXY_TRIANGLES * triangleCount(part)) / total)),
    ),
  );
  return { parts: prepared, bounds: union(prepared.map((p) => p.bounds)) };
}

/** Every buffer of prepared parts, once each, to transfer rather than copy. */
export function buffersOf(parts: PreparedPart[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const part of parts)
    for (const mesh of [...part.pieces, ...(part.proxy ? [part.proxy] : [])])
      for (const array of [mesh.positions, mesh.normals, mesh.index])
        if (array?.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  return [...buffers];
}
