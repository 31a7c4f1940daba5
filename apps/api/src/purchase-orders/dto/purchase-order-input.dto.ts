import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { CONFIRMATION_KINDS } from '../entities/delivery-confirmation.entity';

/** `YYYY-MM-DD` */
export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class KingdeeSupplierInputDto {
  @ApiProperty({ example: 'VEN00101', description: "Kingdee's supplier number (FSupplierId.FNumber)" })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may contain letters, digits, dot, dash and underscore only' })
  supplierNumber: string;
}

export class CreateDeliveryConfirmationDto {
  @ApiProperty({
    enum: CONFIRMATION_KINDS,
    description: 'confirm: the current date holds; propose: another date',
  })
  @IsIn(CONFIRMATION_KINDS)
  kind: 'confirm' | 'propose';

  @ApiPropertyOptional({ example: '2027-01-12', description: 'Required when proposing' })
  @ValidateIf((dto: CreateDeliveryConfirmationDto) => dto.kind === 'propose' || dto.date !== undefined)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when proposing another date' })
  @ValidateIf((dto: CreateDeliveryConfirmationDto) => dto.kind === 'propose' || dto.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class DecideDeliveryConfirmationDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when rejecting' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class PurchaseOrderItemsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description: 'Shared items of the same workspace',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  itemIds: string[];
}
