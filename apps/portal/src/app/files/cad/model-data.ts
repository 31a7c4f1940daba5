/** OpenCASCADE's assembly tree as occt-import-js returns it: names and the meshes of each node. */
export interface OcctNode {
  name?: string;
  meshes: number[];
  children: OcctNode[];
}

/** One mesh of a model as the worker hands it over (arrays transferred, not copied). */
export interface ModelPart {
  name: string;
  positions: Float32Array;
  normals: Float32Array | null;
  index: Uint32Array | null;
  /** RGB 0…1, when the file gives one. */
  colour: [number, number, number] | null;
}

/**
 * Triangles in a piece, the least a frame uploads and draws of the full model: about 50 ms of software
 * WebGL on a loaded machine, for which the page waits (docs/performance.md).
 */
export const PIECE_TRIANGLES = 16_384;

/** Triangles drawn while the user turns, zooms or cuts a larger model: its decimated proxy. */
export const PROXY_TRIANGLES = 100_000;

/** An axis-aligned box: [x, y, z] corners. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Triangles as three.js takes them: positions and normals per vertex, an index or three vertices each. */
export interface MeshData {
  positions: Float32Array;
  normals: Float32Array;
  index: Uint32Array | null;
}

/** A part as the model worker hands it to the scene: normals, bounds and pieces computed there. */
export interface PreparedPart {
  name: string;
  colour: [number, number, number] | null;
  bounds: Bounds;
  /** At most PIECE_TRIANGLES each. */
  pieces: MeshData[];
  /** Drawn instead of the pieces while the model moves; null when the part is light enough as it is. */
  proxy: MeshData | null;
}

/** A row of the part tree: an assembly or a part, with the meshes it switches on and off. */
export interface PartRow {
  label: string;
  depth: number;
  meshes: number[];
}

/** What OpenCASCADE's worker (public/occt/occt-worker.js) answers. */
export type OcctMessage =
  | { type: 'progress'; phase: 'download' | 'tessellate'; fraction: number | null }
  | { type: 'done'; parts: ModelPart[]; root: OcctNode }
  | { type: 'error'; message: string };

/** What the model worker (model.worker.ts) answers. */
export type ModelMessage =
  | { type: 'progress'; phase: 'download' | 'tessellate'; fraction: number | null }
  | { type: 'done'; parts: PreparedPart[]; bounds: Bounds; rows: PartRow[] }
  | { type: 'error'; message: string };

/** To the model worker: an STL to download and read, or OpenCASCADE's meshes to prepare. */
export type ModelRequest =
  | { url: string; format: 'step' | 'iges' | 'stl'; fileName: string }
  | { parts: ModelPart[]; root: OcctNode; fileName: string };

/**
 * Flattens OpenCASCADE's assembly tree into rows for the part tree. A node with a single mesh and no
 * children becomes one row named after the node (or its mesh); unnamed assemblies are skipped and their
 * children kept at the same depth, so the tree shows only what the file names.
 */
export function partRows(root: OcctNode, meshNames: (string | undefined)[], fallback: string): PartRow[] {
  const rows: PartRow[] = [];
  const all = (node: OcctNode): number[] => [...node.meshes, ...node.children.flatMap(all)];
  const walk = (node: OcctNode, depth: number): void => {
    const meshes = all(node);
    if (!meshes.length) return;
    const named = !!node.name?.trim();
    if (named || node === root) {
      rows.push({ label: node.name?.trim() || fallback, depth, meshes });
    }
    const next = named || node === root ? depth + 1 : depth;
    // Meshes held by the node itself (beside sub-assemblies) each get a row when there is more than one.
    if (node.meshes.length > 1 || (node.meshes.length === 1 && node.children.length)) {
      for (const [i, mesh] of node.meshes.entries())
        rows.push({ label: meshNames[mesh]?.trim() || `${i + 1}`, depth: next, meshes: [mesh] });
    }
    for (const child of node.children) walk(child, next);
  };
  walk(root, 0);
  return rows;
}
