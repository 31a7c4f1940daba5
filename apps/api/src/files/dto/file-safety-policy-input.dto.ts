import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  PDF_ACTIVE_CONTENT_POLICIES,
  PDF_EMBEDDED_FILE_POLICIES,
  PdfActiveContentPolicy,
  PdfEmbeddedFilePolicy,
} from '../content-checks/file-safety-policy.entity';

export class UpdateFileSafetyPolicyDto {
  @ApiPropertyOptional({ enum: PDF_ACTIVE_CONTENT_POLICIES })
  @IsOptional()
  @IsIn(PDF_ACTIVE_CONTENT_POLICIES)
  pdfActiveContent?: PdfActiveContentPolicy;

  @ApiPropertyOptional({ enum: PDF_EMBEDDED_FILE_POLICIES })
  @IsOptional()
  @IsIn(PDF_EMBEDDED_FILE_POLICIES)
  pdfEmbeddedFiles?: PdfEmbeddedFilePolicy;
}
