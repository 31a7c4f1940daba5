export { DownloadPolicyModule } from './download-policy.module';
export { DownloadPolicyError, DownloadPolicyService } from './download-policy.service';
export type { ServedCopy, TransmittalDocument, TransmittalLookup } from './download-policy.service';
export { DOWNLOAD_MODES, FILE_CATEGORIES } from './download-policy.entity';
export type { DownloadMode, FileCategory } from './download-policy.entity';
export { stampedContentType, WATERMARK_MAX_BYTES } from './download-policy.service';
export { stampLabel } from './stamp-text';
export { DEFECT_ATTACHMENTS, type DefectAttachments } from './defect-attachments';
