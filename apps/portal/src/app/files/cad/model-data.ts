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

/** A row of the part tree: an assembly or a part, with the meshes it switches on and off. */
export interface PartRow {
  label: string;
  depth: number;
  meshes: number[];
}

export type ModelMessage =
  | { type: 'progress'; phase: 'download' | 'tessellate'; fraction: number | null }
  | { type: 'done'; parts: ModelPart[]; rows?: PartRow[]; root?: OcctNode }
  | { type: 'error'; message: string };

export interface ModelRequest {
  url: string;
  format: 'step' | 'iges' | 'stl';
  fileName: string;
}

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
