import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { trim } from './file-input.dto';

export class FileQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

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
