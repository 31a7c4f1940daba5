import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE, SHA256_BASE64 } from '../../storage';

/** Trims a string query or body value; anything else passes through. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateFileDto {
  @ApiProperty({ example: 'D-102', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber: string;

  @ApiProperty({ example: 'Bracket, left, welded assembly', maxLength: 300 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A shared item of the same workspace this drawing belongs to',
  })
  @IsOptional()
  @IsUUID()
  linkedItemId?: string;
}

export class StartRevisionDto {
  @ApiProperty({
    example: 'D-102 bracket.step',
    description: 'Sanitised before use; the extension must be allowed',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  fileName: string;

  @ApiProperty({ example: 40_000_000, description: 'Exact size in bytes; verified after upload' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  size: number;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'Hex SHA-256 of the whole file; verified after upload',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256: string;

  @ApiPropertyOptional({
    description: 'Ignored for storage: the type is derived from the extension',
    example: 'model/step',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contentType?: string;

  @ApiPropertyOptional({
    example: 8_388_608,
    minimum: MIN_PART_SIZE,
    maximum: MAX_PART_SIZE,
    description:
      'The part size partChecksums were computed with; default: the server’s choice (8 MiB, more for files ' +
      'that would need over 10 000 parts)',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_PART_SIZE)
  @Max(MAX_PART_SIZE)
  partSize?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
    description:
      'Base64 SHA-256 of each part, in part order. Each part URL then requires its checksum header and the ' +
      'storage refuses a part whose bytes do not match; the upload is completed with the composite checksum.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS)
  @IsString({ each: true })
  @Matches(SHA256_BASE64, { each: true, message: 'each part checksum must be a base64 SHA-256 digest' })
  partChecksums?: string[];

  @ApiPropertyOptional({ example: 'C', description: 'Revision label; A, B, C… when omitted' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/, {
    message: 'label must be 1-20 letters, digits, dots, dashes or underscores',
  })
  label?: string;
}

export class UploadedPartDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_PARTS)
  partNumber: number;

  @ApiProperty({
    example: '"9b2cf535f27731c974343645a3985328"',
    description: 'The ETag header the storage returned for the part',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  etag: string;
}

export class CompleteRevisionDto {
  @ApiProperty({ type: [UploadedPartDto] })
  @ValidateNested({ each: true })
  @Type(() => UploadedPartDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS)
  parts: UploadedPartDto[];
}

export class PartUrlsDto {
  @ApiPropertyOptional({
    type: [Number],
    description: 'Parts to get fresh URLs for; default: every part the storage does not hold yet',
  })
  @IsOptional()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_PARTS, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS)
  partNumbers?: number[];
}

export class ReviewRevisionDto {
  @ApiProperty({ enum: ['approved', 'changes_requested'] })
  @IsIn(['approved', 'changes_requested'])
  reviewState: 'approved' | 'changes_requested';

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when requesting changes' })
  @ValidateIf((o: ReviewRevisionDto) => o.reviewState === 'changes_requested' || o.note !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;
}
