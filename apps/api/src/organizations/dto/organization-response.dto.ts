import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@portico/auth';
import type { Role } from '@portico/auth';
import type { Invitation } from '../entities/invitation.entity';
import type { Organization } from '../entities/organization.entity';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['internal', 'supplier'] }) kind: 'internal' | 'supplier';
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty() requireMfa: boolean;
  @ApiProperty() createdAt: Date;
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] }) items: OrganizationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() expiresAt: Date;
}

export function toOrganizationDto(org: Organization): OrganizationDto {
  return {
    id: org.id,
    name: org.name,
    kind: org.kind,
    status: org.status,
    requireMfa: org.requireMfa,
    createdAt: org.createdAt,
  };
}

export function toInvitationDto(invitation: Invitation): InvitationDto {
  const { id, orgId, userId, email, role, expiresAt } = invitation;
  return { id, orgId, userId, email, role, expiresAt };
}
