import { AuthUser } from '@portico/auth';
import { NotificationEvent } from '../notification-events';
import { LoadedRevision } from './file-access';

/** The notifications module's event for a revision, named as the supplier sees it ("D-102 rev C"). */
export function revisionEvent(
  event: 'file.revision_available' | 'file.revision_reviewed',
  revision: LoadedRevision,
  label: string | null,
  actor: AuthUser | null,
): NotificationEvent {
  const name = revision.file.documentNumber || revision.file.title;
  return {
    event,
    workspaceId: revision.file.workspaceId,
    actorId: actor?.id ?? revision.uploadedBy,
    subject: { type: 'file_revision', id: revision.id },
    title: label ? `${name} rev ${label}` : name,
    path: `/files/${revision.fileId}`,
  };
}
