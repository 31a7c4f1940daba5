import { Readable } from 'node:stream';
import { AuthUser } from '@portico/auth';
import type { JiraAttachmentContent } from '@portico/connectors/jira/jira-client.port';
import {
  DownloadPolicyService,
  stampedContentType,
  stampLabel,
  WATERMARK_MAX_BYTES,
} from '../download-policy';
import { SharedAttachment } from './projection/snapshot';

/**
 * A Jira attachment under the `watermarked` policy: read from Jira (bounded), stamped for the user and
 * delivered in its own format (PDF, PNG or JPEG). Nothing is cached: the bytes have no revision identity in Portico.
 */
export async function watermarkedAttachment(
  policy: DownloadPolicyService,
  user: AuthUser,
  attachment: SharedAttachment,
  content: JiraAttachmentContent,
  from: { version: number; transmittal: string | null },
): Promise<{ attachment: SharedAttachment; content: JiraAttachmentContent; stamp: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > WATERMARK_MAX_BYTES) {
      content.stream.destroy();
      policy.assertDeliverable(attachment.filename, 'watermarked', 'attachments', size);
    }
    chunks.push(chunk);
  }
  const stamped = await policy.stampBytes(
    user,
    Buffer.concat(chunks),
    attachment.filename,
    { documentNumber: attachment.filename, revisionLabel: `v${from.version}`, transmittal: from.transmittal },
    'watermarked',
    'attachments',
  );
  const contentType = stampedContentType(attachment.filename);
  return {
    attachment: { ...attachment, mimeType: contentType },
    content: { stream: Readable.from(stamped.parts), contentType, size: stamped.size },
    stamp: {
      policy: 'watermarked',
      category: 'attachments',
      stampLabel: stampLabel({ revisionLabel: `v${from.version}`, transmittal: from.transmittal }),
      watermarkedSha256: stamped.sha256,
      watermarkedSize: stamped.size,
      stampedAt: stamped.stampedAt.toISOString(),
    },
  };
}
