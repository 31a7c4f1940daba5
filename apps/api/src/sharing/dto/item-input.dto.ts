import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
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
