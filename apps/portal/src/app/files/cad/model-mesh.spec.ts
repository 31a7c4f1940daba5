import { ModelPart, PIECE_TRIANGLES } from './model-data';
import { boundsOf, buffersOf, cluster, prepareAll, split, triangleCount, withNormals } from './model-mesh';

/** An unindexed grid of n × n squares (two triangles each) in the z = 0 plane, normals left zero. */
function grid(n: number): ModelPart {
  const positions = new Float32Array(n * n * 18);
  let at = 0;
  const corner = (x: number, y: number): void => {
    positions.set([x, y, 0], at);
    at += 3;
  };
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      corner(i, j);
      corner(i + 1, j);
      corner(i + 1, j + 1);
      corner(i, j);
      corner(i + 1, j + 1);
      corner(i, j + 1);
    }
  }
  return { name: 'grid', positions, normals: new Float32Array(positions.length), index: null, colour: null };
}

describe('model mesh preparation', () => {
  it('gives zero facet normals the geometric one and keeps the others', () => {
    const part = grid(1);
    part.normals![9] = 0.6;
    part.normals![10] = 0.8;
    const normals = withNormals(part);
    expect([...normals.subarray(0, 9)]).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect([...normals.subarray(9, 12)].map((v) => Math.round(v * 10) / 10)).toEqual([0.6, 0.8, 0]);
  });

  it('computes smooth normals for an indexed mesh without any', () => {
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const normals = withNormals({ positions, normals: null, index: new Uint32Array([0, 2, 1, 0, 1, 3]) });
    // Vertex 2 belongs only to the triangle in z = 0, wound towards -z.
    expect([...normals.subarray(6, 9)]).toEqual([0, 0, -1]);
  });

  it('splits an indexed mesh into renumbered pieces that draw the same triangles', () => {
    const positions = new Float32Array(30).map((_, i) => i);
    const index = new Uint32Array([0, 1, 2, 9, 8, 7, 2, 5, 9]);
    const pieces = split({ positions, normals: new Float32Array(30), index }, 2);
    expect(pieces.length).toBe(2);
    const corners = pieces.flatMap((p) => [...p.index!].map((v) => p.positions[v * 3] / 3));
    expect(corners).toEqual([...index]);
    expect(pieces[1].positions.length).toBe(9);
  });

  it('cuts an unindexed mesh into views of at most PIECE_TRIANGLES, transferring each buffer once', () => {
    const part = grid(Math.ceil(Math.sqrt(PIECE_TRIANGLES)));
    const { parts, bounds } = prepareAll([part]);
    expect(bounds).toEqual(boundsOf(part.positions));
    const pieces = parts[0].pieces;
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => triangleCount(p) <= PIECE_TRIANGLES)).toBe(true);
    expect(pieces.reduce((sum, p) => sum + triangleCount(p), 0)).toBe(triangleCount(part));
    expect(pieces.every((p) => p.positions.buffer === part.positions.buffer)).toBe(true);
    expect(buffersOf(parts).length).toBe(2);
    expect(parts[0].proxy).toBeNull();
  });

  it('decimates by vertex clustering: fewer triangles over the same extent, none degenerate or repeated', () => {
    const part = grid(40);
    const mesh = { positions: part.positions, normals: withNormals(part), index: null };
    const proxy = cluster(mesh, boundsOf(part.positions), 10);
    expect(triangleCount(proxy)).toBeGreaterThan(50);
    expect(triangleCount(proxy)).toBeLessThanOrEqual(2 * 11 * 11);
    const box = boundsOf(proxy.positions);
    expect(box.max[0] - box.min[0]).toBeGreaterThan(30);
    const seen = new Set<string>();
    for (let t = 0; t < proxy.positions.length; t += 9) {
      const corners = [0, 1, 2].map((k) => `${proxy.positions[t + k * 3]},${proxy.positions[t + k * 3 + 1]}`);
      expect(new Set(corners).size).toBe(3);
      const key = [...corners].sort().join(' ');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(proxy.normals.subarray(0, 3)[2]).toBe(1);
  });

  it('gives a model above the proxy budget proxies within it, shared among its parts by size', () => {
    const big = grid(240);
    const small = grid(20);
    const { parts } = prepareAll([big, small]);
    const proxies = parts.map((p) => (p.proxy ? triangleCount(p.proxy) : 0));
    expect(proxies[0]).toBeGreaterThan(10_000);
    expect(proxies[0] + proxies[1]).toBeLessThanOrEqual(100_000);
    expect(proxies[1]).toBeGreaterThan(0);
  });
});
