import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { TRANSMITTAL_PURPOSES, TransmittalPurpose } from '../entities/transmittal.entity';

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MAX_CONTENTS = 200;
export const SUPPLIER_STATES = [
  'unread',
  'awaiting_response',
  'overdue',
  'answered',
  'acknowledged',
] as const;
export type SupplierState = (typeof SUPPLIER_STATES)[number];

/** `{ itemId, version }` (a published item version) or `{ fileId, revisionSeq }` (an available file revision). */
export class TransmittalContentInputDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o: TransmittalContentInputDto) => o.fileId === undefined || o.itemId !== undefined)
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'A published version number of itemId' })
  @ValidateIf((o: TransmittalContentInputDto) => o.itemId !== undefined)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o: TransmittalContentInputDto) => o.itemId === undefined)
  @IsUUID()
  fileId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'An available revision of fileId' })
  @ValidateIf((o: TransmittalContentInputDto) => o.itemId === undefined)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  revisionSeq?: number;
}

class TransmittalFieldsDto {
  @ApiPropertyOptional({ maxLength: 10000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  message?: string | null;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true, type: String })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  dueDate?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'An issued transmittal of the same workspace that this one replaces once issued',
  })
  @IsOptional()
  @IsUUID()
  supersedesId?: string | null;
}

export class CreateTransmittalDto extends TransmittalFieldsDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'must not be blank' })
  subject: string;

  @ApiProperty({ enum: TRANSMITTAL_PURPOSES })
  @IsIn(TRANSMITTAL_PURPOSES)
  purpose: TransmittalPurpose;

  @ApiProperty({ type: [TransmittalContentInputDto], maxItems: MAX_CONTENTS })
  @IsArray()
  @ArrayMaxSize(MAX_CONTENTS)
  @ValidateNested({ each: true })
  @Type(() => TransmittalContentInputDto)
  contents: TransmittalContentInputDto[];
}

/** Every field optional; only drafts change. */
export class UpdateTransmittalDto extends TransmittalFieldsDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'must not be blank' })
  subject?: string;

  @ApiPropertyOptional({ enum: TRANSMITTAL_PURPOSES })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TRANSMITTAL_PURPOSES)
  purpose?: TransmittalPurpose;

  @ApiPropertyOptional({ type: [TransmittalContentInputDto], maxItems: MAX_CONTENTS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_CONTENTS)
  @ValidateNested({ each: true })
  @Type(() => TransmittalContentInputDto)
  contents?: TransmittalContentInputDto[];
}

export class ContentReceiptDto {
  @ApiProperty({ enum: ['downloaded', 'previewed'] })
  @IsIn(['downloaded', 'previewed'])
  action: 'downloaded' | 'previewed';
}

export class RespondersDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 100,
    description: 'Members of the supplier organisation allowed to submit the response',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class ContentResponseInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  contentId: string;

  @ApiProperty({ example: 'A', description: "One of the workspace's review codes" })
  @IsString()
  @Length(1, 16)
  code: string;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string | null;
}

export class TransmittalResponseInputDto {
  @ApiProperty({ type: [ContentResponseInputDto], description: 'One entry per content of the transmittal' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTENTS)
  @ValidateNested({ each: true })
  @Type(() => ContentResponseInputDto)
  contents: ContentResponseInputDto[];
}

export class ReviewCodeDto {
  @ApiProperty({ example: 'A', maxLength: 16 })
  @IsString()
  @Length(1, 16)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may contain letters, digits, dot, dash and underscore only' })
  code: string;

  @ApiProperty({ example: 'Approved', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  label: string;
}

export class PurposeLabelsDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  for_information?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  for_review?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  for_approval?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  for_manufacture?: string;
}

export class TransmittalSettingsInputDto {
  @ApiPropertyOptional({ type: PurposeLabelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PurposeLabelsDto)
  purposeLabels?: PurposeLabelsDto;

  @ApiPropertyOptional({ type: [ReviewCodeDto], minItems: 1, maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReviewCodeDto)
  reviewCodes?: ReviewCodeDto[];

  @ApiPropertyOptional({ example: 'ACME', maxLength: 16, description: 'Prefix of new transmittal numbers' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, { message: 'must be 1-16 capital letters, digits or dashes' })
  code?: string;
}
