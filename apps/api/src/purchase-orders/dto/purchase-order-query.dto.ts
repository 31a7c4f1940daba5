import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common';
import { DATE } from './purchase-order-input.dto';
import { CONFIRMATION_STATES, ConfirmationState } from '../entities/delivery-confirmation.entity';

export class PurchaseOrderQueryDto extends PageQueryDto {
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

export class DeliveryConfirmationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @ApiPropertyOptional({ enum: CONFIRMATION_STATES })
  @IsOptional()
  @IsIn(CONFIRMATION_STATES)
  state?: ConfirmationState;
}
