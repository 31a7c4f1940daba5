import type { components } from '../core/api/openapi';

/** Files and revisions as the files API returns them (apps/api/src/files/dto), from the generated OpenAPI types. */
type Schemas = components['schemas'];
export type Revision = Schemas['RevisionView'];
export type RevisionState = Revision['state'];
export type ReviewState = Revision['reviewState'];
export type PortalFile = Schemas['FileView'];
export type FileDetail = Schemas['FileDetailView'];
export type PartUrl = Schemas['PartUrlView'];
export type UploadPlan = Schemas['UploadView'];
export type StartedRevision = Schemas['StartedRevisionView'];
export type NewFile = Schemas['CreateFileDto'];
export type NewRevision = Schemas['StartRevisionDto'];
export type CompletedPart = Schemas['UploadedPartDto'];
