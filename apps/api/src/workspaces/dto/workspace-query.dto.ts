import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

export class WorkspaceQueryDto {
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

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
