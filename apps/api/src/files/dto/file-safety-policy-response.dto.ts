import { ApiProperty } from '@nestjs/swagger';
import {
  PDF_ACTIVE_CONTENT_POLICIES,
  PDF_EMBEDDED_FILE_POLICIES,
  PdfActiveContentPolicy,
  PdfEmbeddedFilePolicy,
} from '../content-checks/file-safety-policy.entity';

export class FileSafetyPolicyDto {
  @ApiProperty({
    enum: PDF_ACTIVE_CONTENT_POLICIES,
    description:
      'PDFs with JavaScript, Launch actions, RichMedia, XFA or uninspectable object streams: refused, or accepted and marked (never previewed inline, PM warned)',
  })
  pdfActiveContent: PdfActiveContentPolicy;

  @ApiProperty({
    enum: PDF_EMBEDDED_FILE_POLICIES,
    description: 'PDFs carrying embedded files: accepted with a warning on the revision, or refused',
  })
  pdfEmbeddedFiles: PdfEmbeddedFilePolicy;
}
