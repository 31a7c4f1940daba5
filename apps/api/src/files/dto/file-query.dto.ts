import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
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
}
