import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

export class WhatChangedQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @ValidateBy({
    name: 'limit',
    validator: {
      validate: (v) => Number.isInteger(v) && v >= 1 && v <= 100,
      defaultMessage: () => 'must be an integer from 1 to 100',
    },
  })
  limit?: number;
}
