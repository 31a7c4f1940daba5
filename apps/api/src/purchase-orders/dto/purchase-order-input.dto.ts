import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common';
import {
  CONFIRMATION_KINDS,
  CONFIRMATION_STATES,
  ConfirmationState,
} from '../entities/delivery-confirmation.entity';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class KingdeeSupplierInputDto {
  @ApiProperty({ example: 'VEN00101', description: "Kingdee's supplier number (FSupplierId.FNumber)" })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may contain letters, digits, dot, dash and underscore only' })
  supplierNumber: string;
}

export class PurchaseOrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['open', 'all'],
    default: 'open',
    description: 'open: approved, not closed or cancelled',
  })
  @IsOptional()
  @IsIn(['open', 'all'])
  status?: 'open' | 'all';

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    description: 'Orders with an open line due within N days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: 'Orders with an open line past its delivery date' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

export class DeliveryScheduleQueryDto {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'First day (default: today)' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 26, default: 8 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(26)
  weeks?: number;
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

export class DeliveryConfirmationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @ApiPropertyOptional({ enum: CONFIRMATION_STATES })
  @IsOptional()
  @IsIn(CONFIRMATION_STATES)
  state?: ConfirmationState;
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

export class RefreshResultDto {
  @ApiProperty() orders: number;
  @ApiProperty() lines: number;
  @ApiProperty({ description: 'Differences to what Portico kept, each shown to the supplier' })
  changes: number;
}
