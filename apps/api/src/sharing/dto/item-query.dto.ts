import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common';
import { SOURCE_TYPES, SourceType } from '../entities/shared-item.entity';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

export class ItemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_TYPES })
  @IsOptional()
  @IsIn(SOURCE_TYPES)
  type?: SourceType;

  @ApiPropertyOptional({ description: 'Supplier-facing status', example: 'In progress' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only items published at or after this moment' })
  @IsOptional()
  @IsDateString({ strict: true })
  updatedSince?: string;

  @ApiPropertyOptional({ description: 'Text search in titles' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({
    description: 'true: only items with versions the caller has not opened yet ("new since your last visit")',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  unseen?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['published', 'dueDate'],
    default: 'published',
    description: 'published: newest publication first; dueDate: earliest shared due date first, undated last',
  })
  @IsOptional()
  @IsIn(['published', 'dueDate'])
  sort?: 'published' | 'dueDate';

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 366,
    description: 'Only items whose shared due date is today or within this many days',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: 'true: only items whose shared due date has passed' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

export class DiffQueryDto {
  @ApiProperty({ minimum: 1 })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty({ minimum: 1 })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  to: number;
}

/** A page of a source (Jira search, Feishu folder): the cursor is the source's own page token. */
export class SourceQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: "The source's own page token" })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  cursor?: string;
}

export class JiraSourceQueryDto extends SourceQueryDto {
  @ApiPropertyOptional({
    example: 'status = "In Progress"',
    description: 'AND-ed inside the workspace scope',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jql?: string;
}

export class AttachmentDownloadQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The transmittal the attachment is handed out as part of (it must list the item at `version`): a ' +
      'watermarked copy shows its number, e.g. `ACME-T-0001 · Rev v3`, instead of the version alone',
  })
  @IsOptional()
  @IsUUID()
  transmittal?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description:
      "The published version whose attachment this is (default: the latest). An earlier version's attachments " +
      'are handed out only with a `transmittal` that lists that version',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  version?: number;
}
