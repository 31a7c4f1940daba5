/** Which viewer shows a revision, by its file name's extension (the API stores the type it checked). */
export type ViewerKind = 'pdf' | 'image' | 'dxf' | 'model';

/** The 3D formats the model viewer reads: STEP and IGES through OpenCASCADE, STL through three.js. */
export type ModelFormat = 'step' | 'iges' | 'stl';

const KINDS: Readonly<Record<string, ViewerKind>> = {
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  dxf: 'dxf',
  step: 'model',
  stp: 'model',
  igs: 'model',
  iges: 'model',
  stl: 'model',
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function viewerKind(fileName: string): ViewerKind | null {
  return KINDS[extensionOf(fileName)] ?? null;
}

export function modelFormat(fileName: string): ModelFormat | null {
  const ext = extensionOf(fileName);
  if (ext === 'step' || ext === 'stp') return 'step';
  if (ext === 'igs' || ext === 'iges') return 'iges';
  if (ext === 'stl') return 'stl';
  return null;
}
