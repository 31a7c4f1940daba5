import { viewerKind } from '../cad/viewer-kind';
import { Revision } from '../files.types';

/** Revisions the visual compare can render (PDF, images, DXF), newest first. */
export function comparable(revisions: Revision[]): Revision[] {
  return revisions
    .filter((r) => r.state === 'available' || r.state === 'superseded')
    .filter((r) => !r.activeContent)
    .filter((r) => ['pdf', 'image', 'dxf'].includes(viewerKind(r.fileName) ?? ''))
    .sort((x, y) => y.seq - x.seq);
}

/** How a revision is named to people: its label, else its number. */
export function revisionName(revision: Revision): string {
  return revision.label ?? `#${revision.seq}`;
}
