import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '@portico/auth';
import type { Role } from '@portico/auth';
import type { Organization } from '../entities/organization.entity';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['internal', 'supplier'] }) kind: 'internal' | 'supplier';
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty() requireMfa: boolean;
  @ApiProperty() createdAt: Date;

  static of(org: Organization): OrganizationDto {
    return {
      id: org.id,
      name: org.name,
      kind: org.kind,
      status: org.status,
      requireMfa: org.requireMfa,
      createdAt: org.createdAt,
    };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] }) items: OrganizationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

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

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() expiresAt: Date;
}
