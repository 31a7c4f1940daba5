import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RedactionRuleDto } from '../../workspaces';
import { SOURCE_TYPES, SourceType } from '../entities/shared-item.entity';

export class AddItemDto {
  @ApiProperty({ enum: SOURCE_TYPES })
  @IsIn(SOURCE_TYPES)
  sourceType: SourceType;

  @ApiProperty({ example: 'HW-1', description: 'Jira issue key, or Feishu document id' })
  @IsString()
  @Length(1, 255)
  sourceRef: string;

  @ApiPropertyOptional({
    example: ['summary', 'status', 'dueDate'],
    description: 'Field allowlist; defaults to the workspace default',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  fields?: string[];

  @ApiPropertyOptional({ type: [RedactionRuleDto], description: 'Applied after the workspace rules' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RedactionRuleDto)
  redactionRules?: RedactionRuleDto[];
}

export class UpdateItemDto {
  @ApiPropertyOptional({ example: ['summary', 'status', 'dueDate', 'description'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  fields?: string[];

  @ApiPropertyOptional({ type: [RedactionRuleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RedactionRuleDto)
  redactionRules?: RedactionRuleDto[];
}

export class PublishDto {
  @ApiPropertyOptional({ example: 'Tolerances tightened after the design review', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ItemListQueryDto extends PageQueryDto {
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

export class SourcePageQueryDto {
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

export class SourceQueryDto extends SourcePageQueryDto {
  @ApiPropertyOptional({
    example: 'status = "In Progress"',
    description: 'AND-ed inside the workspace scope',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jql?: string;
}
