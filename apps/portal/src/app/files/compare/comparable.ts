import { viewerKind } from '../cad/viewer-kind';
import { Revision } from '../files.types';

/**
 * Revisions the visual compare can render (PDF, images, DXF), newest first. `originals` false: the
 * download policy serves stamped copies (PDF, PNG, JPEG) instead of originals, and none of a DXF.
 */
export function comparable(revisions: Revision[], originals = true): Revision[] {
  const kinds = originals ? ['pdf', 'image', 'dxf'] : ['pdf', 'image'];
  return revisions
    .filter((r) => r.state === 'available' || r.state === 'superseded')
    .filter((r) => !r.activeContent)
    .filter((r) => kinds.includes(viewerKind(r.fileName) ?? ''))
    .sort((x, y) => y.seq - x.seq);
}

/** How a revision is named to people: its label, else its number. */
export function revisionName(revision: Revision): string {
  return revision.label ?? `#${revision.seq}`;
}
