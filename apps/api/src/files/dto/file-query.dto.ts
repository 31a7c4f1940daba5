import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { LargePageQueryDto } from '../../common';
import { trim } from './file-input.dto';

export class FileQueryDto extends LargePageQueryDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    example: 'bracket',
    description: 'Text search: part of the title or document number, any case',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  q?: string;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({
    enum: ['attachment', 'inline'],
    default: 'attachment',
    description: 'inline only for PDF and images',
  })
  @IsOptional()
  @IsIn(['attachment', 'inline'])
  disposition?: 'attachment' | 'inline';

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The transmittal the revision is handed out as part of (it must list the revision): a watermarked ' +
      'copy shows its number, e.g. `ACME-T-0001 · Rev C`, instead of the revision alone',
  })
  @IsOptional()
  @IsUUID()
  transmittal?: string;
}
