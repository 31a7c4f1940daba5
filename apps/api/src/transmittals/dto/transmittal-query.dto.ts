import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common';
import { TRANSMITTAL_STATUSES } from '../entities/transmittal.entity';
import { SUPPLIER_STATES, type SupplierState } from './transmittal-input.dto';

export class WorkspaceTransmittalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TRANSMITTAL_STATUSES })
  @IsOptional()
  @IsIn(TRANSMITTAL_STATUSES)
  status?: (typeof TRANSMITTAL_STATUSES)[number];
}

export class SupplierTransmittalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SUPPLIER_STATES })
  @IsOptional()
  @IsIn(SUPPLIER_STATES)
  state?: SupplierState;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;
}
