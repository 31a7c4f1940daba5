import { ApiProperty } from '@nestjs/swagger';
import type { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorOrgId: string | null;
  @ApiProperty({ type: String, nullable: true }) orgId: string | null;
  @ApiProperty({ type: String, nullable: true }) workspaceId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true }) resourceType: string | null;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toAuditEventDto(e: AuditEvent): AuditEventDto {
  const { seq: _seq, ...rest } = e;
  return rest;
}
