import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { SEVERITIES, Severity } from '../entities/defect.entity';
import { VISIBILITIES, Visibility } from '../entities/comment.entity';

export class CreateCommentDto {
  @ApiProperty({ example: 'Rev C fixes the hole pattern; please confirm.', maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  @ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (v) => typeof v === 'string' && v.trim().length > 0,
      defaultMessage: () => 'must not be blank',
    },
  })
  body: string;

  @ApiPropertyOptional({
    enum: VISIBILITIES,
    default: 'public',
    description: 'internal: never shown to suppliers (internal users only)',
  })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class CreateDefectDto {
  @ApiProperty({ example: 'Drawing D-102 rev C: hole pattern off by 2 mm', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  @ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (v) => typeof v === 'string' && v.trim().length > 0,
      defaultMessage: () => 'must not be blank',
    },
  })
  title: string;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  description: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  stepsToReproduce?: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiPropertyOptional({ format: 'uuid', description: 'A shared item of the same workspace' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An available file revision of the same workspace the report is about',
  })
  @IsOptional()
  @IsUUID()
  fileRevisionId?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Available file revisions uploaded as attachments (max 20, each at most once)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'must not list the same revision twice' })
  @IsUUID(undefined, { each: true })
  attachmentRevisionIds?: string[];
}
