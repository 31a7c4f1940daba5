import type { components } from '../core/api/openapi';

/** A workspace's download policy (GET /api/v1/workspaces/:id/download-policy); it binds supplier users only. */
export type DownloadPolicy = components['schemas']['DownloadPolicyDto'];
export type FileCategory = keyof DownloadPolicy;
export type DownloadMode = DownloadPolicy[FileCategory];

export const DOWNLOAD_MODES: readonly DownloadMode[] = ['original', 'watermarked', 'view_only'];

/**
 * The category the API files a document under: defect report attachments carry `ATT-…` numbers. (A file a
 * defect report lists under another number is an attachment too; the API decides, this is for the notice.)
 */
export function categoryOf(documentNumber: string): FileCategory {
  return documentNumber.toUpperCase().startsWith('ATT-') ? 'attachments' : 'drawings';
}

/** What a supplier gets for a file of `category`: internal users always get originals. */
export function modeFor(
  policy: DownloadPolicy | null,
  category: FileCategory,
  orgKind: 'internal' | 'supplier' | undefined,
): DownloadMode {
  if (!policy || orgKind !== 'supplier') return 'original';
  return policy[category];
}

/** Formats the API can watermark (PDF, PNG and JPEG; the stamped copy keeps the format). */
export function stampable(fileName: string): boolean {
  return /\.(pdf|png|jpe?g)$/i.test(fileName);
}
