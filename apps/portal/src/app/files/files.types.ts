import type { components } from '../core/api/openapi';

/** Files and revisions as the files API returns them (apps/api/src/files/dto), from the generated OpenAPI types. */
type Schemas = components['schemas'];
export type Revision = Schemas['RevisionDto'];
export type RevisionState = Revision['state'];
export type ReviewState = Revision['reviewState'];
export type PortalFile = Schemas['FileDto'];
export type FileDetail = Schemas['FileDetailDto'];
export type PartUrl = Schemas['PartUrlDto'];
export type UploadPlan = Schemas['UploadDto'];
export type StartedRevision = Schemas['StartedRevisionDto'];
export type NewFile = Schemas['CreateFileDto'];
export type NewRevision = Schemas['StartRevisionDto'];
export type CompletedPart = Schemas['UploadedPartDto'];
