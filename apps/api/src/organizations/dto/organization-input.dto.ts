import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '@portico/auth';
import type { Role } from '@portico/auth';

/** Creates a supplier organisation (the internal one exists from the start). */
export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme Precision Parts', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    description: 'Disabling locks out every member at once',
  })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ description: 'Members must use TOTP (admins only)' })
  @IsOptional()
  @IsBoolean()
  requireMfa?: boolean;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'ana@acme.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ROLES, example: 'supplier_admin' })
  @IsIn(ROLES)
  role: Role;
}
