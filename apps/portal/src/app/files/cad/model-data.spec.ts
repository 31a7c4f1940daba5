import { partRows } from './model-data';
import { modelFormat, viewerKind } from './viewer-kind';

describe('partRows', () => {
  it('lists named assemblies and parts with their depth and every mesh below them', () => {
    const root = {
      name: '',
      meshes: [],
      children: [
        {
          name: 'bracket-assembly',
          meshes: [],
          children: [
            { name: 'bolt', meshes: [0], children: [] },
            { name: 'plate', meshes: [1], children: [] },
          ],
        },
        { name: 'nut', meshes: [2], children: [] },
      ],
    };
    expect(partRows(root, [], 'as1.stp')).toEqual([
      { label: 'as1.stp', depth: 0, meshes: [0, 1, 2] },
      { label: 'bracket-assembly', depth: 1, meshes: [0, 1] },
      { label: 'bolt', depth: 2, meshes: [0] },
      { label: 'plate', depth: 2, meshes: [1] },
      { label: 'nut', depth: 1, meshes: [2] },
    ]);
  });

  it('keeps the children of unnamed sub-assemblies at their parent depth and names loose meshes', () => {
    const root = {
      name: 'cube',
      meshes: [0, 1],
      children: [{ name: ' ', meshes: [], children: [{ name: 'lid', meshes: [2], children: [] }] }],
    };
    expect(partRows(root, ['body', undefined, 'lid'], 'cube.igs')).toEqual([
      { label: 'cube', depth: 0, meshes: [0, 1, 2] },
      { label: 'body', depth: 1, meshes: [0] },
      { label: '2', depth: 1, meshes: [1] },
      { label: 'lid', depth: 1, meshes: [2] },
    ]);
  });
});

describe('viewerKind', () => {
  it('picks the viewer by extension, case-insensitively, and none for formats without one', () => {
    expect(['a.PDF', 'b.jpeg', 'c.dxf', 'd.STP', 'e.iges', 'f.stl', 'g.dwg', 'h'].map(viewerKind)).toEqual([
      'pdf',
      'image',
      'dxf',
      'model',
      'model',
      'model',
      null,
      null,
    ]);
    expect(['x.step', 'x.igs', 'x.STL', 'x.dxf'].map(modelFormat)).toEqual(['step', 'iges', 'stl', null]);
  });
});
