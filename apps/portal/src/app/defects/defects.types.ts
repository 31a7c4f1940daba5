import type { components } from '../core/api/openapi';

/** Defects and comments as the feedback API returns them (apps/api/src/feedback/dto), from the generated OpenAPI types. */
type Schemas = components['schemas'];
export type Person = Schemas['PersonDto'];
export type DefectSummary = Schemas['DefectSummaryDto'];
export type Defect = Schemas['DefectDto'];
export type Severity = Defect['severity'];
export const SEVERITIES: Severity[] = ['critical', 'major', 'minor'];
export type NewDefect = Schemas['CreateDefectDto'];
/** An attachment of a defect as the API shows it; downloaded through the files routes. */
export type DefectAttachmentInfo = Schemas['DefectAttachmentDto'];
export type Comment = Schemas['CommentDto'];
